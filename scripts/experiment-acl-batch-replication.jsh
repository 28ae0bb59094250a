// Issue 22: replication of figures/experiments/acl-batch on new training seeds (SEEDS, default 6,7,8): phase 1 and w/o
// ACL of the standard lab (as ./rmfer demo would run them), then the oracle with ANCHORS (16) anchors per step from the
// same phase-1 weights; paired oracle16 - w/o ACL on the final weights and the epoch ensemble.
// ARM=full runs RMFER instead of the oracle (its table gets "full-" in its name).
// Run: ./rmfer jshell scripts/experiment-acl-batch-replication.jsh   Result: figures/experiments/acl-batch/.
int ANCHORS = Integer.parseInt(System.getenv().getOrDefault("ANCHORS", "16"));
var seeds = Arrays.stream(System.getenv().getOrDefault("SEEDS", "6,7,8").split(",")).map(Long::parseLong).toList();
var base = LabPlans.standard();
var plan = new LabExperiment.Plan("lab", base.world(), base.phase1().copy(), base.phase2().copy(), base.moreLabelsPerClass(), List.of(Arm.WITHOUT_ACL), List.of(), seeds, 0, null, base.lastEvals());
LabExperiment.outcomes(plan, Path.of("runs/lab"), List.of(Arm.WITHOUT_ACL), System.out::println);
Path runs = Path.of("runs/lab/runs");
var world = LabWorld.make(base.world(), Path.of("runs/lab/data-seed-7"), System.out::println);
String tag = "a" + ANCHORS;
Arm ARM = Arm.parse(System.getenv().getOrDefault("ARM", "oracle"));
double[] fin = new double[seeds.size()], ens = new double[seeds.size()], fin0 = new double[seeds.size()], ens0 = new double[seeds.size()];
var lines = new ArrayList<String>();
for (int k = 0; k < seeds.size(); k++) {
    long seed = seeds.get(k);
    String name = "lab-d7-s" + seed + "-" + ARM.key() + "-" + tag;
    var c = ARM.phase2(base.phase2().copy().setDataset(world.manifest().toString()).setDatasetRoot(world.labelled()).optRmset(world.rmset()).optSeed(seed), base.moreLabelsPerClass()).optAnchorsPerStep(ANCHORS).optInitWeights(runs.resolve("lab-d7-s" + seed + "-p1-pre/best.rmfer")).optName(name).build();
    Trainer.builder().setConfig(c).setRunDir(runs.resolve(name)).optOracle(world.truth()).optProgress(s -> {}).build().run();
    var e = EpochEnsemble.of(new RunDirectory(runs.resolve(name)));
    var w = EpochEnsemble.of(new RunDirectory(runs.resolve("lab-d7-s" + seed + "-without-acl")));
    fin[k] = 100 * e.members().get(e.members().size() - 1).classAverageAccuracy(); ens[k] = 100 * e.ensemble().classAverageAccuracy();
    fin0[k] = 100 * w.members().get(w.members().size() - 1).classAverageAccuracy(); ens0[k] = 100 * w.ensemble().classAverageAccuracy();
    lines.add(String.format(Locale.ROOT, "without-acl,%d,%.2f,%.2f", seed, fin0[k], ens0[k]));
    lines.add(String.format(Locale.ROOT, "%s-%s,%d,%.2f,%.2f", ARM.key(), tag, seed, fin[k], ens[k]));
    System.out.println("RESULT " + lines.get(lines.size() - 2) + " | " + lines.get(lines.size() - 1));
}
String ci(Interval i) { return String.format(Locale.ROOT, "%+.2f [%.2f, %.2f]", i.mean(), i.low(), i.high()); }
System.out.println("PAIRED " + ARM.key() + "-" + tag + " - w/o ACL: final " + ci(Interval.paired(fin, fin0)) + ", ensemble " + ci(Interval.paired(ens, ens0)));
Path out = Path.of("figures/experiments/acl-batch");
Files.createDirectories(out);
AtomicFiles.writeString(out.resolve("table-runs-" + (ARM == Arm.ORACLE ? "" : ARM.key() + "-") + tag + "-seeds-" + seeds.get(0) + "-" + seeds.get(seeds.size() - 1) + ".csv"), "arm,seed,test_class_avg_final,test_class_avg_epoch_ensemble\n" + String.join("\n", lines) + "\n");
System.out.println("DONE");
/exit
