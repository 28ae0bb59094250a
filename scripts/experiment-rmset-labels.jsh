// Issue 22 control: does the RMset's domain teach the test task? Even ACL with ground-truth positives and negatives
// (the oracle) does not beat w/o ACL in the lab, while 100 SynthFER labels per class instead of 20 add ~30 points. If
// RMset crops carried the expression as SynthFER faces do, 20 crops per class labelled with their TRUE expression
// should train the baseline about as well as 20 SynthFER faces per class. Here the labelled pool's images are replaced
// by RMset crops of the same true expression (same file names, labels, counts, validation drawn from them); the test
// split stays SynthFER's. Baseline arm (L_FER, both phases), seeds 1-3, 20 labels per class, standard world.
// Run: SEEDS=1,2,3,4,5 ./rmfer jshell scripts/experiment-rmset-labels.jsh (SEEDS: training seeds, default 1,2)   Result: figures/experiments/rmset-labels/ (see its README).
// PER_CLASS=100 trains on 100 labelled images per class instead of 20 (the "more labels" setting; runs and table get
// the count in their names): do many crops with true labels teach the test task as many SynthFER faces do?
import java.awt.image.BufferedImage;
import javax.imageio.ImageIO;
var base = LabPlans.standard();
int PER_CLASS = Integer.parseInt(System.getenv().getOrDefault("PER_CLASS", "20"));
String count = PER_CLASS == 20 ? "" : "-" + PER_CLASS;
var seedList = Arrays.stream(System.getenv().getOrDefault("SEEDS", "1,2").split(",")).map(Long::parseLong).toList();
var world = LabWorld.make(base.world(), Path.of("runs/lab/data-seed-7"), System.out::println);
var index = RmsetIndex.read(world.rmset());
var byExpr = new TreeMap<Expression, List<RmsetIndex.Row>>();
for (var row : index.rows()) { var e = world.truth().expressionOf(row); if (e != null) byExpr.computeIfAbsent(e, k -> new ArrayList<>()).add(row); }
byExpr.forEach((e, rows) -> System.out.println("RMset crops of true " + e + ": " + rows.size()));
var rnd = new Random(7);
byExpr.values().forEach(l -> Collections.shuffle(l, rnd));
Path root = Path.of("runs/lab/rmset-labels-d7");
if (!Files.isRegularFile(root.resolve("manifest.json"))) {
    Path tmp = Path.of("runs/lab/.rmset-labels-d7.partial");
    AtomicFiles.deleteTree(tmp);
    try (var s = Files.walk(world.labelled())) { for (Path p : s.toList()) { Path t = tmp.resolve(world.labelled().relativize(p).toString()); if (Files.isDirectory(p)) Files.createDirectories(t); else Files.copy(p, t); } }
    var next = new HashMap<Expression, Integer>();
    int replaced = 0;
    for (String line : Files.readAllLines(tmp.resolve("EmoLabel/list_patition_label.txt"))) {
        String[] f = line.trim().split(" ");
        if (!f[0].startsWith("train_")) continue;
        Expression e = ClassOrder.RAFDB.at(Integer.parseInt(f[1]) - ClassOrder.RAFDB.firstCode());
        int k = next.merge(e, 1, Integer::sum) - 1;
        var rows = byExpr.get(e);
        var crop = ImageIO.read(world.rmset().resolve(rows.get(k % rows.size()).filePath()).toFile());
        var out = new BufferedImage(48, 48, BufferedImage.TYPE_3BYTE_BGR);
        var g = out.createGraphics(); g.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR); g.drawImage(crop, 0, 0, 48, 48, null); g.dispose();
        ImageIO.write(out, "jpg", tmp.resolve("Image/aligned/" + f[0].replace(".jpg", "_aligned.jpg")).toFile());
        replaced++;
    }
    Files.move(tmp, root);
    System.out.println("replaced " + replaced + " labelled-pool images by RMset crops of the same true expression");
}
var results = new ArrayList<String>();
// seed-major order, so that a cut run still has paired seeds (finished runs are skipped when the script runs again)
for (long seed : seedList) {
    for (var variant : List.of("synthfer", "rmset-crops")) {
    Path r = variant.equals("synthfer") ? world.labelled() : root;
        String pre = "lab-labels-" + variant + count + "-s" + seed;
        var b1 = Arm.phase1(Arm.Start.FER, base.phase1().copy().setDataset(r.resolve("manifest.json").toString()).setDatasetRoot(r).optRmset(world.rmset()).optSeed(seed).optLabelledPerClass(PER_CLASS), base.moreLabelsPerClass()).optName(pre + "-p1");
        var p1 = Trainer.builder().setConfig(b1.build()).setRunDir(Path.of("runs/lab/runs").resolve(pre + "-p1")).optProgress(s -> {}).build().run();
        var b2 = Arm.BASELINE.phase2(base.phase2().copy().setDataset(r.resolve("manifest.json").toString()).setDatasetRoot(r).optRmset(world.rmset()).optSeed(seed).optLabelledPerClass(PER_CLASS), base.moreLabelsPerClass()).optInitWeights(p1.run().best()).optName(pre);
        var p2 = Trainer.builder().setConfig(b2.build()).setRunDir(Path.of("runs/lab/runs").resolve(pre)).optProgress(s -> {}).build().run();
        String line = String.format(Locale.ROOT, "%s,%d,%.2f,%.2f,%.2f", variant, seed, 100 * p2.finalEval().accuracy(), 100 * p2.finalEval().classAverageAccuracy(), 100 * p1.bestAccuracy());
        System.out.println("RESULT " + line);
        results.add(line);
    }
}
Files.createDirectories(Path.of("figures/experiments/rmset-labels"));
AtomicFiles.writeString(Path.of("figures/experiments/rmset-labels/table-runs" + count + ".csv"), "labelled_images,seed,test_acc,test_class_avg,phase1_best_validation\n" + String.join("\n", results) + "\n");
System.out.println("DONE");
/exit
