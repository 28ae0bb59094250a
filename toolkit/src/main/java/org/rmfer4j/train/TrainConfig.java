package org.rmfer4j.train;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.loss.AttentionSelection;
import org.rmfer4j.loss.SelfMask;
import org.rmfer4j.model.Backbone;
import org.rmfer4j.model.Engine;
import org.rmfer4j.model.ModelConfig;

/**
 * Everything a training run depends on, in one immutable record: data, model, both phases, the ACL sampler and
 * selection, loss weights, optimiser and seed. Build with {@link #builder()} (required: {@code setDataset},
 * {@code setDatasetRoot}); read and write as JSON ({@link #read}, {@link #toJson}); the run directory stores it, and a
 * resumed run must have the same one.
 *
 * <p>Where the paper and the official code disagree the default is the code's, and the paper's value is an option:
 * self-mask ({@link SelfMask#OFFICIAL} vs {@code PAPER}), τ (1.0 in every config; the constructor default 0.25),
 * the positive window ({@link AclSampler.Window#OFFICIAL} adaptive R vs {@code PAPER} d = 5), λ1 (0.0 in every config;
 * 0.1 and 1.2 in the code's history). Values neither source gives — λ2 and the phase-1 length — are the toolkit's
 * choices and say so.
 *
 * @param name              run name (variants append {@code -baseline}, {@code -without-acl}, {@code -full})
 * @param dataset           labelled benchmark: a manifest name ({@code rafdb}, {@code affectnet}, {@code ferplus}) or a
 *                          manifest JSON path (the synthetic sets write one)
 * @param datasetRoot       where that dataset lives
 * @param trainSplit        training split name
 * @param testSplit         evaluation split name
 * @param classes           7 or 8 for AffectNet, else null (the manifest's default)
 * @param rmsetRoot         RMset folder with {@code index.csv}, or null (then λ2 must be 0)
 * @param rmsetFraction     share of the RMset's videos ACL draws from (Table 4: 0.5 or 1.0); a seeded choice of
 *                          ⌈fraction · videos⌉ videos
 * @param engine            training engine (torch by default)
 * @param backbone          feature extractor
 * @param inputSize         square input side
 * @param projectionDim     width of H; 0 means the feature size n (official)
 * @param tau               temperature of IAL and ACL (official configs 1.0)
 * @param selfMask          IAL self-masking (official −1e7)
 * @param preEpochs         phase 1 epochs: L_pre on the benchmark only (the paper's "first few epochs"; its criterion
 *                          is in the supplement, not the code)
 * @param aclEpochs         phase 2 epochs: L_total with RMset anchors
 * @param preLr             Adam learning rate of phase 1
 * @param aclLr             Adam learning rate of phase 2
 * @param optimizer         Adam, or SAM over Adam (official)
 * @param samRho            SAM's ρ (official 0.05)
 * @param batchSize         labelled images per step (official 32)
 * @param stepsPerEpoch     cap on steps per epoch; 0 = one pass over the (class-balanced) training split
 * @param anchorsPerStep    RMset anchors per phase-2 step (not in the code; the paper's Fig. 3 shows a batch)
 * @param candidates        positive and negative candidates drawn per anchor (official 50 and 50)
 * @param gamma             attention-based selection ratio γ (official and paper 0.1)
 * @param window            positive-window rule (official adaptive R)
 * @param d                 the paper's positive half-width (5)
 * @param dPrime            negative gap d′ (30)
 * @param attentionSelection false draws the kept candidates at random instead (an ablation of the selection)
 * @param lambda1           weight of L_IAL (official 0.0)
 * @param lambda2           weight of L_ACL (in neither source; toolkit default 1.0 when an RMset is given, else 0)
 * @param classBalanced     1/count weighted sampling with replacement (official)
 * @param augmentation      the official one-of-three augmentation on labelled and RMset images
 * @param labelledLimit     use at most this many labelled training images (Table 2's 4,000); 0 = all
 * @param evalEverySteps    also evaluate every this many steps; 0 = once per epoch only
 * @param evalBatch         evaluation batch (32: the attention branch's accuracy depends on it)
 * @param checkpointEverySteps also write {@code last} every this many steps; 0 = at epoch ends only
 * @param workers           image decoding threads
 * @param seed              one seed for weights, sampling, augmentation and ACL draws
 * @param labelledPerClass  the semi-supervised regime: at most this many labelled training images per class (a seeded,
 *                          stratified draw applied after {@code labelledLimit}); 0 = all
 * @param validationPerClass a validation split of this many images per class, drawn (seeded by {@code seed}) from the
 *                          training images the run does not train on; it selects {@code best} and drives early
 *                          stopping, so the test split is only reported; 0 = none (then {@code best} is the best
 *                          epoch-end test accuracy, shown for comparison only)
 * @param earlyStopPatience stop the run when validation class-average accuracy has not improved for this many
 *                          evaluations (every {@code evalEverySteps} and at epoch ends); 0 = never. The synthetic lab
 *                          runs phase 1 this way and starts phase 2 from its {@code best}
 * @param initWeights       a model file or checkpoint whose weights the run starts from (optimiser state fresh), or
 *                          null for the seeded initialisation
 * @param lambda2Warmup     λ2 ramps linearly from λ2/N to λ2 over the first N phase-2 steps; 0 = no warm-up
 * @param aclPairs          {@link AclPairs#PRIOR} (the method: the RMset's prior plus attention-based selection) or
 *                          {@link AclPairs#ORACLE} (the upper-bound control: the kept candidates chosen by the true
 *                          expressions of a synthetic RMset)
 */
public record TrainConfig(String name, String dataset, String datasetRoot, String trainSplit, String testSplit,
                          @Nullable Integer classes, @Nullable String rmsetRoot, double rmsetFraction, Engine engine, Backbone backbone,
                          int inputSize, int projectionDim, double tau, SelfMask selfMask, int preEpochs, int aclEpochs,
                          double preLr, double aclLr, Optimizer optimizer, double samRho, int batchSize,
                          int stepsPerEpoch, int anchorsPerStep, int candidates, double gamma, AclSampler.Window window,
                          int d, int dPrime, boolean attentionSelection, double lambda1, double lambda2,
                          boolean classBalanced, boolean augmentation, int labelledLimit, int evalEverySteps,
                          int evalBatch, int checkpointEverySteps, int workers, long seed, int labelledPerClass,
                          int validationPerClass, int earlyStopPatience, @Nullable String initWeights, int lambda2Warmup,
                          AclPairs aclPairs) {
    /**
     * How phase 2 keeps ACL's positives and negatives out of the sampled candidates.
     */
    public enum AclPairs {
        /** The method: attention-based selection (or random, when {@code attentionSelection} is false). */
        PRIOR,
        /**
         * The upper-bound control, synthetic RMsets only: of the same candidates, keep those whose true expression is
         * the anchor's as positives and those whose true expression differs as negatives (as many as selection keeps).
         */
        ORACLE
    }

    /** λ2 when none is given: the paper does not state it and the code lacks it. */
    public static final double DEFAULT_LAMBDA2 = 1.0;

    /** λ2 when a config does not set it: {@link #DEFAULT_LAMBDA2} with an RMset, 0 without one. */
    public static double defaultLambda2(@Nullable String rmsetRoot) {
        return rmsetRoot != null ? DEFAULT_LAMBDA2 : 0.0;
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // "batchSize": 32.7 is an error, as it is for --set, not silently 32
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    public TrainConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(datasetRoot, "datasetRoot");
        Objects.requireNonNull(trainSplit, "trainSplit");
        Objects.requireNonNull(testSplit, "testSplit");
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(backbone, "backbone");
        Objects.requireNonNull(selfMask, "selfMask");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(aclPairs, "aclPairs");
        require(name.matches("[A-Za-z0-9._-]+"), "name", "letters, digits, '.', '_' or '-' only", name);
        require(rmsetFraction > 0 && rmsetFraction <= 1, "rmsetFraction", "in (0, 1]", rmsetFraction);
        require(inputSize >= 16 && inputSize <= 1024, "inputSize", "16..1024", inputSize);
        require(projectionDim >= 0, "projectionDim", ">= 0 (0 = feature size)", projectionDim);
        require(tau > 0 && Double.isFinite(tau), "tau", "> 0", tau);
        require(preEpochs >= 0 && aclEpochs >= 0 && preEpochs + aclEpochs >= 1, "preEpochs/aclEpochs",
                ">= 0 each and at least one epoch in all", preEpochs + "/" + aclEpochs);
        require(preLr > 0 && aclLr > 0 && Double.isFinite(preLr) && Double.isFinite(aclLr), "preLr/aclLr", "> 0 and finite",
                preLr + "/" + aclLr);
        require(samRho >= 0 && Double.isFinite(samRho), "samRho", ">= 0 and finite", samRho);
        require(batchSize >= 2, "batchSize", ">= 2 (inter-sample attention needs two images)", batchSize);
        require(stepsPerEpoch >= 0, "stepsPerEpoch", ">= 0", stepsPerEpoch);
        require(anchorsPerStep >= 1, "anchorsPerStep", ">= 1", anchorsPerStep);
        require(candidates >= 2, "candidates", ">= 2", candidates);
        require(gamma > 0 && gamma <= 0.5, "gamma", "in (0, 0.5]", gamma);
        require(d >= 0 && dPrime >= 0, "d/dPrime", ">= 0", d + "/" + dPrime);
        require(lambda1 >= 0 && lambda2 >= 0 && Double.isFinite(lambda1) && Double.isFinite(lambda2), "lambda1/lambda2",
                ">= 0 and finite", lambda1 + "/" + lambda2);
        require(labelledLimit >= 0, "labelledLimit", ">= 0 (0 = all)", labelledLimit);
        require(evalEverySteps >= 0 && checkpointEverySteps >= 0, "evalEverySteps/checkpointEverySteps", ">= 0",
                evalEverySteps + "/" + checkpointEverySteps);
        require(evalBatch >= 1, "evalBatch", ">= 1", evalBatch);
        require(workers >= 1, "workers", ">= 1", workers);
        require(labelledPerClass >= 0, "labelledPerClass", ">= 0 (0 = all)", labelledPerClass);
        require(validationPerClass >= 0, "validationPerClass", ">= 0 (0 = no validation split)", validationPerClass);
        require(earlyStopPatience >= 0, "earlyStopPatience", ">= 0 (0 = never)", earlyStopPatience);
        require(earlyStopPatience == 0 || validationPerClass > 0, "earlyStopPatience",
                "0 unless validationPerClass > 0 (early stopping watches the validation split, never the test split)",
                earlyStopPatience);
        require(lambda2Warmup >= 0, "lambda2Warmup", ">= 0 steps", lambda2Warmup);
        require(classes == null || classes == 7 || classes == 8, "classes", "7, 8 or absent", classes);
        require(!(lambda2 > 0 && aclEpochs > 0 && rmsetRoot == null), "rmsetRoot",
                "an RMset folder when lambda2 > 0 and aclEpochs > 0 (or set lambda2 to 0)", null);
    }

    private static void require(boolean ok, String field, String expected, @Nullable Object got) {
        if (!ok) {
            throw new RmferException("Training config field '" + field + "': expected " + expected + ", got " + got);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Total epochs of both phases. */
    public int epochs() {
        return preEpochs + aclEpochs;
    }

    /** True when epoch {@code e} (0-based) belongs to phase 2. */
    public boolean isAclEpoch(int e) {
        return e >= preEpochs;
    }

    /** λ2 at phase-2 step {@code k} (0-based): the warm-up ramp, then λ2. */
    public double lambda2At(long k) {
        return lambda2Warmup == 0 ? lambda2 : lambda2 * Math.min(1.0, (k + 1.0) / lambda2Warmup);
    }

    /** True when phase 2 actually adds L_ACL (λ2 &gt; 0 and an RMset). */
    public boolean usesAcl() {
        return lambda2 > 0 && aclEpochs > 0 && rmsetRoot != null;
    }

    /** The model this run trains, for the dataset's class order. */
    public ModelConfig modelConfig(org.rmfer4j.data.ClassOrder order) {
        return ModelConfig.builder().setClasses(order).optBackbone(backbone).optInputSize(inputSize)
                .optProjectionDim(projectionDim == 0 ? backbone.featureSize() : projectionDim)
                .optTau(tau).optSelfMask(selfMask).optSeed(seed).build();
    }

    /** The ACL sampler's options. */
    public AclSampler.Options samplerOptions() {
        return new AclSampler.Options(candidates, window, d, dPrime, AclSampler.Options.OFFICIAL.margin(),
                AclSampler.Options.OFFICIAL.maxAttempts());
    }

    /** Pretty-printed JSON, the form {@link #read} accepts and run directories store. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new RmferException("Cannot write the training config as JSON: " + e.getMessage(), e);
        }
    }

    /** Writes {@link #toJson()} atomically. */
    public Path write(Path file) {
        return AtomicFiles.writeString(file, toJson() + "\n");
    }

    /**
     * Reads a config file. Keys it leaves out take the defaults of {@link #builder()}; an unknown key or a value of
     * the wrong type is an error naming the file and the field.
     */
    public static TrainConfig read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new RmferException("Training config " + file + " does not exist");
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new RmferException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new RmferException(file + ": expected a JSON object of training settings");
        }
        return overlay(tree, file.toString());
    }

    /** A copy with some fields replaced, given as {@code key=value} strings (the CLI's {@code --set}). */
    public TrainConfig with(Map<String, String> settings) {
        ObjectNode node = JSON.createObjectNode();
        settings.forEach((k, v) -> {
            if (v.equalsIgnoreCase("null")) {
                node.putNull(k);
            } else {
                node.put(k, v);
            }
        });
        ObjectNode base = JSON.valueToTree(this);
        base.setAll(node);
        return parse(base, "--set");
    }

    private static TrainConfig overlay(JsonNode given, String where) {
        ObjectNode base;
        try {
            base = JSON.valueToTree(builder().setDataset("synthetic").setDatasetRoot(".").build());
        } catch (IllegalArgumentException e) {
            throw new RmferException("internal: cannot serialise the default training config", e);
        }
        base.setAll((ObjectNode) given);
        if (!given.has("lambda2")) {
            base.put("lambda2", defaultLambda2(given.hasNonNull("rmsetRoot") ? given.get("rmsetRoot").asText() : null));
        }
        return parse(base, where);
    }

    private static TrainConfig parse(ObjectNode node, String where) {
        List<String> known = Arrays.stream(TrainConfig.class.getRecordComponents()).map(RecordComponent::getName).toList();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!known.contains(k)) {
                throw new RmferException(where + ": unknown training setting '" + k + "'; known settings: " + String.join(", ", known));
            }
        }
        try {
            return JSON.treeToValue(node, TrainConfig.class);
        } catch (JsonProcessingException e) {
            String field = e instanceof com.fasterxml.jackson.databind.JsonMappingException jm && !jm.getPath().isEmpty()
                    ? jm.getPath().get(jm.getPath().size() - 1).getFieldName() : "?";
            throw new RmferException(where + ": setting '" + field + "' is invalid: " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            Throwable c = e.getCause() != null ? e.getCause() : e;
            throw new RmferException(where + ": " + c.getMessage(), e);
        }
    }

    /** Required: {@code setDataset}, {@code setDatasetRoot}. Everything else has a documented default. */
    public static final class Builder {
        private String name = "run";
        private @Nullable String dataset;
        private @Nullable String datasetRoot;
        private String trainSplit = "train";
        private String testSplit = "test";
        private @Nullable Integer classes;
        private @Nullable String rmsetRoot;
        private double rmsetFraction = 1.0;
        private Engine engine = Engine.TORCH;
        private Backbone backbone = Backbone.SMALL_CNN;
        private int inputSize = 64;
        private int projectionDim = 0;
        private double tau = ModelConfig.OFFICIAL_TAU;
        private SelfMask selfMask = SelfMask.OFFICIAL;
        private int preEpochs = 3;
        private int aclEpochs = 2;
        private double preLr = 1e-3;
        private double aclLr = 3e-4;
        private Optimizer optimizer = Optimizer.ADAM;
        private double samRho = 0.05;
        private int batchSize = 32;
        private int stepsPerEpoch = 0;
        private int anchorsPerStep = 4;
        private int candidates = 50;
        private double gamma = AttentionSelection.DEFAULT_GAMMA;
        private AclSampler.Window window = AclSampler.Window.OFFICIAL;
        private int d = 5;
        private int dPrime = 30;
        private boolean attentionSelection = true;
        private double lambda1 = 0.0;
        private @Nullable Double lambda2; // unset: DEFAULT_LAMBDA2 with an RMset, 0 without
        private boolean classBalanced = true;
        private boolean augmentation = true;
        private int labelledLimit = 0;
        private int evalEverySteps = 0;
        private int evalBatch = 32;
        private int checkpointEverySteps = 0;
        private int workers = 2;
        private long seed = 42;
        private int labelledPerClass = 0;
        private int validationPerClass = 0;
        private int earlyStopPatience = 0;
        private @Nullable String initWeights;
        private int lambda2Warmup = 0;
        private AclPairs aclPairs = AclPairs.PRIOR;

        Builder() {
        }

        Builder(TrainConfig c) {
            name = c.name; dataset = c.dataset; datasetRoot = c.datasetRoot; trainSplit = c.trainSplit;
            testSplit = c.testSplit; classes = c.classes; rmsetRoot = c.rmsetRoot; rmsetFraction = c.rmsetFraction; engine = c.engine;
            backbone = c.backbone; inputSize = c.inputSize; projectionDim = c.projectionDim; tau = c.tau;
            selfMask = c.selfMask; preEpochs = c.preEpochs; aclEpochs = c.aclEpochs; preLr = c.preLr;
            aclLr = c.aclLr; optimizer = c.optimizer; samRho = c.samRho; batchSize = c.batchSize;
            stepsPerEpoch = c.stepsPerEpoch; anchorsPerStep = c.anchorsPerStep; candidates = c.candidates;
            gamma = c.gamma; window = c.window; d = c.d; dPrime = c.dPrime; attentionSelection = c.attentionSelection;
            lambda1 = c.lambda1; lambda2 = c.lambda2; classBalanced = c.classBalanced; augmentation = c.augmentation;
            labelledLimit = c.labelledLimit; evalEverySteps = c.evalEverySteps; evalBatch = c.evalBatch;
            checkpointEverySteps = c.checkpointEverySteps; workers = c.workers; seed = c.seed;
            labelledPerClass = c.labelledPerClass; validationPerClass = c.validationPerClass;
            earlyStopPatience = c.earlyStopPatience; initWeights = c.initWeights; lambda2Warmup = c.lambda2Warmup;
            aclPairs = c.aclPairs;
        }

        /** Labelled benchmark: manifest name or manifest path. */
        public Builder setDataset(String dataset) { this.dataset = dataset; return this; }

        public Builder setDatasetRoot(String root) { this.datasetRoot = root; return this; }

        public Builder setDatasetRoot(Path root) { return setDatasetRoot(root.toString()); }

        public Builder optName(String name) { this.name = name; return this; }

        public Builder optSplits(String train, String test) { this.trainSplit = train; this.testSplit = test; return this; }

        public Builder optClasses(@Nullable Integer classes) { this.classes = classes; return this; }

        public Builder optRmset(@Nullable Path root) { this.rmsetRoot = root == null ? null : root.toString(); return this; }

        /** Share of the RMset's videos ACL uses (Table 4's 50%); default 1. */
        public Builder optRmsetFraction(double fraction) { this.rmsetFraction = fraction; return this; }

        public Builder optEngine(Engine engine) { this.engine = engine; return this; }

        public Builder optBackbone(Backbone backbone) { this.backbone = backbone; return this; }

        public Builder optInputSize(int size) { this.inputSize = size; return this; }

        public Builder optProjectionDim(int dim) { this.projectionDim = dim; return this; }

        public Builder optTau(double tau) { this.tau = tau; return this; }

        public Builder optSelfMask(SelfMask mask) { this.selfMask = mask; return this; }

        public Builder optEpochs(int pre, int acl) { this.preEpochs = pre; this.aclEpochs = acl; return this; }

        public Builder optLearningRates(double pre, double acl) { this.preLr = pre; this.aclLr = acl; return this; }

        public Builder optOptimizer(Optimizer optimizer) { this.optimizer = optimizer; return this; }

        public Builder optSamRho(double rho) { this.samRho = rho; return this; }

        public Builder optBatchSize(int batch) { this.batchSize = batch; return this; }

        public Builder optStepsPerEpoch(int steps) { this.stepsPerEpoch = steps; return this; }

        public Builder optAnchorsPerStep(int anchors) { this.anchorsPerStep = anchors; return this; }

        public Builder optCandidates(int n) { this.candidates = n; return this; }

        public Builder optGamma(double gamma) { this.gamma = gamma; return this; }

        public Builder optWindow(AclSampler.Window window) { this.window = window; return this; }

        public Builder optD(int d) { this.d = d; return this; }

        public Builder optDPrime(int dPrime) { this.dPrime = dPrime; return this; }

        public Builder optAttentionSelection(boolean on) { this.attentionSelection = on; return this; }

        public Builder optLambda1(double lambda1) { this.lambda1 = lambda1; return this; }

        public Builder optLambda2(double lambda2) { this.lambda2 = lambda2; return this; }

        public Builder optClassBalanced(boolean on) { this.classBalanced = on; return this; }

        public Builder optAugmentation(boolean on) { this.augmentation = on; return this; }

        public Builder optLabelledLimit(int n) { this.labelledLimit = n; return this; }

        public Builder optEvalEverySteps(int n) { this.evalEverySteps = n; return this; }

        public Builder optEvalBatch(int n) { this.evalBatch = n; return this; }

        public Builder optCheckpointEverySteps(int n) { this.checkpointEverySteps = n; return this; }

        public Builder optWorkers(int n) { this.workers = n; return this; }

        public Builder optSeed(long seed) { this.seed = seed; return this; }

        /** At most this many labelled images per class (the semi-supervised regime); 0 = all. */
        public Builder optLabelledPerClass(int n) { this.labelledPerClass = n; return this; }

        /** A validation split of this many images per class from the unused training images; 0 = none. */
        public Builder optValidationPerClass(int n) { this.validationPerClass = n; return this; }

        /** Stop after this many validation evaluations without improvement; 0 = never. */
        public Builder optEarlyStopPatience(int n) { this.earlyStopPatience = n; return this; }

        /** Start from the weights of this model file or checkpoint (null: seeded initialisation). */
        public Builder optInitWeights(@Nullable Path file) { this.initWeights = file == null ? null : file.toString(); return this; }

        /** λ2's linear warm-up over the first N phase-2 steps. */
        public Builder optLambda2Warmup(int steps) { this.lambda2Warmup = steps; return this; }

        /** How ACL's pairs are kept: the prior with selection (default) or the oracle control. */
        public Builder optAclPairs(AclPairs pairs) { this.aclPairs = Objects.requireNonNull(pairs); return this; }

        /** An independent builder with this one's values (builders are mutable; plans hand out copies). */
        public Builder copy() {
            Builder b = new Builder();
            try {
                for (java.lang.reflect.Field f : Builder.class.getDeclaredFields()) {
                    if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                        f.set(b, f.get(this));
                    }
                }
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("internal: cannot copy a TrainConfig.Builder", e);
            }
            return b;
        }

        public TrainConfig build() {
            if (dataset == null || datasetRoot == null) {
                throw new RmferException("TrainConfig.builder(): setDataset(..) and setDatasetRoot(..) are required");
            }
            double l2 = lambda2 != null ? lambda2 : defaultLambda2(rmsetRoot);
            return new TrainConfig(name, dataset, datasetRoot, trainSplit, testSplit, classes, rmsetRoot, rmsetFraction, engine, backbone,
                    inputSize, projectionDim, tau, selfMask, preEpochs, aclEpochs, preLr, aclLr, optimizer, samRho,
                    batchSize, stepsPerEpoch, anchorsPerStep, candidates, gamma, window, d, dPrime, attentionSelection,
                    lambda1, l2, classBalanced, augmentation, labelledLimit, evalEverySteps, evalBatch,
                    checkpointEverySteps, workers, seed, labelledPerClass, validationPerClass, earlyStopPatience,
                    initWeights, lambda2Warmup, aclPairs);
        }
    }
}
