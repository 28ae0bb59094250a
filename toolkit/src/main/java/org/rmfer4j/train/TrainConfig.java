package org.rmfer4j.train;

import static org.rmfer4j.train.Settings.require;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.ClassOrder;
import org.rmfer4j.loss.SelfMask;
import org.rmfer4j.model.Backbone;
import org.rmfer4j.model.Engine;
import org.rmfer4j.model.ModelConfig;

/**
 * Everything a training run depends on, composed of five small immutable parts, each with its own defaults:
 * {@link DataSettings data}, {@link ModelSettings model}, {@link ScheduleSettings schedule}, {@link AclSettings acl} and
 * {@link RunSettings run}. Build with {@link #builder()} (required: {@code setDataset}, {@code setDatasetRoot}); read
 * and write as JSON ({@link #read}, {@link #toJson}) with one object per part; change fields by dotted keys
 * ({@code acl.gamma=0.2}, the CLI's {@code --set}). The run directory stores the config, and a resumed run must have
 * the same one. Files and keys of the earlier flat form ({@code "gamma": 0.2}) are still read, with a note naming the
 * new key.
 *
 * <p>Where the paper and the official code disagree the default is the code's, and the paper's value is an option:
 * self-mask ({@link SelfMask#OFFICIAL} vs {@code PAPER}), τ (1.0 in every config; the constructor default 0.25), the
 * positive window ({@link AclSampler.Window#OFFICIAL} adaptive R vs {@code PAPER} d = 5), λ1 (0.0 in every config; 0.1
 * and 1.2 in the code's history). Values neither source gives — λ2 and the phase-1 length — are the toolkit's choices
 * and say so.
 *
 * @param name     run name (variants append {@code -baseline}, {@code -without-acl}, {@code -full}); letters, digits,
 *                 '.', '_', '-'
 * @param data     labelled set, RMset and splits
 * @param model    network
 * @param schedule both phases, optimiser, λ1, evaluation
 * @param acl      phase 2's contrastive term and its sampling
 * @param run      engine, seed, threads, checkpoints
 */
public record TrainConfig(
        String name,
        DataSettings data,
        ModelSettings model,
        ScheduleSettings schedule,
        AclSettings acl,
        RunSettings run) {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // "batchSize": 32.7 is an error, as it is for --set, not silently 32
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /** The parts, by their JSON key, with the record each holds. */
    private static final Map<String, Class<? extends Record>> PARTS = partsInOrder();

    /** Each key of the earlier flat form and the part it now belongs to. */
    private static final Map<String, String> FLAT_KEYS = flatKeys();

    private static final Set<String> NOTED = ConcurrentHashMap.newKeySet();

    /** Where notes on deprecated keys go (standard error; tests may redirect it). */
    static volatile PrintStream notes = System.err;

    public TrainConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(acl, "acl");
        Objects.requireNonNull(run, "run");
        require(name.matches("[A-Za-z0-9._-]+"), "name", "letters, digits, '.', '_' or '-' only", name);
        require(
                schedule.earlyStopPatience() == 0 || data.validationPerClass() > 0,
                "schedule.earlyStopPatience",
                "0 unless data.validationPerClass > 0 (early stopping watches the validation split, never the test split)",
                schedule.earlyStopPatience());
        require(
                !(acl.lambda2() > 0 && schedule.aclEpochs() > 0 && data.rmsetRoot() == null),
                "data.rmsetRoot",
                "an RMset folder when acl.lambda2 > 0 and schedule.aclEpochs > 0 (or set acl.lambda2 to 0)",
                null);
    }

    public static Builder builder() {
        return new Builder(defaultsTree());
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        return new Builder(JSON.valueToTree(this));
    }

    /** True when phase 2 actually adds L_ACL (λ2 &gt; 0, phase-2 epochs and an RMset). */
    public boolean usesAcl() {
        return acl.lambda2() > 0 && schedule.aclEpochs() > 0 && data.rmsetRoot() != null;
    }

    /** The model this run trains, for the dataset's class order. */
    public ModelConfig modelConfig(ClassOrder order) {
        Backbone b = model.backbone();
        return ModelConfig.builder()
                .setClasses(order)
                .optBackbone(b)
                .optInputSize(model.inputSize())
                .optProjectionDim(model.projectionDim() == 0 ? b.featureSize() : model.projectionDim())
                .optTau(model.tau())
                .optSelfMask(model.selfMask())
                .optSeed(run.seed())
                .build();
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
        return Builder.read(file).build();
    }

    /** A copy with some fields replaced, given as {@code part.field=value} strings (the CLI's {@code --set}). */
    public TrainConfig with(Map<String, String> settings) {
        return toBuilder().set(settings).build();
    }

    /** Every dotted key a config has ({@code data.dataset}, ..., {@code run.checkpointEverySteps}). */
    public static Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        keys.add("name");
        PARTS.forEach((part, type) -> {
            for (var rc : type.getRecordComponents()) {
                keys.add(part + "." + rc.getName());
            }
        });
        return keys;
    }

    private static Map<String, Class<? extends Record>> partsInOrder() {
        Map<String, Class<? extends Record>> m = new LinkedHashMap<>();
        m.put("data", DataSettings.class);
        m.put("model", ModelSettings.class);
        m.put("schedule", ScheduleSettings.class);
        m.put("acl", AclSettings.class);
        m.put("run", RunSettings.class);
        return m;
    }

    private static Map<String, String> flatKeys() {
        Map<String, String> m = new LinkedHashMap<>();
        PARTS.forEach((part, type) -> {
            for (var rc : type.getRecordComponents()) {
                m.put(rc.getName(), part);
            }
        });
        m.put("aclPairs", "acl"); // the flat form's name of acl.pairs
        return m;
    }

    private static String newKey(String flat) {
        return flat.equals("aclPairs") ? "acl.pairs" : FLAT_KEYS.get(flat) + "." + flat;
    }

    /** Notes are printed once per key and JVM; tests start afresh. */
    static void forgetNotes() {
        NOTED.clear();
    }

    private static void noteOnce(String where, String flat) {
        if (NOTED.add(flat)) {
            notes.println("note: " + where + ": training setting '" + flat + "' is now '" + newKey(flat)
                    + "' (the old flat key is still read)");
        }
    }

    /** The defaults as a tree: dataset, its folder and λ2 unset (λ2's default depends on the RMset). */
    private static ObjectNode defaultsTree() {
        ObjectNode t = JSON.createObjectNode();
        t.put("name", "run");
        t.set("data", JSON.valueToTree(DataSettings.of("?", "?")));
        t.set("model", JSON.valueToTree(ModelSettings.DEFAULTS));
        t.set("schedule", JSON.valueToTree(ScheduleSettings.DEFAULTS));
        t.set("acl", JSON.valueToTree(AclSettings.DEFAULTS));
        t.set("run", JSON.valueToTree(RunSettings.DEFAULTS));
        ((ObjectNode) t.get("data")).putNull("dataset").putNull("datasetRoot");
        ((ObjectNode) t.get("acl")).putNull("lambda2");
        return t;
    }

    /**
     * Required: {@code setDataset}, {@code setDatasetRoot}. Everything else has the default its part declares. The
     * builder holds the config as a JSON tree, so code, config files and {@code --set} change it the same way.
     */
    public static final class Builder {
        private final ObjectNode tree;
        private String source = "training config";

        private Builder(ObjectNode tree) {
            this.tree = tree;
        }

        /**
         * A builder with a config file's values; keys the file leaves out keep their defaults (λ2 stays unset, so
         * it follows an RMset given later).
         */
        public static Builder read(Path file) {
            if (!Files.isRegularFile(file)) {
                throw new RmferException("Training config " + file + " does not exist");
            }
            JsonNode given;
            try {
                given = JSON.readTree(file.toFile());
            } catch (IOException e) {
                throw new RmferException(file + ": not valid JSON: " + e.getMessage(), e);
            }
            if (given == null || !given.isObject()) {
                throw new RmferException(file + ": expected a JSON object of training settings");
            }
            Builder b = builder();
            b.source = file.toString();
            b.merge((ObjectNode) given, file.toString());
            return b;
        }

        private void merge(ObjectNode given, String where) {
            for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String k = e.getKey();
                JsonNode v = e.getValue();
                if (PARTS.containsKey(k)) {
                    if (!v.isObject()) {
                        throw new RmferException(where + ": '" + k + "' must be an object of " + k + ".* settings");
                    }
                    for (Iterator<Map.Entry<String, JsonNode>> f = v.fields(); f.hasNext(); ) {
                        Map.Entry<String, JsonNode> field = f.next();
                        put(k + "." + field.getKey(), field.getValue(), where);
                    }
                } else {
                    put(k, v, where);
                }
            }
        }

        /** Sets one key: {@code name}, {@code part.field}, or a flat key of the earlier form (noted). */
        private void put(String key, JsonNode value, String where) {
            String part;
            String field;
            int dot = key.indexOf('.');
            if (key.equals("name")) {
                tree.set("name", value);
                return;
            } else if (dot > 0) {
                part = key.substring(0, dot);
                field = key.substring(dot + 1);
                if (!PARTS.containsKey(part) || !tree.get(part).has(field)) {
                    throw unknown(where, key);
                }
            } else if (FLAT_KEYS.containsKey(key)) {
                noteOnce(where, key);
                part = FLAT_KEYS.get(key);
                field = key.equals("aclPairs") ? "pairs" : key;
            } else {
                throw unknown(where, key);
            }
            field(part, field, value);
        }

        private static RmferException unknown(String where, String key) {
            return new RmferException(
                    where + ": unknown training setting '" + key + "'; known settings: " + String.join(", ", keys()));
        }

        /** Fields given as {@code key=value} strings ({@code acl.gamma=0.2}; "null" clears a nullable field). */
        public Builder set(Map<String, String> settings) {
            if (!settings.isEmpty() && !source.endsWith("--set")) {
                source = source + " with --set";
            }
            settings.forEach((k, v) -> put(
                    k,
                    v.equalsIgnoreCase("null")
                            ? JSON.nullNode()
                            : JSON.getNodeFactory().textNode(v),
                    "--set"));
            return this;
        }

        /** One field as a string, like {@link #set(Map)}. */
        public Builder set(String key, String value) {
            return set(Map.of(key, value));
        }

        private Builder field(String part, String field, JsonNode value) {
            ((ObjectNode) tree.get(part)).set(field, value);
            return this;
        }

        private Builder field(String part, String field, @Nullable Object value) {
            return field(part, field, value == null ? JSON.nullNode() : JSON.valueToTree(value));
        }

        /** Labelled benchmark: manifest name or manifest path. */
        public Builder setDataset(String dataset) {
            return field("data", "dataset", dataset);
        }

        public Builder setDatasetRoot(String root) {
            return field("data", "datasetRoot", root);
        }

        public Builder setDatasetRoot(Path root) {
            return setDatasetRoot(root.toString());
        }

        public Builder optName(String name) {
            tree.put("name", name);
            return this;
        }

        /** Replaces a whole part. */
        public Builder optData(DataSettings d) {
            tree.set("data", JSON.valueToTree(d));
            return this;
        }

        public Builder optModel(ModelSettings m) {
            tree.set("model", JSON.valueToTree(m));
            return this;
        }

        public Builder optSchedule(ScheduleSettings s) {
            tree.set("schedule", JSON.valueToTree(s));
            return this;
        }

        public Builder optAcl(AclSettings a) {
            tree.set("acl", JSON.valueToTree(a));
            return this;
        }

        public Builder optRun(RunSettings r) {
            tree.set("run", JSON.valueToTree(r));
            return this;
        }

        // data.*
        public Builder optSplits(String train, String test) {
            field("data", "trainSplit", train);
            return field("data", "testSplit", test);
        }

        public Builder optClasses(@Nullable Integer classes) {
            return field("data", "classes", classes);
        }

        public Builder optRmset(@Nullable Path root) {
            return field("data", "rmsetRoot", root == null ? null : root.toString());
        }

        /** Share of the RMset's videos ACL uses (Table 4's 50%); default 1. */
        public Builder optRmsetFraction(double fraction) {
            return field("data", "rmsetFraction", fraction);
        }

        public Builder optLabelledLimit(int n) {
            return field("data", "labelledLimit", n);
        }

        /** At most this many labelled images per class (the semi-supervised regime); 0 = all. */
        public Builder optLabelledPerClass(int n) {
            return field("data", "labelledPerClass", n);
        }

        /** A validation split of this many images per class from the unused training images; 0 = none. */
        public Builder optValidationPerClass(int n) {
            return field("data", "validationPerClass", n);
        }

        public Builder optClassBalanced(boolean on) {
            return field("data", "classBalanced", on);
        }

        public Builder optAugmentation(boolean on) {
            return field("data", "augmentation", on);
        }

        // model.*
        public Builder optBackbone(Backbone backbone) {
            return field("model", "backbone", backbone);
        }

        public Builder optInputSize(int size) {
            return field("model", "inputSize", size);
        }

        public Builder optProjectionDim(int dim) {
            return field("model", "projectionDim", dim);
        }

        public Builder optTau(double tau) {
            return field("model", "tau", tau);
        }

        public Builder optSelfMask(SelfMask mask) {
            return field("model", "selfMask", mask);
        }

        /** Start from the weights of this model file or checkpoint (null: seeded initialisation). */
        public Builder optInitWeights(@Nullable Path file) {
            return field("model", "initWeights", file == null ? null : file.toString());
        }

        // schedule.*
        public Builder optEpochs(int pre, int acl) {
            field("schedule", "preEpochs", pre);
            return field("schedule", "aclEpochs", acl);
        }

        public Builder optLearningRates(double pre, double acl) {
            field("schedule", "preLr", pre);
            return field("schedule", "aclLr", acl);
        }

        public Builder optOptimizer(Optimizer optimizer) {
            return field("schedule", "optimizer", optimizer);
        }

        public Builder optSamRho(double rho) {
            return field("schedule", "samRho", rho);
        }

        public Builder optBatchSize(int batch) {
            return field("schedule", "batchSize", batch);
        }

        public Builder optStepsPerEpoch(int steps) {
            return field("schedule", "stepsPerEpoch", steps);
        }

        public Builder optLambda1(double lambda1) {
            return field("schedule", "lambda1", lambda1);
        }

        public Builder optEvalEverySteps(int n) {
            return field("schedule", "evalEverySteps", n);
        }

        public Builder optEvalBatch(int n) {
            return field("schedule", "evalBatch", n);
        }

        /** Stop after this many validation evaluations without improvement; 0 = never. */
        public Builder optEarlyStopPatience(int n) {
            return field("schedule", "earlyStopPatience", n);
        }

        // acl.*
        public Builder optLambda2(double lambda2) {
            return field("acl", "lambda2", lambda2);
        }

        /** λ2's linear warm-up over the first N phase-2 steps. */
        public Builder optLambda2Warmup(int steps) {
            return field("acl", "lambda2Warmup", steps);
        }

        public Builder optAnchorsPerStep(int anchors) {
            return field("acl", "anchorsPerStep", anchors);
        }

        public Builder optCandidates(int n) {
            return field("acl", "candidates", n);
        }

        public Builder optGamma(double gamma) {
            return field("acl", "gamma", gamma);
        }

        public Builder optWindow(AclSampler.Window window) {
            return field("acl", "window", window);
        }

        public Builder optD(int d) {
            return field("acl", "d", d);
        }

        public Builder optDPrime(int dPrime) {
            return field("acl", "dPrime", dPrime);
        }

        public Builder optAttentionSelection(boolean on) {
            return field("acl", "attentionSelection", on);
        }

        /** How ACL's pairs are kept: the prior with selection (default) or the oracle control. */
        public Builder optAclPairs(AclSettings.Pairs pairs) {
            return field("acl", "pairs", Objects.requireNonNull(pairs));
        }

        // run.*
        public Builder optEngine(Engine engine) {
            return field("run", "engine", engine);
        }

        public Builder optSeed(long seed) {
            return field("run", "seed", seed);
        }

        public Builder optWorkers(int n) {
            return field("run", "workers", n);
        }

        public Builder optCheckpointEverySteps(int n) {
            return field("run", "checkpointEverySteps", n);
        }

        /** An independent builder with this one's values (builders are mutable; plans hand out copies). */
        public Builder copy() {
            return new Builder(tree.deepCopy());
        }

        public TrainConfig build() {
            JsonNode d = tree.get("data");
            if (d.get("dataset").isNull() || d.get("datasetRoot").isNull()) {
                throw new RmferException("TrainConfig.builder(): setDataset(..) and setDatasetRoot(..) are required "
                        + "(keys data.dataset and data.datasetRoot)");
            }
            ObjectNode t = tree.deepCopy();
            if (t.get("acl").get("lambda2").isNull()) { // unset: follows the RMset
                JsonNode rm = d.get("rmsetRoot");
                ((ObjectNode) t.get("acl"))
                        .put("lambda2", AclSettings.defaultLambda2(rm == null || rm.isNull() ? null : rm.asText()));
            }
            try {
                return JSON.treeToValue(t, TrainConfig.class);
            } catch (JsonProcessingException | IllegalArgumentException e) {
                for (Throwable c = e; c != null; c = c.getCause()) {
                    if (c instanceof RmferException || c instanceof NullPointerException) { // a part's own check
                        throw new RmferException(source + ": " + c.getMessage(), e);
                    }
                }
                String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
                throw new RmferException(source + ": setting '" + path(e) + "' is invalid: " + message, e);
            }
        }

        private static String path(Exception e) {
            if (!(e instanceof JsonMappingException jm) || jm.getPath().isEmpty()) {
                return "?";
            }
            StringBuilder sb = new StringBuilder();
            for (JsonMappingException.Reference r : jm.getPath()) {
                if (r.getFieldName() != null) {
                    sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
                }
            }
            return sb.toString();
        }
    }
}
