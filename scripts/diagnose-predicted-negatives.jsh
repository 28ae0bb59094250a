// Issue 22, a measurement behind figures/experiments/predicted-negatives: why does keeping only negatives the
// classifier puts in another class than the anchor lift their precision so little (79.6% -> 81.9%)? For each seed's
// weights at the start of phase 2 (phase-1 best) and at its end (the 16-anchor RMFER run's last.rmfer), over the
// first 25 phase-2 steps' draws (16 anchors each, the run's own sampler and seed), this reads: how often the classifier
// names an RMset anchor's true expression; of the negatives the method keeps (attention-based selection), the share
// the classifier puts in the anchor's class, and how often those and the others truly differ from the anchor.
// Eval-mode preprocessing (no augmentation), so the numbers describe the weights, not one augmentation draw.
// Needs the runs of scripts/experiment-predicted-negatives.jsh under runs/lab. Trains nothing.
// Run: ./rmfer jshell scripts/diagnose-predicted-negatives.jsh   (SEEDS=1,...,8)
// Result: figures/experiments/predicted-negatives/table-diagnosis.csv
var seeds = Arrays.stream(System.getenv().getOrDefault("SEEDS", "1,2,3,4,5,6,7,8").split(",")).map(Long::parseLong).toList();
var base = LabPlans.standard();
var world = LabWorld.make(base.world(), Path.of("runs/lab/data-seed-7"), System.out::println);
Path runs = Path.of("runs/lab/runs");
var index = RmsetIndex.read(world.rmset());
var lines = new ArrayList<String>();
for (long seed : seeds) {
    var c = Arm.FULL.phase2(base.phase2().copy().setDataset(world.manifest().toString()).setDatasetRoot(world.labelled()).optRmset(world.rmset()).optSeed(seed), base.moreLabelsPerClass()).optAnchorsPerStep(16).build();
    var sampler = new AclSampler(index, c.acl().samplerOptions());
    var pre = TrainSplits.evalPreprocessor(c, TrainSplits.test(c));
    int kMax = AclBatch.maxKept(c.acl().candidates(), c.acl().gamma());
    for (String when : List.of("start", "end")) {
        Path weights = when.equals("start") ? runs.resolve("lab-d7-s" + seed + "-p1-pre/best.rmfer") : runs.resolve("lab-d7-s" + seed + "-full-a16/last.rmfer");
        try (var m = RmferModel.load(weights, Engine.TORCH)) {
            var classes = m.config().classes();
            long anchors = 0, anchorRight = 0, kept = 0, keptPredSame = 0, predSameRight = 0, predDiffRight = 0, cand = 0, candPredSame = 0;
            for (long step = 0; step < 25; step++) {
                for (int slot = 0; slot < 16; slot++) {
                    var cs = sampler.sample(seed, step, slot);
                    if (cs == null) continue;
                    var truthA = world.truth().expressionOf(cs.anchor());
                    if (truthA == null) continue;
                    var rows = new ArrayList<RmsetIndex.Row>(); rows.add(cs.anchor()); rows.addAll(cs.negatives());
                    int s = pre.size(); float[] all = new float[rows.size() * 3 * s * s];
                    for (int k = 0; k < rows.size(); k++) System.arraycopy(pre.apply(index.image(rows.get(k)).load(), new SplittableRandom(k)), 0, all, k * 3 * s * s, 3 * s * s);
                    var out = m.infer(Nd4j.create(all, new long[] {rows.size(), 3, s, s}, 'c'));
                    int[] pred = Evaluator.argmax(out.logits()); // the picker's own argmax
                    anchors++; if (classes.at(pred[0]) == truthA) anchorRight++;
                    double[] a = out.projection().getRow(0).toDoubleVector(); double[] sim = new double[cs.negatives().size()];
                    for (int k = 0; k < sim.length; k++) { sim[k] = ReferenceMath.cosine(a, out.projection().getRow(1 + k).toDoubleVector()); cand++; if (pred[1 + k] == pred[0]) candPredSame++; }
                    int[] kn = AttentionSelection.keepNegatives(sim, c.acl().gamma());
                    for (int j = 0; j < Math.min(kn.length, kMax); j++) {
                        int k = kn[j]; var e = world.truth().expressionOf(cs.negatives().get(k));
                        if (e == null) continue;
                        kept++;
                        if (pred[1 + k] == pred[0]) { keptPredSame++; if (e != truthA) predSameRight++; } else if (e != truthA) predDiffRight++;
                    }
                }
            }
            String line = String.format(Locale.ROOT, "%d,%s,%d,%.2f,%.2f,%.2f,%.2f,%.2f,%.2f", seed, when, anchors, 100.0 * anchorRight / anchors, 100.0 * candPredSame / cand, 100.0 * keptPredSame / kept,
                    100.0 * predSameRight / Math.max(1, keptPredSame), 100.0 * predDiffRight / Math.max(1, kept - keptPredSame), 100.0 * (predSameRight + predDiffRight) / kept);
            lines.add(line);
            System.out.println("DIAG " + line);
        }
    }
}
Path outDir = Path.of("figures/experiments/predicted-negatives");
AtomicFiles.writeString(outDir.resolve("table-diagnosis.csv"), "seed,weights,anchors,anchor_predicted_right,candidates_predicted_as_anchor,kept_predicted_as_anchor,kept_right_if_predicted_as_anchor,kept_right_if_predicted_other,kept_right\n" + String.join("\n", lines) + "\n");
System.out.println("DONE " + Environment.cpuModel());
/exit
