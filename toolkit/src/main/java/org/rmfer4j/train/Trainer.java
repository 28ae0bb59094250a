package org.rmfer4j.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.checkpoint.CheckpointImport;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.Locations;
import org.rmfer4j.core.Progress;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.core.Tables;
import org.rmfer4j.data.FaceDataset;
import org.rmfer4j.data.batch.Batch;
import org.rmfer4j.data.batch.BatchLoader;
import org.rmfer4j.data.batch.Sampler;
import org.rmfer4j.data.transform.Preprocessor;
import org.rmfer4j.eval.EvalResult;
import org.rmfer4j.eval.Evaluator;
import org.rmfer4j.model.ModelConfig;
import org.rmfer4j.model.ModelFiles;
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
        private StepListener listener = r -> {};
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

    /** Runs (or resumes, or — when already finished — re-reads) the training. */
    public TrainResult run() {
        long t0 = System.nanoTime();
        Inputs in = inputs();
        CsvLog steps = new CsvLog(run.stepMetrics(), RunDirectory.STEP_COLUMNS);
        CsvLog epochs = new CsvLog(run.epochMetrics(), RunDirectory.EPOCH_COLUMNS);
        CsvLog evals = new CsvLog(run.evalMetrics(), RunDirectory.EVAL_COLUMNS);
        CsvLog vals = new CsvLog(run.validationMetrics(), RunDirectory.VALIDATION_COLUMNS);
        CsvLog grads = new CsvLog(run.gradientMetrics(), RunDirectory.GRADIENT_COLUMNS);
        try (RunLock lock = RunLock.take(run.root());
                RmferModel model = RmferModel.create(
                        config.modelConfig(in.train().classOrder()),
                        config.run().engine())) {
            Checkpoint.Position at = prepare(model, steps, epochs, evals, vals, grads);
            Loop loop = new Loop(model, in, at, new Logs(steps, epochs, evals, vals, grads));
            loop.epochs();
            EvalResult fin = Evaluator.evaluate(
                    model, in.test(), in.evalPre(), config.schedule().evalBatch(), false, progress);
            writeFinal(fin);
            TrainResult result = new TrainResult(
                    config,
                    run,
                    fin,
                    loop.watch.best,
                    loop.watch.bestEpoch,
                    loop.step,
                    in.sampler() == null ? null : in.sampler().counters(),
                    run.candidatePrecision(),
                    (System.nanoTime() - t0) / 1e9);
            RunReport.write(result, in.train(), in.test());
            return result;
        }
    }

    /**
     * What a run reads before its first step: the splits, their preprocessing, and (phase 2 with ACL) the RMset and
     * its sampler.
     */
    private record Inputs(
            FaceDataset train,
            @Nullable FaceDataset validation,
            FaceDataset test,
            Preprocessor trainPre,
            Preprocessor evalPre,
            Preprocessor aclPre,
            @Nullable RmsetIndex rmset,
            @Nullable AclSampler sampler) {}

    private Inputs inputs() {
        TrainSplits splits = TrainSplits.of(config);
        FaceDataset train = splits.train();
        FaceDataset test = TrainSplits.test(config);
        if (train.size() < config.schedule().batchSize()) {
            throw new RmferException("The training split " + train.name() + " has " + train.size()
                    + " images, fewer than one batch of " + config.schedule().batchSize());
        }
        Preprocessor trainPre = Preprocessor.forDataset(
                train.manifest(), config.model().inputSize(), config.data().augmentation());
        // RMset faces get the labelled set's statistics and the same augmentation (see TrainConfig's javadoc)
        Preprocessor aclPre = trainPre.withGrayscale(false);
        RmsetIndex rmset = null;
        AclSampler sampler = null;
        if (config.usesAcl()) {
            rmset = RmsetIndex.read(
                            Locations.of(Objects.requireNonNull(config.data().rmsetRoot())))
                    .fractionOfVideos(
                            config.data().rmsetFraction(), config.run().seed());
            sampler = new AclSampler(rmset, config.acl().samplerOptions());
            if (config.acl().pairs().needsTruth() && oracle == null) {
                throw new RmferException("acl.pairs = " + config.acl().pairs()
                        + " needs the RMset's true expressions (a synthetic RMset and "
                        + "Trainer.builder().optOracle(..)); a real RMset has none");
            }
        }
        return new Inputs(
                train,
                splits.validation(),
                test,
                trainPre,
                TrainSplits.evalPreprocessor(config, test),
                aclPre,
                rmset,
                sampler);
    }

    /** The run's metric files. */
    private record Logs(CsvLog steps, CsvLog epochs, CsvLog evals, CsvLog vals, CsvLog grads) {}

    /**
     * The step loop of one run and its hooks: each step ({@link #step}), the evaluations and checkpoints between
     * steps ({@link #betweenSteps}) and at the end of an epoch ({@link #endOfEpoch}).
     */
    private final class Loop {
        final RmferModel model;
        final Inputs in;
        final Checkpoint.Position start;
        final Logs logs;
        final BatchLoader loader;
        final int perEpoch;
        final long phase2Start;
        final Progress bar;
        final Watch watch;
        long step;
        boolean stopped;

        Loop(RmferModel model, Inputs in, Checkpoint.Position start, Logs logs) {
            this.model = model;
            this.in = in;
            this.start = start;
            this.logs = logs;
            FaceDataset train = in.train();
            ScheduleSettings s = config.schedule();
            RunSettings r = config.run();
            this.loader = BatchLoader.builder()
                    .setDataset(train)
                    .setBatchSize(s.batchSize())
                    .setPreprocessor(in.trainPre())
                    .optTargetOrder(model.config().classes())
                    // class-balanced draws fill a whole epoch of stepsPerEpoch steps even when that is more than one
                    // pass
                    .optSampler(
                            config.data().classBalanced()
                                    ? Sampler.classBalanced(
                                            train.labelIndices(), r.seed(), s.stepsPerEpoch() * s.batchSize())
                                    : Sampler.shuffled(train.size(), r.seed()))
                    .optDropLast(true)
                    .optWorkers(r.workers())
                    .optSeed(r.seed())
                    .build();
            this.perEpoch = s.stepsPerEpoch() > 0
                    ? Math.min(s.stepsPerEpoch(), loader.batchesPerEpoch())
                    : loader.batchesPerEpoch();
            this.phase2Start = (long) perEpoch * s.preEpochs();
            long totalSteps = (long) perEpoch * s.epochs();
            progress.accept(String.format(
                    Locale.ROOT,
                    "train %s: %s; %d + %d epochs x %d steps; %s%s%s",
                    config.name(),
                    train.provenance(),
                    s.preEpochs(),
                    s.aclEpochs(),
                    perEpoch,
                    model.engine(),
                    in.validation() == null
                            ? ""
                            : "; validation " + in.validation().size() + " images",
                    start.epoch() >= s.epochs()
                            ? "; already finished at step " + start.step() + " (nothing to train)"
                            : start.step() > 0 ? "; resuming at step " + start.step() : ""));
            this.bar = new Progress("train " + config.name(), totalSteps, "steps", progress, 5, start.step());
            this.watch = new Watch(start.bestAccuracy(), start.bestEpoch(), start.sinceBest());
            this.step = start.step();
        }

        void epochs() {
            for (int e = start.epoch(); e < config.schedule().epochs() && !stopped; e++) {
                boolean phase2 = config.schedule().isAclEpoch(e);
                double lr =
                        phase2 ? config.schedule().aclLr() : config.schedule().preLr();
                int firstBatch = e == start.epoch() ? start.batch() : 0;
                try (BatchLoader.Epoch epoch = loader.epoch(e, firstBatch)) {
                    for (Batch b : epoch) {
                        if (b.index() >= perEpoch) {
                            break;
                        }
                        step(b, e, phase2, lr);
                        boolean epochEnd = b.index() + 1 >= perEpoch;
                        if (!epochEnd && betweenSteps(e, b.index())) {
                            stopped = true;
                            break;
                        }
                    }
                }
                endOfEpoch(e, phase2);
            }
        }

        /** One optimisation step on labelled batch {@code b} (and, in phase 2, its RMset anchors), logged. */
        void step(Batch b, int e, boolean phase2, double lr) {
            long s0 = System.nanoTime();
            double lambda1 = config.schedule().lambda1();
            double lambda2 = phase2 ? config.acl().lambda2At(step - phase2Start) : 0;
            AclBatch acl = lambda2 > 0 && in.sampler() != null
                    ? AclBatch.build(
                            model,
                            in.sampler(),
                            in.rmset(),
                            in.aclPre(),
                            config.acl(),
                            config.run().seed(),
                            step,
                            oracle)
                    : null;
            TrainInput input = acl == null
                    ? TrainInput.pre(b.images(), b.targets(), lambda1)
                    : new TrainInput(b.images(), b.targets(), lambda1, acl.images(), acl.layout(), lambda2);
            if (acl != null && gradientNormsEvery > 0 && step % gradientNormsEvery == 0) {
                GradientBalance g = GradientBalance.measure(model, input, b.images(), b.targets(), lambda1);
                logs.grads().append(step, e, lambda2, g.pre(), g.acl(), g.ratio(), g.cosine());
            }
            StepResult r = optimise(model, input.checkFor(model.config()), lr);
            StepRecord rec = new StepRecord(
                    step,
                    e,
                    b.index(),
                    phase2 ? 2 : 1,
                    lr,
                    r,
                    acl == null ? null : acl.stats(),
                    (System.nanoTime() - s0) / 1e9);
            log(logs.steps(), rec);
            listener.onStep(rec);
            step++;
            bar.update(
                    step,
                    String.format(
                            Locale.ROOT,
                            "epoch %d/%d phase %d, loss %.4f (fer %.4f, ial %.4f%s)",
                            e + 1,
                            config.schedule().epochs(),
                            phase2 ? 2 : 1,
                            r.total(),
                            r.fer(),
                            r.ial(),
                            Double.isNaN(r.acl()) ? "" : String.format(Locale.ROOT, ", acl %.4f", r.acl())));
        }

        /** Evaluations and checkpoints due within an epoch; true when early stopping ends the run here. */
        boolean betweenSteps(int e, int batch) {
            ScheduleSettings s = config.schedule();
            if (s.evalEverySteps() > 0 && step % s.evalEverySteps() == 0) {
                if (in.validation() != null) {
                    if (validate(model, in.validation(), in.evalPre(), logs.vals(), watch, step, e)) {
                        Checkpoint.save(model, watch.position(e, batch + 1, step), run.best());
                    }
                    if (watch.exhausted(s.earlyStopPatience())) {
                        return true;
                    }
                } else {
                    EvalResult ev = Evaluator.evaluate(model, in.test(), in.evalPre(), s.evalBatch(), false, progress);
                    logs.evals()
                            .append(step, e, "step", ev.accuracy(), ev.classAverageAccuracy(), ev.attentionAccuracy());
                }
            }
            if (config.run().checkpointEverySteps() > 0 && step % config.run().checkpointEverySteps() == 0) {
                Checkpoint.save(model, watch.position(e, batch + 1, step), run.last());
            }
            return false;
        }

        /** The epoch's test evaluation, validation, early-stopping decision and checkpoints. */
        void endOfEpoch(int e, boolean phase2) {
            ScheduleSettings s = config.schedule();
            EvalResult ev = Evaluator.evaluate(model, in.test(), in.evalPre(), s.evalBatch(), false, progress);
            logs.evals()
                    .append(
                            step,
                            e,
                            stopped ? "stop" : "epoch",
                            ev.accuracy(),
                            ev.classAverageAccuracy(),
                            ev.attentionAccuracy());
            logEpoch(logs.epochs(), logs.steps(), e, phase2, ev);
            progress.accept(String.format(
                    Locale.ROOT,
                    "epoch %d/%d (phase %d)%s: test %s",
                    e + 1,
                    s.epochs(),
                    phase2 ? 2 : 1,
                    stopped ? ", stopped early (validation)" : "",
                    ev.summary()));
            boolean better;
            if (in.validation() != null) {
                better = !stopped && validate(model, in.validation(), in.evalPre(), logs.vals(), watch, step, e);
                stopped |= watch.exhausted(s.earlyStopPatience());
            } else {
                better = watch.offer(ev.accuracy(), e);
            }
            // a stopped run is finished: its position says so, and a re-run re-reads it
            Checkpoint.Position next = stopped ? watch.position(s.epochs(), 0, step) : watch.position(e + 1, 0, step);
            Checkpoint.save(model, next, run.epochCheckpoint(e));
            if (better) {
                Checkpoint.save(model, next, run.best());
            }
            Checkpoint.save(model, next, run.last());
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
    private boolean validate(
            RmferModel model,
            FaceDataset validation,
            Preprocessor pre,
            CsvLog vals,
            Watch watch,
            long step,
            int epoch) {
        EvalResult v =
                Evaluator.evaluate(model, validation, pre, config.schedule().evalBatch(), false, s -> {});
        boolean better = watch.offer(v.classAverageAccuracy(), epoch);
        vals.append(step, epoch, v.accuracy(), v.classAverageAccuracy(), v.attentionAccuracy(), better ? 1 : 0);
        return better;
    }

    /** Adam or SAM over Adam, as the config says. */
    private StepResult optimise(RmferModel model, TrainInput input, double lr) {
        return config.schedule().optimizer() == Optimizer.SAM
                ? SamStep.step(model, input, lr, config.schedule().samRho())
                : model.step(input, lr);
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
                        hint = "; " + p + " is intact: copy it over " + run.last() + " to resume from the end of epoch "
                                + (ep + 1);
                        break;
                    } catch (RmferException damaged) {
                        // look further back
                    }
                }
            }
            throw new RmferException("Cannot resume " + run.root() + ": " + e.getMessage() + hint, e);
        }
    }

    private Checkpoint.Position prepare(
            RmferModel model, CsvLog steps, CsvLog epochs, CsvLog evals, CsvLog vals, CsvLog grads) {
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
                throw new RmferException(
                        run.root() + " holds a run with a different config; use a new run directory or the "
                                + "same config to resume (stored: " + run.config() + ")");
            }
            Checkpoint.Position at = restoreLast(model);
            // forget what happened after the checkpoint: those steps will be redone identically
            steps.keepOnly(r -> Long.parseLong(r[0]) < at.step());
            epochs.keepOnly(r -> Integer.parseInt(r[0]) < at.epoch());
            evals.keepOnly(r -> Long.parseLong(r[0]) < at.step()
                    || Long.parseLong(r[0]) == at.step() && Integer.parseInt(r[1]) < at.epoch());
            vals.keepOnly(r -> Long.parseLong(r[0]) < at.step()
                    || Long.parseLong(r[0]) == at.step() && Integer.parseInt(r[1]) < at.epoch());
            grads.keepOnly(r -> Long.parseLong(r[0]) < at.step());
            return at;
        }
        if (config.model().initWeights() != null) {
            Path init = Path.of(config.model().initWeights());
            if (!ModelFiles.isModelFile(init)) {
                // a PyTorch checkpoint (torchvision, timm, the official split): mapped and shape-checked into this
                // model
                var r = CheckpointImport.loadInto(model, List.of(init), null, false);
                progress.accept("init from " + init + ": " + r.summary().replace("\n", "; "));
            } else {
                ModelFiles.Loaded loaded = ModelFiles.read(init);
                ModelFiles.checkAgainstConfig(loaded.config(), loaded.arrays(), init.toString(), true);
                // the weights must fit (backbone, classes, H's width); seed, τ, mask and input size are the run's own
                ModelConfig a = loaded.config();
                ModelConfig b = model.config();
                if (a.backbone() != b.backbone()
                        || !a.classes().equals(b.classes())
                        || a.projectionDim() != b.projectionDim()) {
                    throw new RmferException(
                            "initWeights " + init + " holds a model " + a + ", whose weights do not fit the " + b
                                    + " this run trains (backbone, classes and projectionDim must agree)");
                }
                model.parameters().assignExactly(ModelFiles.modelArrays(loaded.arrays()), init.toString());
            }
        }
        config.write(run.config());
        AtomicFiles.writeString(
                run.environment(), Environment.describe(config.run().engine()).toJson());
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
        steps.append(
                r.step(),
                r.epoch(),
                r.batch(),
                r.phase(),
                r.lr(),
                l.total(),
                l.fer(),
                l.ial(),
                l.acl(),
                l.aclAnchors(),
                l.aclSkipped(),
                a == null ? 0 : a.failed(),
                a == null ? 0 : a.keptPos(),
                a == null ? 0 : a.keptNeg(),
                a == null ? Double.NaN : a.positivePrecision(false),
                a == null ? Double.NaN : a.positivePrecision(true),
                a == null ? Double.NaN : a.negativePrecision(false),
                a == null ? Double.NaN : a.negativePrecision(true),
                r.seconds());
    }

    /** Epoch means from the step log (so a resumed epoch counts the steps before the interruption too), read once. */
    private static void logEpoch(CsvLog epochs, CsvLog steps, int e, boolean phase2, EvalResult ev) {
        List<String> cols = new ArrayList<>(List.of("loss_total", "loss_fer", "loss_ial", "loss_acl"));
        cols.addAll(CsvLog.PRECISION_COLUMNS);
        int epochCol = steps.column("epoch");
        CsvLog.Means m = steps.means(cols, r -> Integer.parseInt(r[epochCol]) == e);
        double[] v = m.values();
        epochs.append(
                e,
                phase2 ? 2 : 1,
                m.rows(),
                v[0],
                v[1],
                v[2],
                v[3],
                ev.accuracy(),
                ev.classAverageAccuracy(),
                ev.attentionAccuracy(),
                v[4],
                v[5],
                v[6],
                v[7]);
    }

    private void writeFinal(EvalResult fin) {
        Tables.writeCsv(fin.origin().table(), run.confusion());
        Tables.writeCsv(fin.origin().perClass(), run.perClass());
    }
}
