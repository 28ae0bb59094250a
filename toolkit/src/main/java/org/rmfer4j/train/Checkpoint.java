package org.rmfer4j.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.model.ModelFiles;
import org.rmfer4j.model.RmferModel;

/**
 * A training checkpoint in one atomically written model file: parameters and buffers, the optimiser state
 * ({@code optim.m.*}, {@code optim.v.*}, {@code optim.t}) and where the trainer stands ({@code trainer.*}). One file
 * means the weights and the position can never disagree after a crash.
 */
public final class Checkpoint {
    private Checkpoint() {}

    /**
     * Where training stands: the next epoch and batch to run, the global step, and the best test accuracy so far.
     *
     * @param bestAccuracy best validation class-average accuracy when the run has a validation split, else best
     *                     epoch-end test accuracy
     * @param bestEpoch    −1 when no epoch was evaluated yet
     * @param sinceBest    validation evaluations since the best one (early stopping); 0 in files written before it
     */
    public record Position(int epoch, int batch, long step, double bestAccuracy, int bestEpoch, int sinceBest) {
        public static final Position START = new Position(0, 0, 0, Double.NaN, -1, 0);
    }

    /** Writes model, optimiser and position to {@code file}. */
    public static Path save(RmferModel model, Position at, Path file) {
        Map<String, INDArray> all = ModelFiles.arraysOf(model);
        model.optimizer().state().forEach((k, v) -> all.put("optim." + k, v.rank() == 0 ? v.reshape(1) : v));
        all.put("trainer.epoch", scalar(at.epoch()));
        all.put("trainer.batch", scalar(at.batch()));
        all.put("trainer.step", scalar(at.step()));
        all.put("trainer.bestAccuracy", scalar(at.bestAccuracy()));
        all.put("trainer.bestEpoch", scalar(at.bestEpoch()));
        all.put("trainer.sinceBest", scalar(at.sinceBest()));
        return ModelFiles.write(file, model.config(), all);
    }

    /** Restores model weights and optimiser state from {@code file} into {@code model}; returns the position. */
    public static Position restore(RmferModel model, Path file) {
        ModelFiles.Loaded loaded = ModelFiles.read(file);
        if (!loaded.config().equals(model.config())) {
            throw new RmferException(file + " holds a model " + loaded.config() + ", not " + model.config());
        }
        model.parameters().assignExactly(ModelFiles.modelArrays(loaded.arrays()), file.toString());
        Map<String, INDArray> optim = new LinkedHashMap<>();
        loaded.arrays().forEach((k, v) -> {
            if (k.startsWith("optim.")) {
                optim.put(k.substring("optim.".length()), v);
            }
        });
        model.optimizer().restore(optim);
        return position(loaded.arrays(), file);
    }

    /** Reads only the position of a checkpoint. */
    public static Position position(Path file) {
        return position(ModelFiles.read(file).arrays(), file);
    }

    private static Position position(Map<String, INDArray> a, Path file) {
        for (String k : new String[] {
            "trainer.epoch", "trainer.batch", "trainer.step", "trainer.bestAccuracy", "trainer.bestEpoch"
        }) {
            if (!a.containsKey(k)) {
                throw new RmferException(file + " is a model file, not a training checkpoint (no " + k + ")");
            }
        }
        return new Position(
                (int) a.get("trainer.epoch").getDouble(0),
                (int) a.get("trainer.batch").getDouble(0),
                (long) a.get("trainer.step").getDouble(0),
                a.get("trainer.bestAccuracy").getDouble(0),
                (int) a.get("trainer.bestEpoch").getDouble(0),
                a.containsKey("trainer.sinceBest")
                        ? (int) a.get("trainer.sinceBest").getDouble(0)
                        : 0);
    }

    private static INDArray scalar(double v) {
        return Nd4j.create(new double[] {v}, new long[] {1});
    }
}
