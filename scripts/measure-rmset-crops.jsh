// Issue 22 measurements behind figures/experiments/cross-domain/README.md: the true reaction intensity of the lab RMset's
// expressive crops, sharpness at 48 px (Laplacian variance, mean |dx|) of SynthFER faces and RMset crops, and the detector
// box against the true face box. Run: ./rmfer jshell scripts/measure-rmset-crops.jsh (after ./rmfer demo has made the world)
var world = LabWorld.make(LabPlans.standard().world(), Path.of("runs/lab/data-seed-7"), System.out::println);
var index = RmsetIndex.read(world.rmset());
var truths = new HashMap<String, Map<Integer, List<SynthMashup.Truth>>>();
int[] hist = new int[11]; int neutral = 0, none = 0, total = 0;
double sum = 0; int nn = 0;
for (var r : index.rows()) {
  var tb = truths.computeIfAbsent(r.video(), v -> SynthMashup.readTruth(Path.of("runs/lab/data-seed-7/videos/" + v + ".truth.csv")));
  var d = new Detection(r.x(), r.y(), r.w(), r.h(), 0);
  double best = 0.3; SynthMashup.Truth bt = null;
  for (var t : tb.getOrDefault(r.frame() * r.every(), List.of())) { double iou = d.iou(t.x(), t.y(), t.w(), t.h()); if (iou > best) { best = iou; bt = t; } }
  total++;
  if (bt == null) { none++; continue; }
  if (bt.expression() == Expression.NEUTRAL) { neutral++; continue; }
  hist[(int) Math.min(10, Math.floor(bt.intensity() * 10))]++; sum += bt.intensity(); nn++;
}
System.out.println("total " + total + " unmatched " + none + " neutral " + neutral + " expressive " + nn + " mean intensity " + sum / nn);
for (int i = 0; i < 11; i++) System.out.println(String.format("[%.1f,%.1f) %d", i / 10.0, (i + 1) / 10.0, hist[i]));
import java.awt.image.BufferedImage;
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;
double[] lap(BufferedImage src) {
  var g = new BufferedImage(48, 48, BufferedImage.TYPE_BYTE_GRAY);
  var gr = g.createGraphics(); gr.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR); gr.drawImage(src, 0, 0, 48, 48, null); gr.dispose();
  var r = g.getRaster(); double s = 0, s2 = 0; int n = 0; double gs = 0;
  for (int y = 1; y < 47; y++) for (int x = 1; x < 47; x++) {
    double l = 4 * r.getSample(x, y, 0) - r.getSample(x - 1, y, 0) - r.getSample(x + 1, y, 0) - r.getSample(x, y - 1, 0) - r.getSample(x, y + 1, 0);
    s += l; s2 += l * l; n++; gs += Math.abs(r.getSample(x + 1, y, 0) - r.getSample(x, y, 0));
  }
  return new double[] {s2 / n - (s / n) * (s / n), gs / n};
}
void stats(String name, List<Path> files) {
  double a = 0, b = 0, a2 = 0; int n = 0;
  for (Path p : files) { try { var v = lap(ImageIO.read(p.toFile())); a += v[0]; a2 += v[0]*v[0]; b += v[1]; n++; } catch (Exception e) { throw new RuntimeException(e); } }
  System.out.printf("%s: n=%d laplacian var %.1f (sd %.1f), mean |dx| %.2f%n", name, n, a / n, Math.sqrt(a2 / n - (a / n) * (a / n)), b / n);
}
Path d = Path.of("runs/lab/data-seed-7");
List<Path> syn;
try (var s = Files.list(d.resolve("synthfer/Image/aligned"))) { syn = s.sorted().toList(); }
stats("SynthFER train", syn.stream().filter(p -> p.getFileName().toString().startsWith("train")).limit(600).toList());
stats("SynthFER test", syn.stream().filter(p -> p.getFileName().toString().startsWith("test")).limit(600).toList());
index = RmsetIndex.read(d.resolve("rmset"));
var rows = new ArrayList<>(index.rows()); Collections.shuffle(rows, new Random(1));
stats("RMset crops", rows.stream().limit(600).map(r -> d.resolve("rmset").resolve(r.filePath())).toList());
// detection box against the true box
truths = new HashMap<String, Map<Integer, List<SynthMashup.Truth>>>();
double[] sum = new double[4], sq = new double[4]; int n = 0;
for (var r : index.rows()) {
  var tb = truths.computeIfAbsent(r.video(), v -> SynthMashup.readTruth(d.resolve("videos/" + v + ".truth.csv")));
  var det = new Detection(r.x(), r.y(), r.w(), r.h(), 0);
  double best = 0.3; SynthMashup.Truth bt = null;
  for (var t : tb.getOrDefault(r.frame() * r.every(), List.of())) { double iou = det.iou(t.x(), t.y(), t.w(), t.h()); if (iou > best) { best = iou; bt = t; } }
  if (bt == null) continue;
  double[] v = {(r.x() + r.w() / 2.0 - bt.x() - bt.w() / 2.0) / bt.w(), (r.y() + r.h() / 2.0 - bt.y() - bt.h() / 2.0) / bt.h(), r.w() / (double) bt.w(), r.h() / (double) bt.h()};
  for (int i = 0; i < 4; i++) { sum[i] += v[i]; sq[i] += v[i] * v[i]; }
  n++;
}
String[] names = {"centre dx / w", "centre dy / h", "w / w_true", "h / h_true"};
for (int i = 0; i < 4; i++) System.out.printf("%s: mean %.3f sd %.3f%n", names[i], sum[i] / n, Math.sqrt(sq[i] / n - Math.pow(sum[i] / n, 2)));
/exit
