package org.rmfer4j.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.model.Engine;
import org.rmfer4j.model.RmferModel;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * The files of one training run:
 * <pre>
 * &lt;run&gt;/config.json          the {@link TrainConfig} (a resume must match it)
 * &lt;run&gt;/environment.json     toolkit, Java, ND4J backend, torch threading, machine
 * &lt;run&gt;/metrics-steps.csv    one row per step: losses, ACL counts, candidate precision (synthetic only)
 * &lt;run&gt;/metrics-epochs.csv   one row per epoch: mean training losses and the test evaluation
 * &lt;run&gt;/metrics-evals.csv    every evaluation (per epoch and every evalEverySteps)
 * &lt;run&gt;/metrics-validation.csv every validation evaluation (runs with a validation split)
 * &lt;run&gt;/metrics-gradients.csv  backbone gradient norms of L_pre and λ2·L_ACL (when measured)
 * &lt;run&gt;/checkpoints/epoch-NNN.rmfer   model + optimiser + trainer position after each epoch
 * &lt;run&gt;/last.rmfer           the newest checkpoint (also written every checkpointEverySteps)
 * &lt;run&gt;/best.rmfer           the epoch with the best test accuracy (reported beside the final one, never instead)
 * &lt;run&gt;/confusion.csv, per-class.csv   the final evaluation
 * &lt;run&gt;/report.md            a readable summary with provenance
 * </pre>
 * Every checkpoint is also a model file: {@link RmferModel#load} reads it.
 */
public record RunDirectory(Path root) {
    public static final List<String> STEP_COLUMNS = List.of(
            "step",
            "epoch",
            "batch",
            "phase",
            "lr",
            "loss_total",
            "loss_fer",
            "loss_ial",
            "loss_acl",
            "acl_anchors",
            "acl_skipped",
            "acl_failed",
            "kept_pos",
            "kept_neg",
            "pos_precision_before",
            "pos_precision_after",
            "neg_precision_before",
            "neg_precision_after",
            "seconds");
    public static final List<String> EPOCH_COLUMNS = List.of(
            "epoch",
            "phase",
            "steps",
            "loss_total",
            "loss_fer",
            "loss_ial",
            "loss_acl",
            "test_acc",
            "test_class_avg_acc",
            "test_attention_acc",
            "pos_precision_before",
            "pos_precision_after",
            "neg_precision_before",
            "neg_precision_after");
    public static final List<String> EVAL_COLUMNS =
            List.of("step", "epoch", "at", "test_acc", "test_class_avg_acc", "test_attention_acc");
    /** The balance of the two phase-2 losses on the backbone ({@link Trainer.Builder#optGradientNorms}). */
    public static final List<String> GRADIENT_COLUMNS =
            List.of("step", "epoch", "lambda2", "pre_norm", "acl_norm", "acl_to_pre", "cosine");
    /** Validation evaluations (runs with a validation split): {@code best} is 1 where that one became {@code best}. */
    public static final List<String> VALIDATION_COLUMNS =
            List.of("step", "epoch", "val_acc", "val_class_avg_acc", "val_attention_acc", "best");

    public Path config() {
        return root.resolve("config.json");
    }

    public Path environment() {
        return root.resolve("environment.json");
    }

    public Path stepMetrics() {
        return root.resolve("metrics-steps.csv");
    }

    public Path epochMetrics() {
        return root.resolve("metrics-epochs.csv");
    }

    public Path evalMetrics() {
        return root.resolve("metrics-evals.csv");
    }

    /** {@code metrics-gradients.csv}: backbone gradient norms of L_pre and λ2·L_ACL (when measured). */
    public Path gradientMetrics() {
        return root.resolve("metrics-gradients.csv");
    }

    /** {@code metrics-validation.csv}: every validation evaluation. */
    public Path validationMetrics() {
        return root.resolve("metrics-validation.csv");
    }

    public Path last() {
        return root.resolve("last.rmfer");
    }

    public Path best() {
        return root.resolve("best.rmfer");
    }

    public Path epochCheckpoint(int epoch) {
        return root.resolve("checkpoints").resolve(String.format(Locale.ROOT, "epoch-%03d.rmfer", epoch + 1));
    }

    /**
     * The epoch checkpoints this run has written, in epoch order ({@code checkpoints/epoch-NNN.rmfer}; a phase-2 run
     * started from phase-1 weights numbers its own epochs from 1). Empty when the run has none.
     */
    public List<Path> epochCheckpoints() {
        Path dir = root.resolve("checkpoints");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("epoch-\\d{3,}\\.rmfer"))
                    .sorted(java.util.Comparator.comparingInt(RunDirectory::epochNumber))
                    .toList();
        } catch (java.io.IOException e) {
            throw new RmferException("Cannot list the checkpoints in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static int epochNumber(Path checkpoint) {
        String n = checkpoint.getFileName().toString();
        return Integer.parseInt(n.substring("epoch-".length(), n.length() - ".rmfer".length()));
    }

    public Path confusion() {
        return root.resolve("confusion.csv");
    }

    public Path perClass() {
        return root.resolve("per-class.csv");
    }

    public Path report() {
        return root.resolve("report.md");
    }

    /** The stored config; fails with a clear message when this is not a run directory. */
    public TrainConfig readConfig() {
        if (!Files.isRegularFile(config())) {
            throw new RmferException(root + " is not a training run directory (no config.json)");
        }
        return TrainConfig.read(config());
    }

    /** The final model (the {@code last} checkpoint). */
    public RmferModel loadLast(Engine engine) {
        if (!Files.isRegularFile(last())) {
            throw new RmferException(root + " has no checkpoint yet (no last.rmfer): the run never finished an epoch");
        }
        return RmferModel.load(last(), engine);
    }

    /** True when the run finished all its epochs. */
    public boolean finished() {
        return Files.isRegularFile(last())
                && Checkpoint.position(last()).epoch()
                        >= readConfig().schedule().epochs();
    }

    /** Mean candidate precision over every step that logged one (NaN without synthetic ground truth). */
    public TrainResult.CandidatePrecision candidatePrecision() {
        double[] p = new CsvLog(stepMetrics(), STEP_COLUMNS)
                .means(CsvLog.PRECISION_COLUMNS, r -> true)
                .values();
        return new TrainResult.CandidatePrecision(p[0], p[1], p[2], p[3]);
    }

    /** Epoch metrics as a Tablesaw table (empty when none yet). */
    public Table epochs() {
        return readCsv(epochMetrics(), "epochs");
    }

    /** Step metrics as a Tablesaw table. */
    public Table steps() {
        return readCsv(stepMetrics(), "steps");
    }

    /** Test evaluations ({@code metrics-evals.csv}) as a Tablesaw table. */
    public Table evals() {
        return readCsv(evalMetrics(), "evaluation");
    }

    /** Validation evaluations ({@code metrics-validation.csv}) as a Tablesaw table. */
    public Table validations() {
        return readCsv(validationMetrics(), "validation");
    }

    /** Gradient-balance measurements ({@code metrics-gradients.csv}) as a Tablesaw table. */
    public Table gradients() {
        return readCsv(gradientMetrics(), "gradient");
    }

    private Table readCsv(Path file, String what) {
        if (!Files.isRegularFile(file)) {
            throw new RmferException(root + " has no " + what + " metrics yet (" + file.getFileName() + ")");
        }
        return Table.read()
                .usingOptions(CsvReadOptions.builder(file.toFile())
                        .missingValueIndicator("")
                        .tableName(root.getFileName() + " " + what));
    }
}
