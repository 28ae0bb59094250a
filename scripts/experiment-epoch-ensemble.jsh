// Issue 22: the lab's phase-2 test accuracy moves 3.3 points (median) from one epoch to the next in every arm, as much
// as any difference between arms, so one epoch's weights are a noisy reading of an arm. Fixed in advance (no choice is
// made on the test split): read each run by the mean of the softmax outputs of its four phase-2 epoch checkpoints
// (checkpoints/epoch-00{1..4}.rmfer), a snapshot ensemble (eval.SnapshotEnsemble). Hypothesis: with the epoch noise averaged out, the paired
// intervals narrow, and any ACL effect the final weights hide shows (RMFER - w/o ACL above zero); if the intervals narrow
// and still hold zero, the lab has no ACL effect to show at this size. Committed lab runs, data seed 7, seeds 1-5.
// Run after ./rmfer demo --all: ./rmfer jshell scripts/experiment-epoch-ensemble.jsh
// Result: figures/experiments/epoch-ensemble/ (table-runs.csv and its README).
Path lab = Path.of("runs/lab");
// ARMS / SEEDS / DATA (the run-name prefix, lab-d7 or lab-d8) select other committed runs, e.g. the second data seed:
// DATA=lab-d8 ARMS=baseline,without-acl,full SEEDS=1,2,3 (tables then get that suffix)
String DATA = System.getenv().getOrDefault("DATA", "lab-d7");
var arms = List.of(System.getenv().getOrDefault("ARMS", "baseline,without-acl,full,oracle,broken-prior-full").split(","));
var seeds = Arrays.stream(System.getenv().getOrDefault("SEEDS", "1,2,3,4,5").split(",")).map(Long::parseLong).toList();
String suffix = System.getenv().containsKey("ARMS") || !DATA.equals("lab-d7") ? "-" + DATA + "-" + String.join("-", arms) : "";
double[] readRun(Path run) {
    var r = EpochEnsemble.of(new RunDirectory(run));
    return new double[] {100 * r.ensemble().classAverageAccuracy(), 100 * r.members().get(r.members().size() - 1).classAverageAccuracy(), r.members().size()};
}
var lines = new ArrayList<String>();
double[][] ens = new double[arms.size()][seeds.size()];
double[][] fin = new double[arms.size()][seeds.size()];
for (int a = 0; a < arms.size(); a++) {
    for (int k = 0; k < seeds.size(); k++) {
        double[] r = readRun(lab.resolve("runs/" + DATA + "-s" + seeds.get(k) + "-" + arms.get(a)));
        ens[a][k] = r[0]; fin[a][k] = r[1];
        lines.add(String.format(Locale.ROOT, "%s,%d,%d,%.2f,%.2f", arms.get(a), seeds.get(k), (int) r[2], r[1], r[0]));
        System.out.println("RESULT " + lines.get(lines.size() - 1));
    }
}
String ci(Interval i) { return String.format(Locale.ROOT, "%+.2f [%.2f, %.2f]", i.mean(), i.low(), i.high()); }
var out = new ArrayList<String>();
for (int a = 0; a < arms.size(); a++) out.add(String.format(Locale.ROOT, "ARM %s: final %s, ensemble %s", arms.get(a), Interval.of(fin[a]).format(2), Interval.of(ens[a]).format(2)));
// comparisons as (a, b) index pairs into ARMS: the standard five arms' comparisons, else each arm against the first
boolean standard = arms.equals(List.of("baseline", "without-acl", "full", "oracle", "broken-prior-full"));
int[][] pairs = standard ? new int[][] {{2, 1}, {1, 0}, {3, 2}, {3, 1}, {4, 1}, {2, 0}} : java.util.stream.IntStream.range(1, arms.size()).mapToObj(i -> new int[] {i, i - 1}).toArray(int[][]::new);
var paired = new ArrayList<String>();
for (int[] p : pairs) {
    String name = arms.get(p[0]) + "-vs-" + arms.get(p[1]);
    Interval f = Interval.paired(fin[p[0]], fin[p[1]]), e = Interval.paired(ens[p[0]], ens[p[1]]);
    out.add(String.format(Locale.ROOT, "PAIRED %s: final %s, ensemble %s", name, ci(f), ci(e)));
    paired.add(String.format(Locale.ROOT, "%s,%d,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f", name, seeds.size(), f.mean(), f.low(), f.high(), e.mean(), e.low(), e.high()));
}
out.forEach(System.out::println);
Path dir = Path.of("figures/experiments/epoch-ensemble");
Files.createDirectories(dir);
AtomicFiles.writeString(dir.resolve("table-runs" + suffix + ".csv"), "arm,seed,checkpoints,test_class_avg_final,test_class_avg_epoch_ensemble\n" + String.join("\n", lines) + "\n");
AtomicFiles.writeString(dir.resolve("table-paired" + suffix + ".csv"), "comparison,seeds,final_diff,final_low,final_high,ensemble_diff,ensemble_low,ensemble_high\n" + String.join("\n", paired) + "\n");
System.out.println("DONE");
/exit
