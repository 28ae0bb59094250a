// Issue 22: which RMset crops do classifiers fail on? figures/experiments/cross-domain found that models trained on 20
// SynthFER faces per class read held-out RMset crops 8.9 points worse than SynthFER's test faces. Here those five models
// (scripts/experiment-rmset-labels.jsh, seeds 1-5) classify every held-out RMset crop whose true face is known, and their
// accuracy is broken down by what the ground truth records per crop: true expression, reaction intensity, occlusion,
// and the detector box's size against the true face box (its jitter); SynthFER's 700 test faces, classified by the same
// models and broken down by expression and intensity in the same way, are the reference at matched intensity.
// Run: ./rmfer jshell scripts/experiment-crop-difficulty.jsh   Result: figures/experiments/cross-domain/table-difficulty.csv
import javax.imageio.ImageIO;
Path d = Path.of("runs/lab/data-seed-7");
Path heldOut = d.resolve("rmset-held-out");
var index = RmsetIndex.read(heldOut);
var truths = new HashMap<String, Map<Integer, List<SynthMashup.Truth>>>();
record Crop(String set, Path image, Expression expression, double intensity, boolean occluded, double widthRatio) {}
var crops = new ArrayList<Crop>();
for (var r : index.rows()) {
    var tb = truths.computeIfAbsent(r.video(), v -> SynthMashup.readTruth(d.resolve("videos-held-out/" + v + ".truth.csv")));
    var det = new Detection(r.x(), r.y(), r.w(), r.h(), 0);
    double best = 0.3; SynthMashup.Truth bt = null;
    for (var t : tb.getOrDefault(r.frame() * r.every(), List.of())) { double iou = det.iou(t.x(), t.y(), t.w(), t.h()); if (iou > best) { best = iou; bt = t; } }
    if (bt != null) crops.add(new Crop("heldout_rmset_crops", heldOut.resolve(r.filePath()), bt.expression(), bt.intensity(), bt.occluded(), r.w() / (double) bt.w()));
}
for (String line : Files.readAllLines(d.resolve("synthfer/synth-truth.csv")).subList(1, Files.readAllLines(d.resolve("synthfer/synth-truth.csv")).size())) {
    String[] f = line.split(",");
    if (!f[0].equals("test")) continue;
    crops.add(new Crop("synthfer_test", d.resolve("synthfer/Image/aligned/" + f[1].replace(".jpg", "_aligned.jpg")), Expression.valueOf(f[4]), Double.parseDouble(f[6]), false, Double.NaN));
}
System.out.println(crops.size() + " images: held-out crops with a true face and SynthFER test faces");
var manifest = Manifests.resolve(d.resolve("synthfer/manifest.json").toString());
// per crop: how many of the five models classify it right
int[] right = new int[crops.size()];
int models = 0;
for (long seed = 1; seed <= 5; seed++) {
    var rd = new RunDirectory(Path.of("runs/lab/runs/lab-labels-synthfer-s" + seed));
    try (RmferModel m = RmferModel.from(ModelFiles.read(rd.last()), Engine.TORCH, rd.last().toString())) {
        var pre = Preprocessor.forDataset(manifest, m.config().inputSize(), false);
        for (int i = 0; i < crops.size(); i++) {
            var img = ImageIO.read(crops.get(i).image().toFile());
            if (Evaluator.classify(m, img, pre).expression() == crops.get(i).expression()) right[i]++;
        }
    }
    models++;
    System.out.println("model of seed " + seed + " done");
}
var out = new StringBuilder("test_set,factor,level,images,accuracy\n");
void group(String factor, java.util.function.Function<Crop, String> level, int models0, StringBuilder sb) {
    var n = new TreeMap<String, int[]>();
    for (int i = 0; i < crops.size(); i++) { var a = n.computeIfAbsent(crops.get(i).set() + "," + factor + "," + level.apply(crops.get(i)), k -> new int[2]); a[0]++; a[1] += right[i]; }
    n.forEach((k, a) -> { String line = String.format(Locale.ROOT, "%s,%d,%.2f", k, a[0], 100.0 * a[1] / (a[0] * models0)); System.out.println(line); sb.append(line).append('\n'); });
}
final int M = models;
group("all", c -> "all", M, out);
group("expression", c -> c.expression().name().toLowerCase(Locale.ROOT), M, out);
group("intensity", c -> c.expression() == Expression.NEUTRAL ? "neutral" : c.intensity() < 0.25 ? "expressive <0.25" : c.intensity() < 0.5 ? "expressive 0.25-0.5" : c.intensity() < 0.75 ? "expressive 0.5-0.75" : "expressive >=0.75", M, out);
group("occluded", c -> "" + c.occluded(), M, out);
group("box_width_ratio", c -> Double.isNaN(c.widthRatio()) ? "fixed framing" : c.widthRatio() < 1.22 ? "<1.22" : c.widthRatio() < 1.37 ? "1.22-1.37" : ">=1.37", M, out);
Files.createDirectories(Path.of("figures/experiments/cross-domain"));
AtomicFiles.writeString(Path.of("figures/experiments/cross-domain/table-difficulty.csv"), out.toString());
System.out.println("DONE");
/exit
