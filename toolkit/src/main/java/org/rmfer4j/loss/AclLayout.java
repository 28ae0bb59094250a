package org.rmfer4j.loss;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.core.RmferException;

/**
 * How the images of an ACL step are arranged, and the constant matrices that let the loss gather them with plain
 * matrix products (SameDiff's gather has a broken backward pass).
 *
 * <p>The step's images are {@code A} groups of {@code 1 + K} rows: row {@code a(1+K)} is anchor a, the next K rows
 * its candidate slots. {@code pos[a][k]} / {@code neg[a][k]} say whether slot k holds a kept positive / negative
 * (at most one of them; an empty slot is neither). An anchor with no positive or no negative is skipped (its
 * weight is 0) and counted, never a NaN.
 *
 * @param anchors    A
 * @param slots      K
 * @param pos        {@code [A, K]} 0/1
 * @param neg        {@code [A, K]} 0/1
 */
public record AclLayout(int anchors, int slots, INDArray pos, INDArray neg) {
    public AclLayout {
        if (anchors < 1 || slots < 1) {
            throw new RmferException("ACL layout needs at least one anchor and one slot, got " + anchors + "x" + slots);
        }
        if (pos.rank() != 2
                || pos.size(0) != anchors
                || pos.size(1) != slots
                || !Arrays.equals(pos.shape(), neg.shape())) {
            throw new RmferException("ACL masks must be [" + anchors + ", " + slots + "]");
        }
        if (pos.mul(neg).sumNumber().doubleValue() != 0) {
            throw new RmferException("An ACL slot cannot be both positive and negative");
        }
    }

    /** Builds a layout from per-anchor counts: slots [0, p) positive, [p, p+n) negative. */
    public static AclLayout of(int[] positives, int[] negatives, int slots) {
        int a = positives.length;
        double[][] p = new double[a][slots];
        double[][] n = new double[a][slots];
        for (int i = 0; i < a; i++) {
            if (positives[i] + negatives[i] > slots) {
                throw new RmferException("Anchor " + i + " has " + positives[i] + "+" + negatives[i]
                        + " candidates for " + slots + " slots");
            }
            for (int k = 0; k < positives[i]; k++) {
                p[i][k] = 1;
            }
            for (int k = positives[i]; k < positives[i] + negatives[i]; k++) {
                n[i][k] = 1;
            }
        }
        return new AclLayout(a, slots, Nd4j.create(p), Nd4j.create(n));
    }

    /** Total rows of the step's image tensor: A·(1+K). */
    public int rows() {
        return anchors * (1 + slots);
    }

    /** 1 for anchors with at least one positive and one negative, else 0: {@code [A]}. */
    public INDArray valid() {
        INDArray hasPos = pos.sum(1).gt(0).castTo(DataType.DOUBLE);
        INDArray hasNeg = neg.sum(1).gt(0).castTo(DataType.DOUBLE);
        return hasPos.mul(hasNeg);
    }

    /** Anchors skipped for lack of a positive or a negative. */
    public int skipped() {
        return anchors - valid().sumNumber().intValue();
    }

    /** {@code [A·K, rows]}: row (a, k) selects anchor a. */
    public INDArray anchorSelector() {
        INDArray s = Nd4j.zeros(DataType.DOUBLE, (long) anchors * slots, rows());
        for (int a = 0; a < anchors; a++) {
            for (int k = 0; k < slots; k++) {
                s.putScalar((long) a * slots + k, (long) a * (1 + slots), 1.0);
            }
        }
        return s;
    }

    /** {@code [A·K, rows]}: row (a, k) selects candidate slot k of anchor a. */
    public INDArray candidateSelector() {
        INDArray s = Nd4j.zeros(DataType.DOUBLE, (long) anchors * slots, rows());
        for (int a = 0; a < anchors; a++) {
            for (int k = 0; k < slots; k++) {
                s.putScalar((long) a * slots + k, (long) a * (1 + slots) + 1 + k, 1.0);
            }
        }
        return s;
    }
}
