// Issue 22, a measurement before building anything: can the co-viewers tell a wrong ACL negative from a right one?
// A negative of an anchor (viewer i at frame T) is the same viewer at a frame T' far away; it is wrong when the viewer
// shows the anchor's expression again, mostly because the film provokes it again at T'. The other viewers of the
// same video watch the same film, so if their faces at T and at T' look alike the film has likely recurred. Signal:
// co(T, T') = mean over co-viewers j (present at both frames) of cos(H(j, T), H(j, T')), H the model's projection.
// For the first STEPS phase-2 steps' draws (16 anchors each, the run's own sampler and seed) and each seed's weights at
// the start of phase 2 (phase-1 best) and at its end (the 16-anchor RMFER run's last.rmfer), this reads, over the
// negative candidates of known truth: the share that is wrong; the AUC with which "wrong" is told by the anchor's own
// similarity (what selection uses), by co(T, T'), by their rank sum, and by the co-viewers' truth (the share of
// co-viewers whose true expression is the same at T and T': what the co-viewers could tell at best); and how often the
// kMax negatives each picker keeps are right: selection (least similar to the anchor), least co(T, T'), least rank sum,
// least true co-viewer agreement, and the first kMax drawn (random); and the same signal from only three co-viewers
// drawn per anchor (the cost a picker in training could pay).
// Eval-mode preprocessing (no augmentation). Needs runs/lab from scripts/experiment-predicted-negatives.jsh. Trains
// nothing. Run: ./rmfer jshell scripts/diagnose-coviewer-negatives.jsh   (SEEDS=1,...,8, STEPS=10)
// Result: figures/experiments/coviewer-negatives/table-diagnosis.csv
var seeds = Arrays.stream(System.getenv().getOrDefault("SEEDS", "1,2,3,4,5,6,7,8").split(",")).map(Long::parseLong).toList();
int steps = Integer.parseInt(System.getenv().getOrDefault("STEPS", "10"));
var base = LabPlans.standard();
var world = LabWorld.make(base.world(), Path.of("runs/lab/data-seed-7"), System.out::println);
Path runs = Path.of("runs/lab/runs");
var index = RmsetIndex.read(world.rmset());
// (video, frame) -> faceId -> row: the co-viewers of a frame
Map<String, Map<Integer, RmsetIndex.Row>> byFrame = new HashMap<>();
for (var r : index.rows()) byFrame.computeIfAbsent(r.video() + "#" + r.frame(), k -> new HashMap<>()).put(r.faceId(), r);
// AUC of scores for the positives (label true) against the rest, ties counted one half (Mann-Whitney)
double auc(List<double[]> scoredLabels) { long pos = 0, neg = 0; double u = 0; var s = new ArrayList<>(scoredLabels); s.sort((x, y) -> Double.compare(x[0], y[0])); int i = 0; while (i < s.size()) { int j = i; while (j < s.size() && s.get(j)[0] == s.get(i)[0]) j++; double rank = (i + j + 1) / 2.0; for (int k = i; k < j; k++) if (s.get(k)[1] > 0) { u += rank; pos++; } else neg++; i = j; } return pos == 0 || neg == 0 ? Double.NaN : (u - pos * (pos + 1) / 2.0) / (pos * neg); }
// ranks 0..n-1 of v (ties in index order)
double[] ranks(double[] v) { Integer[] o = new Integer[v.length]; for (int i = 0; i < o.length; i++) o[i] = i; Arrays.sort(o, (x, y) -> Double.compare(v[x], v[y])); double[] r = new double[v.length]; for (int i = 0; i < o.length; i++) r[o[i]] = i; return r; }
// indices of the k smallest scores (ties in drawn order)
int[] leastK(double[] v, int k) { Integer[] o = new Integer[v.length]; for (int i = 0; i < o.length; i++) o[i] = i; Arrays.sort(o, (x, y) -> Double.compare(v[x], v[y])); return Arrays.stream(o).limit(k).mapToInt(Integer::intValue).toArray(); }
var lines = new ArrayList<String>();
for (long seed : seeds) {
    var c = Arm.FULL.phase2(base.phase2().copy().setDataset(world.manifest().toString()).setDatasetRoot(world.labelled()).optRmset(world.rmset()).optSeed(seed), base.moreLabelsPerClass()).optAnchorsPerStep(16).build();
    var sampler = new AclSampler(index, c.acl().samplerOptions());
    var pre = TrainSplits.evalPreprocessor(c, TrainSplits.test(c));
    int kMax = AclBatch.maxKept(c.acl().candidates(), c.acl().gamma());
    int s = pre.size();
    for (String when : List.of("start", "end")) {
        Path weights = when.equals("start") ? runs.resolve("lab-d7-s" + seed + "-p1-pre/best.rmfer") : runs.resolve("lab-d7-s" + seed + "-full-a16/last.rmfer");
        try (var m = RmferModel.load(weights, Engine.TORCH)) {
            var byCo3 = new ArrayList<double[]>(); var bySum3 = new ArrayList<double[]>(); var bySim = new ArrayList<double[]>(); var byCo = new ArrayList<double[]>(); var bySum = new ArrayList<double[]>(); var byTruth = new ArrayList<double[]>();
            long cand = 0, wrong = 0, coviewers = 0;
            long[] keptRight = new long[7]; long[] kept = new long[7]; // selection, co, sum, co-truth, random, co3, sum3
            for (long step = 0; step < steps; step++) {
                for (int slot = 0; slot < 16; slot++) {
                    var cs = sampler.sample(seed, step, slot);
                    if (cs == null) continue;
                    var a = cs.anchor(); var truthA = world.truth().expressionOf(a);
                    if (truthA == null) continue;
                    var atT = byFrame.get(a.video() + "#" + a.frame());
                    // every face to embed once: anchor, negatives, co-viewers at T and at each T'
                    var rows = new ArrayList<RmsetIndex.Row>(); var at = new HashMap<String, Integer>();
                    java.util.function.Consumer<RmsetIndex.Row> add = r -> at.computeIfAbsent(r.filePath(), k -> { rows.add(r); return rows.size() - 1; });
                    add.accept(a); cs.negatives().forEach(add); atT.values().forEach(add);
                    for (var n : cs.negatives()) byFrame.get(n.video() + "#" + n.frame()).values().forEach(add);
                    float[] all = new float[rows.size() * 3 * s * s];
                    for (int k = 0; k < rows.size(); k++) System.arraycopy(pre.apply(index.image(rows.get(k)).load(), new SplittableRandom(k)), 0, all, k * 3 * s * s, 3 * s * s);
                    var h = m.embed(Nd4j.create(all, new long[] {rows.size(), 3, s, s}, 'c'));
                    double[][] v = new double[rows.size()][]; for (int k = 0; k < v.length; k++) v[k] = h.getRow(k).toDoubleVector();
                    int nn = cs.negatives().size();
                    // three co-viewers drawn once per anchor (what a cheaper picker would embed)
                    var ids = new ArrayList<Integer>(atT.keySet()); ids.remove(Integer.valueOf(a.faceId())); ids.sort(null); java.util.Collections.shuffle(ids, new Random(Seeds.mix(seed, step, slot))); var three = Set.copyOf(ids.subList(0, Math.min(3, ids.size())));
                    double[] co3 = new double[nn];
                    double[] sim = new double[nn], co = new double[nn], coTruth = new double[nn]; boolean[] isWrong = new boolean[nn]; boolean[] known = new boolean[nn];
                    for (int k = 0; k < nn; k++) {
                        var n = cs.negatives().get(k);
                        sim[k] = ReferenceMath.cosine(v[0], v[at.get(n.filePath())]);
                        var atT2 = byFrame.get(n.video() + "#" + n.frame());
                        double sc = 0, st = 0, s3 = 0; int nc = 0, n3 = 0;
                        for (var en : atT.entrySet()) {
                            if (en.getKey() == a.faceId() || !atT2.containsKey(en.getKey())) continue;
                            var r1 = en.getValue(); var r2 = atT2.get(en.getKey());
                            sc += ReferenceMath.cosine(v[at.get(r1.filePath())], v[at.get(r2.filePath())]);
                            var e1 = world.truth().expressionOf(r1); var e2 = world.truth().expressionOf(r2);
                            st += e1 != null && e1 == e2 ? 1 : 0; nc++;
                            if (three.contains(en.getKey())) { s3 += ReferenceMath.cosine(v[at.get(r1.filePath())], v[at.get(r2.filePath())]); n3++; }
                        }
                        co[k] = nc == 0 ? 0 : sc / nc; coTruth[k] = nc == 0 ? 0 : st / nc; co3[k] = n3 == 0 ? 0 : s3 / n3; coviewers += nc;
                        var e = world.truth().expressionOf(n); known[k] = e != null; isWrong[k] = e == truthA;
                    }
                    double[] rs = ranks(sim), rc = ranks(co); double[] rc3 = ranks(co3); double[] sum = new double[nn], sum3 = new double[nn]; for (int k = 0; k < nn; k++) { sum[k] = rs[k] + rc[k]; sum3[k] = rs[k] + rc3[k]; }
                    for (int k = 0; k < nn; k++) {
                        if (!known[k]) continue;
                        cand++; if (isWrong[k]) wrong++;
                        double lab = isWrong[k] ? 1 : 0;
                        bySim.add(new double[] {sim[k], lab}); byCo.add(new double[] {co[k], lab}); bySum.add(new double[] {sum[k], lab}); byTruth.add(new double[] {coTruth[k], lab}); byCo3.add(new double[] {co3[k], lab}); bySum3.add(new double[] {sum3[k], lab});
                    }
                    int[] sel = AttentionSelection.keepNegatives(sim, c.acl().gamma()); sel = Arrays.copyOf(sel, Math.min(sel.length, kMax));
                    int[][] picks = {sel, leastK(co, sel.length), leastK(sum, sel.length), leastK(coTruth, sel.length), java.util.stream.IntStream.range(0, sel.length).toArray(), leastK(co3, sel.length), leastK(sum3, sel.length)};
                    for (int p = 0; p < picks.length; p++) for (int k : picks[p]) if (known[k]) { kept[p]++; if (!isWrong[k]) keptRight[p]++; }
                }
            }
            String line = String.format(Locale.ROOT, "%d,%s,%d,%.2f,%.1f,%.3f,%.3f,%.3f,%.3f,%.2f,%.2f,%.2f,%.2f,%.2f,%.3f,%.3f,%.2f,%.2f", seed, when, cand, 100.0 * wrong / cand, (double) coviewers / cand, auc(bySim), auc(byCo), auc(bySum), auc(byTruth),
                    100.0 * keptRight[0] / kept[0], 100.0 * keptRight[1] / kept[1], 100.0 * keptRight[2] / kept[2], 100.0 * keptRight[3] / kept[3], 100.0 * keptRight[4] / kept[4], auc(byCo3), auc(bySum3), 100.0 * keptRight[5] / kept[5], 100.0 * keptRight[6] / kept[6]);
            lines.add(line);
            System.out.println("DIAG " + line);
        }
    }
}
Path outDir = Path.of("figures/experiments/coviewer-negatives");
Files.createDirectories(outDir);
AtomicFiles.writeString(outDir.resolve("table-diagnosis.csv"), "seed,weights,negatives,wrong,coviewers_per_negative,auc_anchor_similarity,auc_coviewer_similarity,auc_rank_sum,auc_coviewer_truth,kept_right_selection,kept_right_coviewer,kept_right_rank_sum,kept_right_coviewer_truth,kept_right_random,auc_coviewer3_similarity,auc_rank_sum3,kept_right_coviewer3,kept_right_rank_sum3\n" + String.join("\n", lines) + "\n");
System.out.println("DONE " + Environment.cpuModel());
/exit
