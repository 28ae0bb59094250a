package org.rmfer4j.data.batch;

import java.util.List;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rmfer4j.data.ClassOrder;

/**
 * A minibatch ready for a model.
 *
 * @param images  {@code [B, 3, S, S]} float32, normalised, NCHW
 * @param targets {@code [B, C]} float32 targets in {@code order} (one-hot or soft), or null for unlabelled data
 * @param labels  hard class index per row in {@code order}, or −1 when unlabelled
 * @param ids     sample ids, for tracing predictions back to files
 * @param order   the class order of {@code targets} and {@code labels}
 * @param epoch   the epoch this batch belongs to
 * @param index   the batch's position within its epoch
 */
public record Batch(
        INDArray images,
        @Nullable INDArray targets,
        int[] labels,
        List<String> ids,
        ClassOrder order,
        int epoch,
        int index) {
    public int size() {
        return labels.length;
    }
}
