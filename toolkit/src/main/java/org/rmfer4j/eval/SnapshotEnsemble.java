package org.rmfer4j.eval;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.FaceDataset;
import org.rmfer4j.data.batch.Batch;
import org.rmfer4j.data.batch.BatchLoader;
import org.rmfer4j.data.batch.Sampler;
import org.rmfer4j.data.transform.Augmentation;
import org.rmfer4j.data.transform.Preprocessor;
import org.rmfer4j.model.Engine;
import org.rmfer4j.model.ModelConfig;
import org.rmfer4j.model.RmferModel;

/**
 * A run read by several of its checkpoints at once: the prediction for image i is
 *
 * <pre>  ŷ_i = argmax_c (1/K) Σ_k softmax(z_k,i)_c</pre>
 *
 * over the K checkpoints' f^FER logits z_k,i (a snapshot ensemble). Why: in the synthetic lab a run's test accuracy
 * moves by several points from one epoch to the next in every arm, so one checkpoint is a noisy reading of what an arm
 * learned; the mean of its epoch checkpoints' outputs is a steadier one (README, "Where the noise comes from"). It
 * reports each member too, so the single-checkpoint reading stays beside it.
 */
public final class SnapshotEnsemble {
    private SnapshotEnsemble() {}

    /** The ensemble's confusion matrix and each member's, in checkpoint order. */
    public record Result(ConfusionMatrix ensemble, List<ConfusionMatrix> members) {
        public Result {
            members = List.copyOf(members);
        }
    }

    /**
     * Evaluates the checkpoints on {@code data} (eval mode, no augmentation, the dataset's normalisation), one model in
     * memory at a time.
     *
     * @throws RmferException if there is no checkpoint, or they disagree on classes or input size
     */
    public static Result evaluate(List<Path> checkpoints, FaceDataset data, Engine engine, int batch) {
        if (checkpoints.isEmpty()) {
            throw new RmferException("A snapshot ensemble needs at least one checkpoint");
        }
        List<double[][]> logits = new ArrayList<>();
        List<ConfusionMatrix> members = new ArrayList<>();
        int[] labels = null;
        ModelConfig first = null;
        for (Path cp : checkpoints) {
            try (RmferModel m = RmferModel.load(cp, engine)) {
                if (first == null) {
                    first = m.config();
                } else if (!m.config().classes().equals(first.classes())
                        || m.config().inputSize() != first.inputSize()) {
                    throw new RmferException(cp + ": classes or input size differ from " + checkpoints.get(0));
                }
                double[][] z = new double[data.size()][];
                int[] y = new int[data.size()];
                BatchLoader loader = BatchLoader.builder()
                        .setDataset(data)
                        .setBatchSize(batch)
                        .setPreprocessor(Preprocessor.forDataset(
                                        data.manifest(), m.config().inputSize(), false)
                                .withAugmentation(Augmentation.none()))
                        .optTargetOrder(m.config().classes())
                        .optSampler(Sampler.sequential(data.size()))
                        .optDropLast(false)
                        .build();
                int at = 0;
                try (BatchLoader.Epoch epoch = loader.epoch(0)) {
                    for (Batch b : epoch) {
                        double[][] part = m.predict(b.images()).toDoubleMatrix();
                        System.arraycopy(part, 0, z, at, part.length);
                        System.arraycopy(b.labels(), 0, y, at, part.length);
                        at += part.length;
                    }
                }
                labels = y;
                logits.add(z);
                members.add(ConfusionMatrix.of(m.config().classes(), y, argmax(List.<double[][]>of(z))));
            }
        }
        return new Result(ConfusionMatrix.of(members.get(0).order(), labels, argmax(logits)), members);
    }

    /** Row-wise argmax of the mean softmax of the members' {@code [N][C]} logits (ties to the lower class index). */
    public static int[] argmax(List<double[][]> logits) {
        int n = logits.get(0).length;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int classes = logits.get(0)[i].length;
            double[] mean = new double[classes];
            for (double[][] member : logits) {
                double[] z = member[i];
                double max = Double.NEGATIVE_INFINITY;
                for (double v : z) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                for (double v : z) {
                    sum += Math.exp(v - max);
                }
                for (int c = 0; c < classes; c++) {
                    mean[c] += Math.exp(z[c] - max) / sum / logits.size();
                }
            }
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (mean[c] > mean[best]) {
                    best = c;
                }
            }
            out[i] = best;
        }
        return out;
    }
}
