package org.rmfer4j.checkpoint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.ClassOrder;
import org.rmfer4j.data.Expression;
import org.rmfer4j.data.transform.Normalization;
import org.rmfer4j.model.Backbone;
import org.rmfer4j.model.Engine;
import org.rmfer4j.model.ModelConfig;
import org.rmfer4j.model.ModelFiles;
import org.rmfer4j.model.RmferModel;

/**
 * Turns PyTorch checkpoints (a torchvision ResNet-18, HSEmotion's timm EfficientNet-B2, the official repository's split
 * backbone + classifier files) into a toolkit model: every tensor mapped by {@link NameMap}, its shape checked against
 * the model's (a mismatch names the tensor and both shapes), batch-norm statistics included. The checkpoint's classifier
 * becomes f^FER when its class count matches, its rows reordered when the head's class order differs from the
 * model's (Savchenko's heads are alphabetical); f^IAL and the projection H are initialised as for training from
 * scratch unless {@link Builder#optCopyClassifierToIal} copies f^FER into f^IAL as the official code does. Nothing
 * in a file is executed ({@link Unpickler}).
 *
 * <pre>{@code
 * CheckpointImport.Result r = CheckpointImport.builder().setFrom(Path.of("resnet18.pth")).setBackbone(Backbone.RESNET18)
 *         .setClasses(ClassOrder.AFFECTNET_7).build().run();
 * r.model().save(Path.of("resnet18.rmfer"));
 * }</pre>
 */
public final class CheckpointImport {
    /**
     * What an import did.
     *
     * @param model       the toolkit model (caller closes it)
     * @param loaded      toolkit names filled from the files
     * @param initialised toolkit names not in the files, left as a fresh model has them
     * @param notes       what was dropped, permuted or copied, per file
     */
    public record Result(
            RmferModel model,
            List<String> loaded,
            List<String> initialised,
            List<String> notes,
            Normalization normalization) {
        /**
         * Saves the model with the input normalisation its weights expect ({@code input.mean} / {@code input.std}),
         * which {@code ./rmfer eval} then uses instead of the dataset's.
         */
        public Path save(Path file) {
            return ModelFiles.write(
                    file, model.config(), ModelFiles.withNormalization(ModelFiles.arraysOf(model), normalization));
        }

        /** A few lines for the terminal. */
        public String summary() {
            StringBuilder sb = new StringBuilder();
            sb.append("loaded ")
                    .append(loaded.size())
                    .append(" tensors; initialised as new: ")
                    .append(initialised.isEmpty() ? "none" : String.join(", ", initialised))
                    .append('\n');
            sb.append("input normalisation: ")
                    .append(normalization.source())
                    .append(" mean ")
                    .append(Arrays.toString(normalization.mean()))
                    .append(" std ")
                    .append(Arrays.toString(normalization.std()))
                    .append('\n');
            notes.forEach(n -> sb.append("note: ").append(n).append('\n'));
            return sb.toString().stripTrailing();
        }
    }

    private final List<Path> files;
    private final Backbone backbone;
    private final ClassOrder classes;
    private final @Nullable ClassOrder headOrder;
    private final boolean copyToIal;
    private final int inputSize;
    private final Engine engine;
    private final Normalization normalization;

    private CheckpointImport(Builder b) {
        this.files = List.copyOf(b.files);
        this.backbone = b.backbone;
        this.classes = b.classes;
        this.headOrder = b.headOrder;
        this.copyToIal = b.copyToIal;
        this.inputSize = b.inputSize > 0 ? b.inputSize : defaultInputSize(b.backbone);
        this.engine = b.engine;
        this.normalization = b.normalization;
    }

    /** The input size each published checkpoint was trained at: 224 for ResNet-18, 260 for HSEmotion's B2. */
    public static int defaultInputSize(Backbone b) {
        return switch (b) {
            case RESNET18 -> 224;
            case EFFICIENTNET_B2 -> 260;
            default -> 64;
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Required: {@code setFrom}, {@code setBackbone}, {@code setClasses}. */
    public static final class Builder {
        private List<Path> files = List.of();
        private @Nullable Backbone backbone;
        private @Nullable ClassOrder classes;
        private @Nullable ClassOrder headOrder;
        private boolean copyToIal;
        private int inputSize;
        private Engine engine = Engine.TORCH;
        private Normalization normalization = Normalization.IMAGENET;

        /** One checkpoint, or the official backbone and classifier files together. */
        public Builder setFrom(Path... files) {
            this.files = List.of(files);
            return this;
        }

        public Builder setFrom(List<Path> files) {
            this.files = List.copyOf(files);
            return this;
        }

        public Builder setBackbone(Backbone backbone) {
            this.backbone = Objects.requireNonNull(backbone);
            return this;
        }

        /** The model's classes and their order (f^FER's rows). */
        public Builder setClasses(ClassOrder classes) {
            this.classes = Objects.requireNonNull(classes);
            return this;
        }

        /** The order of the checkpoint classifier's rows when it differs from the model's (HSEmotion: alphabetical). */
        public Builder optHeadOrder(@Nullable ClassOrder order) {
            this.headOrder = order;
            return this;
        }

        /** Also copy the classifier into f^IAL (the official code's choice); default: f^IAL starts fresh. */
        public Builder optCopyClassifierToIal(boolean copy) {
            this.copyToIal = copy;
            return this;
        }

        /** Input size of the model (default {@link #defaultInputSize}). */
        public Builder optInputSize(int size) {
            this.inputSize = size;
            return this;
        }

        /**
         * The input normalisation the checkpoint was trained with, stored in the model file (default ImageNet's, which
         * torchvision's and timm's networks, HSEmotion's included, use).
         */
        public Builder optNormalization(Normalization n) {
            this.normalization = Objects.requireNonNull(n);
            return this;
        }

        public Builder optEngine(Engine engine) {
            this.engine = Objects.requireNonNull(engine);
            return this;
        }

        public CheckpointImport build() {
            if (files.isEmpty() || backbone == null || classes == null) {
                throw new RmferException(
                        "CheckpointImport.builder(): setFrom(..), setBackbone(..) and setClasses(..) are required");
            }
            if (backbone == Backbone.SMALL_CNN) {
                throw new RmferException(
                        "no published checkpoint exists for the small CNN; import resnet18 or efficientnet-b2");
            }
            return new CheckpointImport(this);
        }
    }

    /** Reads the files, maps and checks every tensor, and returns the filled model. */
    public Result run() {
        ModelConfig config = ModelConfig.builder()
                .setClasses(classes)
                .optBackbone(backbone)
                .optInputSize(inputSize)
                .build();
        RmferModel model = RmferModel.create(config, engine);
        try {
            return into(model, files, headOrder, copyToIal, normalization);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Fills an existing model (a training run's: {@code ./rmfer train --init FILE.pth}) from checkpoint files, with the
     * same mapping and checks as {@link #run}; its backbone and classes are the model's.
     */
    public static Result loadInto(
            RmferModel model, List<Path> files, @Nullable ClassOrder headOrder, boolean copyToIal) {
        return into(model, files, headOrder, copyToIal, Normalization.IMAGENET);
    }

    private static Result into(
            RmferModel model,
            List<Path> files,
            @Nullable ClassOrder headOrder,
            boolean copyToIal,
            Normalization normalization) {
        Backbone backbone = model.config().backbone();
        ClassOrder classes = model.config().classes();
        List<String> notes = new ArrayList<>();
        Map<String, INDArray> mapped = new LinkedHashMap<>();
        Map<String, Path> origin = new LinkedHashMap<>();
        for (Path f : files) {
            Map<String, INDArray> tensors = NameMap.withoutDataParallelPrefix(readTensors(f, notes));
            NameMap layout = NameMap.detect(tensors, f.toString());
            if (layout.backbone() != null && layout.backbone() != backbone) {
                throw new RmferException(f + " holds a " + layout + " checkpoint, not a " + backbone
                        + " one; pass --backbone "
                        + layout.backbone().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
            long dropped = tensors.keySet().stream()
                    .filter(k -> layout.toolkitName(k) == null)
                    .count();
            if (dropped > 0) {
                notes.add(f.getFileName() + ": " + dropped
                        + " num_batches_tracked counters dropped (the toolkit's BN uses a fixed momentum)");
            }
            layout.apply(tensors).forEach((k, v) -> {
                if (mapped.put(k, v) != null) {
                    throw new RmferException(k + " is given by both " + origin.get(k) + " and " + f);
                }
                origin.put(k, f);
            });
        }
        placeClassifier(mapped, notes, classes, headOrder, copyToIal);
        Map<String, INDArray> mine = new LinkedHashMap<>(model.parameters().params());
        mine.putAll(model.parameters().buffers());
        for (var e : mapped.entrySet()) {
            INDArray dst = mine.get(e.getKey());
            if (dst == null) {
                throw new RmferException("tensor " + e.getKey() + " (from "
                        + origin.getOrDefault(e.getKey(), files.get(0)) + ") has no place in a " + backbone + " model");
            }
            if (!Arrays.equals(dst.shape(), e.getValue().shape())) {
                throw new RmferException(
                        "tensor " + e.getKey() + " (from " + origin.getOrDefault(e.getKey(), files.get(0))
                                + "): expected shape " + Arrays.toString(dst.shape()) + ", found "
                                + Arrays.toString(e.getValue().shape()));
            }
        }
        TreeSet<String> missing = new TreeSet<>(mine.keySet());
        missing.removeAll(mapped.keySet());
        List<String> backboneMissing =
                missing.stream().filter(k -> k.startsWith("backbone.")).toList();
        if (!backboneMissing.isEmpty()) {
            throw new RmferException("the files lack " + backboneMissing.size() + " backbone tensors a " + backbone
                    + " needs, e.g. " + backboneMissing.subList(0, Math.min(5, backboneMissing.size()))
                    + " (a partial or different checkpoint?)");
        }
        model.parameters().assign(mapped);
        return new Result(model, List.copyOf(mapped.keySet()), List.copyOf(groups(missing)), notes, normalization);
    }

    /** The named tensors of a PyTorch checkpoint or an ONNX file (whose BN must not have been folded away). */
    static Map<String, INDArray> readTensors(Path f, List<String> notes) {
        if (OnnxWeights.looksLikeOnnx(f)) {
            OnnxWeights.Contents o = OnnxWeights.read(f);
            if (o.bnFolded()) {
                throw new RmferException(
                        f + ": batch norm was folded into the convolutions when this ONNX file was exported (no "
                                + "BatchNormalization node; initialisers such as "
                                + o.tensors().keySet().stream()
                                        .filter(k -> k.startsWith("onnx::"))
                                        .findFirst()
                                        .orElse("onnx::Conv_*")
                                + "). Its weights are convolutions with the BN statistics baked in, which "
                                + "a network with BN layers cannot take and fine-tuning would treat differently. Export with "
                                + "torch.onnx.export(..., training=torch.onnx.TrainingMode.TRAINING, do_constant_folding=False) on a copy whose BN "
                                + "momentum is 0 (that export runs one training forward, which would otherwise update the statistics it writes), "
                                + "or import the .pth");
            }
            notes.add(f + ": ONNX, " + o.tensors().size() + " initialisers, ops " + o.ops());
            return o.tensors();
        }
        TorchCheckpoint.Contents c = TorchCheckpoint.read(f);
        notes.add(c.summary());
        return c.tensors();
    }

    /** f^FER from the checkpoint's classifier when its class count fits, reordered; optionally copied into f^IAL. */
    private static void placeClassifier(
            Map<String, INDArray> mapped,
            List<String> notes,
            ClassOrder classes,
            @Nullable ClassOrder headOrder,
            boolean copyToIal) {
        INDArray w = mapped.get("fer.weight");
        INDArray b = mapped.get("fer.bias");
        if (w == null) {
            notes.add("no classifier in the files: f^FER starts fresh");
            return;
        }
        if (b == null || w.rank() != 2 || b.rank() != 1 || b.length() != w.size(0)) {
            throw new RmferException("the classifier's weight " + Arrays.toString(w.shape()) + " and bias "
                    + (b == null ? "(missing)" : Arrays.toString(b.shape())) + " do not form a linear layer");
        }
        ClassOrder head = headOrder != null ? headOrder : classes;
        if (w.size(0) != classes.size() || w.size(0) != head.size()) {
            mapped.remove("fer.weight");
            mapped.remove("fer.bias");
            notes.add("the classifier has " + w.size(0) + " classes and the model " + classes.size() + " ("
                    + classes.name() + "): f^FER starts fresh; the backbone is kept");
            return;
        }
        if (!head.expressions().equals(classes.expressions())) {
            if (!new HashSet<>(head.expressions()).equals(new HashSet<>(classes.expressions()))) {
                throw new RmferException(
                        "the head's classes " + head.expressions() + " are not the model's " + classes.expressions());
            }
            int[] rows = new int[classes.size()];
            for (int i = 0; i < rows.length; i++) {
                Expression e = classes.at(i);
                rows[i] = head.indexOf(e);
            }
            INDArray w2 = w.dup();
            INDArray b2 = b.dup();
            for (int i = 0; i < rows.length; i++) {
                w2.putRow(i, w.getRow(rows[i]));
                b2.putScalar(i, b.getDouble(rows[i]));
            }
            mapped.put("fer.weight", w2);
            mapped.put("fer.bias", b2);
            notes.add("classifier rows reordered from " + head.name() + " to " + classes.name() + " "
                    + Arrays.toString(rows));
        }
        if (copyToIal) {
            mapped.put("ial.weight", mapped.get("fer.weight").dup());
            mapped.put("ial.bias", mapped.get("fer.bias").dup());
            notes.add("f^IAL starts as a copy of the classifier (the official code's choice)");
        }
    }

    /** Parameter names grouped by their first component ({@code proj.*}, {@code ial.*}) for the summary. */
    private static List<String> groups(TreeSet<String> names) {
        TreeSet<String> g = new TreeSet<>();
        names.forEach(n -> g.add(n.contains(".") ? n.substring(0, n.indexOf('.')) + ".*" : n));
        return List.copyOf(g);
    }
}
