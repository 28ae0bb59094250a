// Issue 22: the pooled readings of an experiment folder over every seed its run tables (table-runs*.csv) hold, such as
// figures/experiments/pair-halves (seeds 1-5, 6-8, 9-11) or figures/experiments/predicted-negatives (two invocations
// of different arms): per comparison, the paired difference over the seeds where both arms ran, final weights and
// epoch ensemble, with eval.Interval.paired. Reads only the committed CSVs; trains nothing.
// Run: ./rmfer jshell scripts/pool-paired-runs.jsh   (DIR=figures/experiments/pair-halves by default; COMPARISONS=
// "a:b,c:d" pairs arm a against arm b, by default the pair-halves comparisons)
// Result: DIR/table-paired-pooled.csv and DIR/table-arms-pooled.csv (each arm alone: mean and 95% interval over its seeds)
Path dir = Path.of(System.getenv().getOrDefault("DIR", "figures/experiments/pair-halves"));
// arm -> seed -> {final, ensemble}, from every table-runs*.csv (a seed read twice must read the same)
Map<String, TreeMap<Long, double[]>> runs = new TreeMap<>();
List<Path> tables;
try (var s = Files.list(dir)) { tables = s.filter(p -> p.getFileName().toString().matches("table-runs.*\\.csv")).sorted().toList(); }
for (Path t : tables) {
    var ls = Files.readAllLines(t);
    if (!ls.get(0).startsWith("arm,seed,test_class_avg_final,test_class_avg_epoch_ensemble")) throw new RmferException(t + ": unexpected header " + ls.get(0));
    for (int i = 1; i < ls.size(); i++) {
        String[] f = ls.get(i).split(",");
        if (f.length < 4) throw new RmferException(t + " line " + (i + 1) + ": expected arm,seed,final,ensemble, got " + ls.get(i));
        double[] v = {Double.parseDouble(f[2]), Double.parseDouble(f[3])};
        double[] old = runs.computeIfAbsent(f[0], k -> new TreeMap<>()).put(Long.parseLong(f[1]), v);
        if (old != null && !Arrays.equals(old, v)) throw new RmferException(t + " line " + (i + 1) + ": " + f[0] + " seed " + f[1] + " differs from an earlier table");
    }
}
// one line: JShell ends a snippet at the first line that is complete on its own
String pairHalves = "oracle-a16:full-a16,oracle-negatives-a16:full-a16,oracle-positives-a16:full-a16,oracle-a16:oracle-negatives-a16,oracle-a16:oracle-positives-a16,oracle-negatives-a16:oracle-positives-a16,oracle-negatives-a16:without-acl,oracle-positives-a16:without-acl";
String[][] comparisons = Arrays.stream(System.getenv().getOrDefault("COMPARISONS", pairHalves).split(",")).map(c -> c.trim().split(":")).toArray(String[][]::new);
for (String[] c : comparisons) {
    if (c.length != 2) throw new RmferException("COMPARISONS: expected arm:arm pairs separated by commas, got " + String.join(":", c));
    for (String arm : c) if (!runs.containsKey(arm)) throw new RmferException("COMPARISONS: no arm " + arm + " in " + dir + "'s run tables (it has " + runs.keySet() + ")");
}
var rows = new ArrayList<String>();
for (String[] c : comparisons) {
    var a = runs.get(c[0]); var b = runs.get(c[1]);
    List<Long> seeds = a.keySet().stream().filter(b::containsKey).toList();
    double[][] x = new double[4][seeds.size()];
    for (int k = 0; k < seeds.size(); k++) for (int r = 0; r < 2; r++) { x[r][k] = a.get(seeds.get(k))[r]; x[2 + r][k] = b.get(seeds.get(k))[r]; }
    Interval f = Interval.paired(x[0], x[2]), e = Interval.paired(x[1], x[3]);
    String span = seeds.get(0) + "-" + seeds.get(seeds.size() - 1);
    System.out.printf(Locale.ROOT, "POOLED %s-vs-%s, seeds %s (%d): final %+.2f [%.2f, %.2f], ensemble %+.2f [%.2f, %.2f]%n", c[0], c[1], span, seeds.size(), f.mean(), f.low(), f.high(), e.mean(), e.low(), e.high());
    rows.add(String.format(Locale.ROOT, "%s-vs-%s,%d,%s,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f", c[0], c[1], seeds.size(), span, f.mean(), f.low(), f.high(), e.mean(), e.low(), e.high()));
}
AtomicFiles.writeString(dir.resolve("table-paired-pooled.csv"), "comparison,seeds,seed_span,final_diff,final_low,final_high,ensemble_diff,ensemble_low,ensemble_high\n" + String.join("\n", rows) + "\n");
// each arm on its own over every seed its tables hold: mean and 95% interval of the final weights and of the epoch ensemble
var armRows = new ArrayList<String>();
for (var en : runs.entrySet()) {
    double[] fin = en.getValue().values().stream().mapToDouble(v -> v[0]).toArray();
    double[] ens = en.getValue().values().stream().mapToDouble(v -> v[1]).toArray();
    Interval f = Interval.of(fin), e = Interval.of(ens);
    String span = en.getValue().firstKey() + "-" + en.getValue().lastKey();
    System.out.printf(Locale.ROOT, "ARM %s, seeds %s (%d): final %.2f [%.2f, %.2f], ensemble %.2f [%.2f, %.2f]%n", en.getKey(), span, fin.length, f.mean(), f.low(), f.high(), e.mean(), e.low(), e.high());
    armRows.add(String.format(Locale.ROOT, "%s,%d,%s,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f", en.getKey(), fin.length, span, f.mean(), f.low(), f.high(), e.mean(), e.low(), e.high()));
}
AtomicFiles.writeString(dir.resolve("table-arms-pooled.csv"), "arm,seeds,seed_span,final_mean,final_low,final_high,ensemble_mean,ensemble_low,ensemble_high\n" + String.join("\n", armRows) + "\n");
System.out.println("DONE");
/exit
