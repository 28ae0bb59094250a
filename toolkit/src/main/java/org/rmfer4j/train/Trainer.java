package org.rmfer4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.Progress;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.Datasets;
import org.rmfer4j.data.FaceDataset;
import org.rmfer4j.data.batch.Batch;
import org.rmfer4j.data.batch.BatchLoader;
import org.rmfer4j.data.batch.Sampler;
import org.rmfer4j.data.manifest.Manifests;
import org.rmfer4j.data.transform.Preprocessor;
import org.rmfer4j.eval.EvalResult;
import org.rmfer4j.eval.Evaluator;
import org.rmfer4j.model.RmferModel;
import org.rmfer4j.model.StepResult;
import org.rmfer4j.model.TrainInput;
import org.rmfer4j.rmset.RmsetIndex;

/**
 * Trains one {@link TrainConfig} into one {@link RunDirectory}: phase 1 minimises L_pre = L_FER + λ1·L_IAL on the
 * labelled benchmark; phase 2 minimises L_total = L_pre + λ2·L_ACL, each step pairing a labelled batch with
 * {@code anchorsPerStep} RMset anchors whose candidates went through attention-based selection ({@link AclBatch}).
 * Evaluates on the test split after every epoch (and every {@code evalEverySteps}), writes metrics, checkpoints and a
 * report. Everything random is a pure function of (seed, epoch, step), so a run killed at any point and resumed from
 * {@code last} produces the same numbers as one that never stopped.
 *
 * <pre>{@code
 * TrainResult r = Trainer.builder().setConfig(config).setRunDir(Path.of("runs/demo-full")).build().run();
 * }</pre>
 */
public final class Trainer {
    /** Called after every step (a listener that throws stops the run without a checkpoint, like a crash). */
    @FunctionalInterface
    public interface StepListener {
        void onStep(StepRecord record);
    }

    private final TrainConfig config;
    private final RunDirectory run;
    private final Consumer<String> progress;
    private final @Nullable ExpressionOracle oracle;
    private final StepListener listener;
    private final int gradientNormsEvery;

    private Trainer(Builder b) {
        this.config = Objects.requireNonNull(b.config, "config");
        this.run = new RunDirectory(Objects.requireNonNull(b.runDir, "runDir"));
        this.progress = b.progress;
        this.oracle = b.oracle;
        this.listener = b.listener;
        this.gradientNormsEvery = b.gradientNormsEvery;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Required: {@code setConfig}, {@code setRunDir}. */
    public static final class Builder {
        private @Nullable TrainConfig config;
        private @Nullable Path runDir;
        private Consumer<String> progress = System.out::println;
        private @Nullable ExpressionOracle oracle;
        private StepListener listener = r -> { };
        private int gradientNormsEvery;

        public Builder setConfig(TrainConfig config) {
            this.config = config;
            return this;
        }

        public Builder setRunDir(Path dir) {
            this.runDir = dir;
            return this;
        }

        /** Where progress lines go (default: standard output). */
        public Builder optProgress(Consumer<String> progress) {
            this.progress = Objects.requireNonNull(progress);
            return this;
        }

        /** True expressions of RMset faces (synthetic mashups), to measure candidate precision. */
        public Builder optOracle(@Nullable ExpressionOracle oracle) {
            this.oracle = oracle;
            return this;
        }

        /**
         * Every {@code n} phase-2 steps with ACL, also measure the backbone's gradient of L_pre and of λ2·L_ACL on that
         * step's input (their norms, ratio and cosine) into {@code metrics-gradients.csv}. A measurement only: two
         * more gradient passes that move no weight, optimiser state or running statistic, so the run's numbers are
         * the same with or without it. 0 (default) = off.
         */
        public Builder optGradientNorms(int n) {
            if (n < 0) {
                throw new RmferException("gradient-norm interval must be >= 0, got " + n);
            }
            this.gradientNormsEvery = n;
            return this;
        }

        public Builder optListener(StepListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        public Trainer build() {
            if (config == null || runDir == null) {
                throw new RmferException("Trainer.builder(): setConfig(..) and setRunDir(..) are required");
            }
            return new Trainer(this);
        }
    }

    /**
     * The labelled images a config trains on and, when it asks for one, its validation split.
     *
     * @param validation null when {@code validationPerClass} is 0
     */
    public record Splits(FaceDataset train, @Nullable FaceDataset validation) {
    }

    /**
     * Loads the labelled split of a config: its train split limited to {@code labelledLimit}, then to
     * {@code labelledPerClass} per class (seeded, stratified).
     */
    public static FaceDataset trainSplit(TrainConfig c) {
        return splits(c).train();
    }

    /**
     * The training images and the validation split of a config. The validation images are drawn per class from the
     * training split's images that the run does not train on, so the two never overlap and the test split is never
     * looked at to choose anything.
     */
    public static Splits splits(TrainConfig c) {
        FaceDataset all = load(c, c.data().trainSplit());
        FaceDataset pool = c.data().labelledLimit() > 0 ? all.limit(c.data().labelledLimit(), c.run().seed()) : all;
        if (c.data().labelledPerClass() == 0 && c.data().validationPerClass() == 0) {
            return new Splits(pool, null);
        }
        int[] labels = all.labelIndices();
        java.util.Set<String> inPool = new java.util.HashSet<>();
        pool.samples().forEach(s -> inPool.add(s.id()));
        int classes = all.classOrder().size();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < all.size(); i++) {
            if (labels[i] >= 0) {
                byClass.get(labels[i]).add(i);
            }
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            List<Integer> idx = byClass.get(k);
            java.util.Collections.shuffle(idx, new java.util.Random(org.rmfer4j.core.Seeds.mix(c.run().seed(), 0x5A1, k)));
            List<Integer> labelled = idx.stream().filter(i -> inPool.contains(all.get(i).id())).toList();
            int n = c.data().labelledPerClass() == 0 ? labelled.size() : Math.min(c.data().labelledPerClass(), labelled.size());
            List<Integer> taken = labelled.subList(0, n);
            train.addAll(taken);
            if (c.data().validationPerClass() > 0) {
                java.util.Set<Integer> used = new java.util.HashSet<>(taken);
                idx.stream().filter(i -> !used.contains(i)).limit(c.data().validationPerClass()).forEach(validation::add);
            }
        }
        java.util.Collections.sort(train);
        java.util.Collections.sort(validation);
        FaceDataset v = null;
        if (c.data().validationPerClass() > 0) {
            if (validation.isEmpty()) {
                throw new RmferException("validationPerClass = " + c.data().validationPerClass() + " but " + all.name()
                        + " has no training images left over for a validation split");
            }
            v = all.subset(validation.stream().mapToInt(Integer::intValue).toArray());
        }
        return new Splits(all.subset(train.stream().mapToInt(Integer::intValue).toArray()), v);
    }

    /** Loads the evaluation split of a config. */
    public static FaceDataset testSplit(TrainConfig c) {
        return load(c, c.data().testSplit());
    }

    private static FaceDataset load(TrainConfig c, String split) {
        return Datasets.load(Manifests.resolve(c.data().dataset()), Path.of(c.data().datasetRoot()), split,
                new Datasets.Options(c.data().classes(), null, null, null), org.rmfer4j.data.ProblemSink.failFast());
    }

    /** The evaluation preprocessing of a config's dataset. */
    public static Preprocessor evalPreprocessor(TrainConfig c, FaceDataset data) {
        return Preprocessor.forDataset(data.manifest(), c.model().inputSize(), false);
    }

    /** Runs (or resumes, or — when already finished — re-reads) the training. */
    public TrainResult run() {
        long t0 = System.nanoTime();
        Splits splits = splits(config);
        FaceDataset train = splits.train();
        FaceDataset validation = splits.validation();
        FaceDataset test = testSplit(config);
        if (train.size() < config.schedule().batchSize()) {
            throw new RmferException("The training split " + train.name() + " has " + train.size() + " images, fewer than one batch of "
                    + config.schedule().batchSize());
        }
        Preprocessor trainPre = Preprocessor.forDataset(train.manifest(), config.model().inputSize(), config.data().augmentation());
        Preprocessor evalPre = evalPreprocessor(config, test);
        // RMset faces get the labelled set's statistics and the same augmentation (see TrainConfig's javadoc)
        Preprocessor aclPre = trainPre.withGrayscale(false);

        RmsetIndex rmset = null;
        AclSampler sampler = null;
        if (config.usesAcl()) {
            rmset = RmsetIndex.read(Path.of(Objects.requireNonNull(config.data().rmsetRoot())))
                    .fractionOfVideos(config.data().rmsetFraction(), config.run().seed());
            sampler = new AclSampler(rmset, config.acl().samplerOptions());
            if (config.acl().pairs() == AclSettings.Pairs.ORACLE && oracle == null) {
                throw new RmferException("aclPairs = ORACLE needs the RMset's true expressions (a synthetic RMset and "
                        + "Trainer.builder().optOracle(..)); a real RMset has none");
            }
        }

        CsvLog steps = new CsvLog(run.stepMetrics(), RunDirectory.STEP_COLUMNS);
        CsvLog epochs = new CsvLog(run.epochMetrics(), RunDirectory.EPOCH_COLUMNS);
        CsvLog evals = new CsvLog(run.evalMetrics(), RunDirectory.EVAL_COLUMNS);
        CsvLog vals = new CsvLog(run.validationMetrics(), RunDirectory.VALIDATION_COLUMNS);
        CsvLog grads = new CsvLog(run.gradientMetrics(), RunDirectory.GRADIENT_COLUMNS);
        try (RmferModel model = RmferModel.create(config.modelConfig(train.classOrder()), config.run().engine())) {
            Checkpoint.Position at = prepare(model, steps, epochs, evals, vals, grads);
            BatchLoader loader = BatchLoader.builder()
                    .setDataset(train)
                    .setBatchSize(config.schedule().batchSize())
                    .setPreprocessor(trainPre)
                    .optTargetOrder(model.config().classes())
                    // class-balanced draws fill a whole epoch of stepsPerEpoch steps even when that is more than one pass
                    .optSampler(config.data().classBalanced()
                            ? Sampler.classBalanced(train.labelIndices(), config.run().seed(), config.schedule().stepsPerEpoch() * config.schedule().batchSize())
                            : Sampler.shuffled(train.size(), config.run().seed()))
                    .optDropLast(true)
                    .optWorkers(config.run().workers())
                    .optSeed(config.run().seed())
                    .build();
            int perEpoch = config.schedule().stepsPerEpoch() > 0 ? Math.min(config.schedule().stepsPerEpoch(), loader.batchesPerEpoch())
                    : loader.batchesPerEpoch();
            long totalSteps = (long) perEpoch * config.schedule().epochs();
            long phase2Start = (long) perEpoch * config.schedule().preEpochs();
            progress.accept(String.format(Locale.ROOT, "train %s: %s; %d + %d epochs x %d steps; %s%s%s", config.name(),
                    train.provenance(), config.schedule().preEpochs(), config.schedule().aclEpochs(), perEpoch, model.engine(),
                    validation == null ? "" : "; validation " + validation.size() + " images",
                    at.epoch() >= config.schedule().epochs() ? "; already finished at step " + at.step() + " (nothing to train)"
                            : at.step() > 0 ? "; resuming at step " + at.step() : ""));
            Progress bar = new Progress("train " + config.name(), totalSteps, "steps", progress, 5, at.step());
            Watch watch = new Watch(at.bestAccuracy(), at.bestEpoch(), at.sinceBest());
            long step = at.step();
            boolean stopped = false;
            for (int e = at.epoch(); e < config.schedule().epochs() && !stopped; e++) {
                boolean phase2 = config.schedule().isAclEpoch(e);
                double lr = phase2 ? config.schedule().aclLr() : config.schedule().preLr();
                int firstBatch = e == at.epoch() ? at.batch() : 0;
                try (BatchLoader.Epoch epoch = loader.epoch(e, firstBatch)) {
                    for (Batch b : epoch) {
                        if (b.index() >= perEpoch) {
                            break;
                        }
                        long s0 = System.nanoTime();
                        double lambda2 = phase2 ? config.acl().lambda2At(step - phase2Start) : 0;
                        AclBatch acl = lambda2 > 0 && sampler != null
                                ? AclBatch.build(model, sampler, rmset, aclPre, config.acl(), config.run().seed(), step, oracle) : null;
                        TrainInput input = acl == null
                                ? TrainInput.pre(b.images(), b.targets(), config.schedule().lambda1())
                                : new TrainInput(b.images(), b.targets(), config.schedule().lambda1(), acl.images(), acl.layout(), lambda2);
                        if (acl != null && gradientNormsEvery > 0 && step % gradientNormsEvery == 0) {
                            GradientBalance g = GradientBalance.measure(model, input, b.images(), b.targets(), config.schedule().lambda1());
                            grads.append(step, e, lambda2, g.pre(), g.acl(), g.ratio(), g.cosine());
                        }
                        StepResult r = step(model, input.checkFor(model.config()), lr);
                        StepRecord rec = new StepRecord(step, e, b.index(), phase2 ? 2 : 1, lr, r,
                                acl == null ? null : acl.stats(), (System.nanoTime() - s0) / 1e9);
                        log(steps, rec);
                        listener.onStep(rec);
                        step++;
                        bar.update(step, String.format(Locale.ROOT, "epoch %d/%d phase %d, loss %.4f (fer %.4f, ial %.4f%s)",
                                e + 1, config.schedule().epochs(), phase2 ? 2 : 1, r.total(), r.fer(), r.ial(),
                                Double.isNaN(r.acl()) ? "" : String.format(Locale.ROOT, ", acl %.4f", r.acl())));
                        boolean epochEnd = b.index() + 1 >= perEpoch;
                        if (config.schedule().evalEverySteps() > 0 && step % config.schedule().evalEverySteps() == 0 && !epochEnd) {
                            if (validation != null) {
                                if (validate(model, validation, evalPre, vals, watch, step, e)) {
                                    Checkpoint.save(model, watch.position(e, b.index() + 1, step), run.best());
                                }
                                if (watch.exhausted(config.schedule().earlyStopPatience())) {
                                    stopped = true;
                                    break;
                                }
                            } else {
                                EvalResult ev = Evaluator.evaluate(model, test, evalPre, config.schedule().evalBatch(), false, progress);
                                evals.append(step, e, "step", ev.accuracy(), ev.classAverageAccuracy(), ev.attentionAccuracy());
                            }
                        }
                        if (config.run().checkpointEverySteps() > 0 && step % config.run().checkpointEverySteps() == 0 && !epochEnd) {
                            Checkpoint.save(model, watch.position(e, b.index() + 1, step), run.last());
                        }
                    }
                }
                EvalResult ev = Evaluator.evaluate(model, test, evalPre, config.schedule().evalBatch(), false, progress);
                evals.append(step, e, stopped ? "stop" : "epoch", ev.accuracy(), ev.classAverageAccuracy(), ev.attentionAccuracy());
                logEpoch(epochs, steps, e, phase2, ev);
                progress.accept(String.format(Locale.ROOT, "epoch %d/%d (phase %d)%s: test %s", e + 1, config.schedule().epochs(),
                        phase2 ? 2 : 1, stopped ? ", stopped early (validation)" : "", ev.summary()));
                boolean better;
                if (validation != null) {
                    better = !stopped && validate(model, validation, evalPre, vals, watch, step, e);
                    stopped |= watch.exhausted(config.schedule().earlyStopPatience());
                } else {
                    better = watch.offer(ev.accuracy(), e);
                }
                // a stopped run is finished: its position says so, and a re-run re-reads it
                Checkpoint.Position next = stopped ? watch.position(config.schedule().epochs(), 0, step) : watch.position(e + 1, 0, step);
                Checkpoint.save(model, next, run.epochCheckpoint(e));
                if (better) {
                    Checkpoint.save(model, next, run.best());
                }
                Checkpoint.save(model, next, run.last());
            }
            EvalResult fin = Evaluator.evaluate(model, test, evalPre, config.schedule().evalBatch(), false, progress);
            writeFinal(fin);
            TrainResult result = new TrainResult(config, run, fin, watch.best, watch.bestEpoch, step,
                    sampler == null ? null : sampler.counters(), run.candidatePrecision(), (System.nanoTime() - t0) / 1e9);
            RunReport.write(result, train, test);
            return result;
        }
    }

    /** The best score so far and how many evaluations ago it was: what {@code best} and early stopping need. */
    private static final class Watch {
        double best;
        int bestEpoch;
        int since;

        Watch(double best, int bestEpoch, int since) {
            this.best = best;
            this.bestEpoch = bestEpoch;
            this.since = since;
        }

        /** Records a score; true when it is the best so far (ties keep the earlier one). */
        boolean offer(double score, int epoch) {
            if (Double.isNaN(best) || score > best) {
                best = score;
                bestEpoch = epoch;
                since = 0;
                return true;
            }
            since++;
            return false;
        }

        boolean exhausted(int patience) {
            return patience > 0 && since >= patience;
        }

        Checkpoint.Position position(int epoch, int batch, long step) {
            return new Checkpoint.Position(epoch, batch, step, best, bestEpoch, since);
        }
    }

    /** Evaluates the validation split, logs it and offers its class-average accuracy to the watch. */
    private boolean validate(RmferModel model, FaceDataset validation, Preprocessor pre, CsvLog vals, Watch watch, long step,
                             int epoch) {
        EvalResult v = Evaluator.evaluate(model, validation, pre, config.schedule().evalBatch(), false, s -> { });
        boolean better = watch.offer(v.classAverageAccuracy(), epoch);
        vals.append(step, epoch, v.accuracy(), v.classAverageAccuracy(), v.attentionAccuracy(), better ? 1 : 0);
        return better;
    }

    /** Adam or SAM over Adam, as the config says. */
    private StepResult step(RmferModel model, TrainInput input, double lr) {
        return config.schedule().optimizer() == Optimizer.SAM ? samStep(model, input, lr, config.schedule().samRho()) : model.step(input, lr);
    }

    /**
     * SAM over Adam (official {@code optimizer/SAM.py}): g = ∇L(w); e = ρ·g/(‖g‖₂ + 1e-12) over all parameters;
     * Adam steps with ∇L(w + e) and the update is applied at w. Adam's update does not depend on w, so it is taken
     * at w + e and e is subtracted afterwards. The running statistics move once, on the second pass (the code moves
     * them on both). Returns the losses at w.
     */
    public static StepResult samStep(RmferModel model, TrainInput input, double lr, double rho) {
        RmferModel.Gradients g = model.gradients(input);
        double sq = 0;
        for (INDArray a : g.grads().values()) {
            double n = a.norm2Number().doubleValue();
            sq += n * n;
        }
        double scale = rho / (Math.sqrt(sq) + 1e-12);
        Map<String, INDArray> params = model.parameters().params();
        List<Map.Entry<String, INDArray>> applied = new ArrayList<>();
        for (Map.Entry<String, INDArray> e : g.grads().entrySet()) {
            INDArray w = params.get(e.getKey());
            if (w != null) {
                INDArray delta = e.getValue().castTo(w.dataType()).muli(scale);
                w.addi(delta);
                applied.add(Map.entry(e.getKey(), delta));
            }
        }
        try {
            model.step(input, lr);
        } finally {
            for (Map.Entry<String, INDArray> e : applied) {
                params.get(e.getKey()).subi(e.getValue());
            }
        }
        return g.losses();
    }

    /** Restores {@code last.rmfer}; when it is damaged, says which intact epoch checkpoint to resume from instead. */
    private Checkpoint.Position restoreLast(RmferModel model) {
        try {
            return Checkpoint.restore(model, run.last());
        } catch (RmferException e) {
            String hint = "";
            for (int ep = config.schedule().epochs() - 1; ep >= 0; ep--) {
                Path p = run.epochCheckpoint(ep);
                if (Files.isRegularFile(p)) {
                    try {
                        Checkpoint.position(p);
                        hint = "; " + p + " is intact: copy it over " + run.last() + " to resume from the end of epoch " + (ep + 1);
                        break;
                    } catch (RmferException damaged) {
                        // look further back
                    }
                }
            }
            throw new RmferException("Cannot resume " + run.root() + ": " + e.getMessage() + hint, e);
        }
    }

    private Checkpoint.Position prepare(RmferModel model, CsvLog steps, CsvLog epochs, CsvLog evals, CsvLog vals, CsvLog grads) {
        try {
            Files.createDirectories(run.root().resolve("checkpoints"));
        } catch (IOException e) {
            throw AtomicFiles.failure("create the run directory", run.root(), e);
        }
        // a kill during a checkpoint write leaves its temporary file; one run has one writer, so these are stale
        AtomicFiles.removeStaleTemps(run.root().resolve("checkpoints"), "");
        AtomicFiles.removeStaleTemps(run.root(), "");
        if (Files.isRegularFile(run.last())) {
            TrainConfig stored = run.readConfig();
            if (!stored.equals(config)) {
                throw new RmferException(run.root() + " holds a run with a different config; use a new run directory or the "
                        + "same config to resume (stored: " + run.config() + ")");
            }
            Checkpoint.Position at = restoreLast(model);
            // forget what happened after the checkpoint: those steps will be redone identically
            steps.keepOnly(r -> Long.parseLong(r[0]) < at.step());
            epochs.keepOnly(r -> Integer.parseInt(r[0]) < at.epoch());
            evals.keepOnly(r -> Long.parseLong(r[0]) < at.step() || Long.parseLong(r[0]) == at.step()
                    && Integer.parseInt(r[1]) < at.epoch());
            vals.keepOnly(r -> Long.parseLong(r[0]) < at.step() || Long.parseLong(r[0]) == at.step()
                    && Integer.parseInt(r[1]) < at.epoch());
            grads.keepOnly(r -> Long.parseLong(r[0]) < at.step());
            return at;
        }
        if (config.model().initWeights() != null) {
            Path init = Path.of(config.model().initWeights());
            if (!org.rmfer4j.model.ModelFiles.isModelFile(init)) {
                // a PyTorch checkpoint (torchvision, timm, the official split): mapped and shape-checked into this model
                var r = org.rmfer4j.checkpoint.CheckpointImport.loadInto(model, java.util.List.of(init), null, false);
                progress.accept("init from " + init + ": " + r.summary().replace("\n", "; "));
            } else {
                org.rmfer4j.model.ModelFiles.Loaded loaded = org.rmfer4j.model.ModelFiles.read(init);
                org.rmfer4j.model.ModelFiles.checkAgainstConfig(loaded.config(), loaded.arrays(), init.toString(), true);
                // the weights must fit (backbone, classes, H's width); seed, τ, mask and input size are the run's own
                org.rmfer4j.model.ModelConfig a = loaded.config();
                org.rmfer4j.model.ModelConfig b = model.config();
                if (a.backbone() != b.backbone() || !a.classes().equals(b.classes()) || a.projectionDim() != b.projectionDim()) {
                    throw new RmferException("initWeights " + init + " holds a model " + a + ", whose weights do not fit the "
                            + b + " this run trains (backbone, classes and projectionDim must agree)");
                }
                model.parameters().assignExactly(org.rmfer4j.model.ModelFiles.modelArrays(loaded.arrays()), init.toString());
            }
        }
        config.write(run.config());
        AtomicFiles.writeString(run.environment(), Environment.describe(config.run().engine()).toJson());
        steps.reset();
        epochs.reset();
        evals.reset();
        vals.reset();
        grads.reset();
        return Checkpoint.Position.START;
    }

    private static void log(CsvLog steps, StepRecord r) {
        StepResult l = r.losses();
        AclBatch.Stats a = r.acl();
        steps.append(r.step(), r.epoch(), r.batch(), r.phase(), r.lr(), l.total(), l.fer(), l.ial(), l.acl(),
                l.aclAnchors(), l.aclSkipped(), a == null ? 0 : a.failed(), a == null ? 0 : a.keptPos(),
                a == null ? 0 : a.keptNeg(), a == null ? Double.NaN : a.positivePrecision(false),
                a == null ? Double.NaN : a.positivePrecision(true), a == null ? Double.NaN : a.negativePrecision(false),
                a == null ? Double.NaN : a.negativePrecision(true), r.seconds());
    }

    /** Epoch means from the step log (so a resumed epoch counts the steps before the interruption too), read once. */
    private static void logEpoch(CsvLog epochs, CsvLog steps, int e, boolean phase2, EvalResult ev) {
        List<String> cols = new ArrayList<>(List.of("loss_total", "loss_fer", "loss_ial", "loss_acl"));
        cols.addAll(CsvLog.PRECISION_COLUMNS);
        int epochCol = steps.column("epoch");
        CsvLog.Means m = steps.means(cols, r -> Integer.parseInt(r[epochCol]) == e);
        double[] v = m.values();
        epochs.append(e, phase2 ? 2 : 1, m.rows(), v[0], v[1], v[2], v[3], ev.accuracy(), ev.classAverageAccuracy(),
                ev.attentionAccuracy(), v[4], v[5], v[6], v[7]);
    }

    private void writeFinal(EvalResult fin) {
        org.rmfer4j.core.Tables.writeCsv(fin.origin().table(), run.confusion());
        org.rmfer4j.core.Tables.writeCsv(fin.origin().perClass(), run.perClass());
    }
}
