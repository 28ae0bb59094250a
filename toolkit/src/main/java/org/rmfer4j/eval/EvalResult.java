package org.rmfer4j.eval;

import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One evaluation of a model on a dataset split.
 *
 * @param dataset    provenance of the split (SYNTHETIC marked), see {@link org.rmfer4j.data.FaceDataset#provenance()}
 * @param origin     confusion matrix of f^FER(f), the classifier the paper reports
 * @param attention  confusion matrix of f^IAL(A·f), computed within consecutive unshuffled batches of
 *                   {@code attentionBatch} images (the official validation does the same; its value depends on the
 *                   batch composition)
 * @param attentionBatch batch size the attention branch was evaluated with
 * @param features   backbone features f {@code [N, n]} in dataset order, when requested (MDS), else null
 * @param labels     true class per image (model order)
 * @param seconds    wall time
 */
public record EvalResult(
        String dataset,
        ConfusionMatrix origin,
        ConfusionMatrix attention,
        int attentionBatch,
        @Nullable INDArray features,
        int[] labels,
        double seconds) {
    public double accuracy() {
        return origin.overallAccuracy();
    }

    public double classAverageAccuracy() {
        return origin.classAverageAccuracy();
    }

    public double attentionAccuracy() {
        return attention.overallAccuracy();
    }

    /** One line: accuracy, class-average accuracy, attention accuracy, images. */
    public String summary() {
        return String.format(
                Locale.ROOT,
                "acc %.2f%%, class-avg %.2f%%, attention acc %.2f%% (%d images, %s)",
                100 * accuracy(),
                100 * classAverageAccuracy(),
                100 * attentionAccuracy(),
                origin.total(),
                dataset);
    }
}
