// Issue 22 hypothesis: ACL carries too little per step to teach anything, even with perfect pairs. The lab's phase 2
// draws 4 anchors per step, each with 3 kept positives and 3 kept negatives: 200 steps see 800 anchors of the RMset's
// 14,053 crops, and the ACL gradient on the backbone, though as large as L_pre's, is nearly orthogonal to it (cosine
// -0.02 to 0.08), as the gradient of a few samples' noise would be. If so, more anchors per step (ANCHORS, default 16:
// 4x the samples, the gradient's noise halved) should let the oracle (ground-truth pairs) beat w/o ACL, and RMFER move
// toward it. The opposite outcome is possible: no change at 4x the anchors says the per-step sample is not the limit.
// Everything else as the standard lab (LabPlans.standard(): λ2 = 0.1 with warm-up, 12 candidates, γ = 0.25, τ = 1,
// 200 phase-2 steps), starting from the committed lab's own phase-1 weights of each seed (runs/lab/runs/
// lab-d7-s<seed>-p1-pre), so the comparison with the lab's w/o ACL, RMFER and oracle runs is paired; read by the final
// weights and by the epoch ensemble (train.EpochEnsemble). Waits for ./rmfer demo --all's runs when it runs beside it.
// Run: ./rmfer jshell scripts/experiment-acl-batch.jsh   (ANCHORS=16 SEEDS=1,2,3,4,5 ARMS=oracle,full)
// Result: figures/experiments/acl-batch/ (table-runs-a<ANCHORS>.csv and the README).
int ANCHORS = Integer.parseInt(System.getenv().getOrDefault("ANCHORS", "16"));
var seeds = Arrays.stream(System.getenv().getOrDefault("SEEDS", "1,2,3,4,5").split(",")).map(Long::parseLong).toList();
var base = LabPlans.standard();
Path lab = Path.of("runs/lab");
Path runs = lab.resolve("runs");
var world = LabWorld.make(base.world(), lab.resolve("data-seed-7"), System.out::println);
boolean finished(Path run) { return Files.isRegularFile(run.resolve("config.json")) && new RunDirectory(run).finished(); }
void await(Path run) throws Exception { while (!finished(run)) Thread.sleep(20_000); }
String tag = "a" + ANCHORS;
var newArms = Arrays.stream(System.getenv().getOrDefault("ARMS", "oracle,full").split(",")).map(Arm::parse).toList();
for (long seed : seeds) {
    Path p1 = runs.resolve("lab-d7-s" + seed + "-p1-pre");
    await(p1);
    for (Arm arm : newArms) {
        String name = "lab-d7-s" + seed + "-" + arm.key() + "-" + tag;
        var b = arm.phase2(base.phase2().copy().setDataset(world.manifest().toString()).setDatasetRoot(world.labelled()).optRmset(world.rmset()).optSeed(seed), base.moreLabelsPerClass());
        var c = b.optAnchorsPerStep(ANCHORS).optInitWeights(p1.resolve("best.rmfer")).optName(name).build();
        long t0 = System.nanoTime();
        var r = Trainer.builder().setConfig(c).setRunDir(runs.resolve(name)).optOracle(world.truth()).optGradientNorms(25).optProgress(s -> {}).build().run();
        System.out.printf(Locale.ROOT, "RUN %s: final class-avg %.2f%%, %.0f s%n", name, 100 * r.finalEval().classAverageAccuracy(), (System.nanoTime() - t0) / 1e9);
    }
}
// the lab's own arms of the same seeds (from ./rmfer demo --all), then the paired readings
var armList = new ArrayList<>(List.of("without-acl", "full", "oracle"));
for (Arm a : newArms) armList.add(a.key() + "-" + tag);
String[] arms = armList.toArray(String[]::new);
double[][] fin = new double[arms.length][seeds.size()], ens = new double[arms.length][seeds.size()];
var lines = new ArrayList<String>();
for (int a = 0; a < arms.length; a++) {
    for (int k = 0; k < seeds.size(); k++) {
        Path run = runs.resolve("lab-d7-s" + seeds.get(k) + "-" + arms[a]);
        await(run);
        var e = EpochEnsemble.of(new RunDirectory(run));
        fin[a][k] = 100 * e.members().get(e.members().size() - 1).classAverageAccuracy();
        ens[a][k] = 100 * e.ensemble().classAverageAccuracy();
        lines.add(String.format(Locale.ROOT, "%s,%d,%.2f,%.2f", arms[a], seeds.get(k), fin[a][k], ens[a][k]));
    }
}
String ci(Interval i) { return String.format(Locale.ROOT, "%+.2f [%.2f, %.2f]", i.mean(), i.low(), i.high()); }
// each new arm against w/o ACL and against its own arm at the lab's 4 anchors; then the lab's own two comparisons
var pairList = new ArrayList<int[]>();
for (int a = 3; a < arms.length; a++) { pairList.add(new int[] {a, 0}); pairList.add(new int[] {a, armList.indexOf(newArms.get(a - 3).key())}); }
pairList.add(new int[] {2, 0}); pairList.add(new int[] {1, 0});
int[][] pairs = pairList.toArray(int[][]::new);
var paired = new ArrayList<String>();
for (int a = 0; a < arms.length; a++) System.out.printf(Locale.ROOT, "ARM %s: final %s, ensemble %s%n", arms[a], Interval.of(fin[a]).format(2), Interval.of(ens[a]).format(2));
for (int[] p : pairs) {
    Interval f = Interval.paired(fin[p[0]], fin[p[1]]), e = Interval.paired(ens[p[0]], ens[p[1]]);
    String name = arms[p[0]] + "-vs-" + arms[p[1]];
    System.out.printf(Locale.ROOT, "PAIRED %s: final %s, ensemble %s%n", name, ci(f), ci(e));
    paired.add(String.format(Locale.ROOT, "%s,%d,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f", name, seeds.size(), f.mean(), f.low(), f.high(), e.mean(), e.low(), e.high()));
}
// the balance on the backbone: mean over measured steps of ‖∇(λ2·L_ACL)‖ / ‖∇L_pre‖ and their cosine
for (String arm : armList.subList(1, armList.size())) {
    double ratio = 0, cos = 0; int n = 0;
    for (long s : seeds) { var g = new RunDirectory(runs.resolve("lab-d7-s" + s + "-" + arm)).gradients(); for (int i = 0; i < g.rowCount(); i++) { ratio += g.numberColumn("acl_to_pre").getDouble(i); cos += g.numberColumn("cosine").getDouble(i); n++; } }
    System.out.printf(Locale.ROOT, "GRADIENTS %s: acl/pre %.3f, cosine %.3f (%d measurements)%n", arm, ratio / n, cos / n, n);
}
Path out = Path.of("figures/experiments/acl-batch");
Files.createDirectories(out);
AtomicFiles.writeString(out.resolve("table-runs-" + tag + ".csv"), "arm,seed,test_class_avg_final,test_class_avg_epoch_ensemble\n" + String.join("\n", lines) + "\n");
AtomicFiles.writeString(out.resolve("table-paired-" + tag + ".csv"), "comparison,seeds,final_diff,final_low,final_high,ensemble_diff,ensemble_low,ensemble_high\n" + String.join("\n", paired) + "\n");
System.out.println("DONE");
/exit
