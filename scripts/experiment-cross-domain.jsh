// Issue 22 control, continued: the rmset-labels experiment (figures/experiments/rmset-labels) trained the baseline on
// 20 RMset crops per class with their TRUE labels and found it transfers less to SynthFER's test faces than 20 SynthFER
// faces per class do. Which way does the gap run? Here every model of that experiment (5 seeds x {SynthFER faces, RMset
// crops}) is evaluated on two test sets: SynthFER's test split (100 people), and held-out RMset crops (the 2 held-out
// videos no run trains on, 24 people) labelled with their true expression, 100 per class. If SynthFER-trained models
// read the crops' expressions about as well as SynthFER faces, the crops carry the expression the test needs and what
// fails is learning from them; if they do not, the two domains differ for a classifier.
// Run after scripts/experiment-rmset-labels.jsh: ./rmfer jshell scripts/experiment-cross-domain.jsh
// Result: figures/experiments/cross-domain/ (table-runs.csv and its README).
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;
var base = LabPlans.standard();
var world = LabWorld.make(base.world(), Path.of("runs/lab/data-seed-7"), System.out::println);
Path heldOut = Path.of("runs/lab/data-seed-7/rmset-held-out");
var index = RmsetIndex.read(heldOut);
var truths = new HashMap<String, Map<Integer, List<SynthMashup.Truth>>>();
var byExpr = new TreeMap<Expression, List<RmsetIndex.Row>>();
for (var r : index.rows()) {
    var tb = truths.computeIfAbsent(r.video(), v -> SynthMashup.readTruth(Path.of("runs/lab/data-seed-7/videos-held-out/" + v + ".truth.csv")));
    var d = new Detection(r.x(), r.y(), r.w(), r.h(), 0);
    double best = 0.3; Expression e = null;
    for (var t : tb.getOrDefault(r.frame() * r.every(), List.of())) { double iou = d.iou(t.x(), t.y(), t.w(), t.h()); if (iou > best) { best = iou; e = t.expression(); } }
    if (e != null) byExpr.computeIfAbsent(e, k -> new ArrayList<>()).add(r);
}
byExpr.forEach((e, rows) -> System.out.println("held-out RMset crops of true " + e + ": " + rows.size()));
var rnd = new Random(11);
byExpr.values().forEach(l -> Collections.shuffle(l, rnd));
Path root = Path.of("runs/lab/cross-domain-d7");
if (!Files.isRegularFile(root.resolve("manifest.json"))) {
    Path tmp = Path.of("runs/lab/.cross-domain-d7.partial");
    AtomicFiles.deleteTree(tmp);
    try (var s = Files.walk(world.labelled())) { for (Path p : s.toList()) { Path t = tmp.resolve(world.labelled().relativize(p).toString()); if (Files.isDirectory(p)) Files.createDirectories(t); else Files.copy(p, t); } }
    var next = new HashMap<Expression, Integer>();
    int replaced = 0, reused = 0;
    for (String line : Files.readAllLines(tmp.resolve("EmoLabel/list_patition_label.txt"))) {
        String[] f = line.trim().split(" ");
        if (!f[0].startsWith("test_")) continue;
        Expression e = ClassOrder.RAFDB.at(Integer.parseInt(f[1]) - ClassOrder.RAFDB.firstCode());
        int k = next.merge(e, 1, Integer::sum) - 1;
        var rows = byExpr.get(e);
        if (k >= rows.size()) reused++;
        var crop = ImageIO.read(heldOut.resolve(rows.get(k % rows.size()).filePath()).toFile());
        var out = new BufferedImage(48, 48, BufferedImage.TYPE_3BYTE_BGR);
        var g = out.createGraphics(); g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR); g.drawImage(crop, 0, 0, 48, 48, null); g.dispose();
        ImageIO.write(out, "jpg", tmp.resolve("Image/aligned/" + f[0].replace(".jpg", "_aligned.jpg")).toFile());
        replaced++;
    }
    Files.move(tmp, root);
    System.out.println("test split: " + replaced + " SynthFER faces replaced by held-out RMset crops of the same true expression (" + reused + " crops used twice)");
}
double evaluate(Path run, Path dataRoot) {
    var rd = new RunDirectory(run);
    var c = rd.readConfig();
    FaceDataset data = Datasets.load(Manifests.resolve(dataRoot.resolve("manifest.json").toString()), dataRoot, c.data().testSplit(), new Datasets.Options(c.data().classes(), null, null, null), ProblemSink.failFast());
    var loaded = ModelFiles.read(rd.last());
    try (RmferModel m = RmferModel.from(loaded, Engine.TORCH, rd.last().toString())) {
        var pre = Preprocessor.forDataset(data.manifest(), m.config().inputSize(), false);
        return 100 * Evaluator.evaluate(m, data, pre, c.schedule().evalBatch(), false, s -> {}).classAverageAccuracy();
    }
}
var lines = new ArrayList<String>();
for (long seed = 1; seed <= 5; seed++) {
    for (var variant : List.of("synthfer", "rmset-crops")) {
        Path run = Path.of("runs/lab/runs/lab-labels-" + variant + "-s" + seed);
        double onSynth = evaluate(run, world.labelled());
        double onCrops = evaluate(run, root);
        String line = String.format(Locale.ROOT, "%s,%d,%.2f,%.2f", variant, seed, onSynth, onCrops);
        System.out.println("RESULT " + line);
        lines.add(line);
    }
}
Files.createDirectories(Path.of("figures/experiments/cross-domain"));
AtomicFiles.writeString(Path.of("figures/experiments/cross-domain/table-runs.csv"), "trained_on,seed,test_synthfer_class_avg,test_heldout_rmset_crops_class_avg\n" + String.join("\n", lines) + "\n");
System.out.println("DONE");
/exit
