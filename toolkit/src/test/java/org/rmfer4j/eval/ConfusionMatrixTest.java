package org.rmfer4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.ClassOrder;

/** Metrics against confusion matrices worked by hand. */
class ConfusionMatrixTest {
    // 7 AffectNet classes; only Neutral(0), Happy(1), Sad(2) occur:
    //   true Neutral: 3 right, 1 as Happy        recall 3/4
    //   true Happy:   5 right                    recall 5/5
    //   true Sad:     1 right, 2 as Neutral, 1 as Happy   recall 1/4
    static final int[] LABELS = {0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2};
    static final int[] PREDS = {0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 0, 0, 1};

    @Test
    void handComputedMetrics() {
        ConfusionMatrix m = ConfusionMatrix.of(ClassOrder.AFFECTNET_7, LABELS, PREDS);
        assertEquals(13, m.total());
        assertEquals(9.0 / 13, m.overallAccuracy(), 1e-12);
        // mean recall over the 3 classes present: (0.75 + 1 + 0.25) / 3 — absent classes are not counted as 0
        assertEquals((0.75 + 1 + 0.25) / 3, m.classAverageAccuracy(), 1e-12);
        // precision: Neutral 3/5, Happy 5/7, Sad 1/1
        assertEquals(3.0 / 5, m.precision(0), 1e-12);
        assertEquals(5.0 / 7, m.precision(1), 1e-12);
        assertEquals(1.0, m.precision(2), 1e-12);
        assertEquals(2 * 0.6 * 0.75 / (0.6 + 0.75), m.f1(0), 1e-12);
        assertTrue(
                Double.isNaN(m.recall(3)) && Double.isNaN(m.precision(3)),
                "a class never seen nor predicted is undefined");
        assertArrayEquals(new long[] {3, 1, 0, 0, 0, 0, 0}, m.counts()[0]);
        assertArrayEquals(new long[] {2, 1, 1, 0, 0, 0, 0}, m.counts()[2]);
        assertEquals(4, m.perClass().intColumn("support").get(0));
        assertTrue(m.markdown().contains("| Sadness | 2 | 1 | 1 |"), m.markdown());
    }

    @Test
    void addingHalvesGivesTheWhole() {
        ConfusionMatrix a =
                ConfusionMatrix.of(ClassOrder.AFFECTNET_7, Arrays.copyOf(LABELS, 6), Arrays.copyOf(PREDS, 6));
        ConfusionMatrix b = ConfusionMatrix.of(
                ClassOrder.AFFECTNET_7, Arrays.copyOfRange(LABELS, 6, 13), Arrays.copyOfRange(PREDS, 6, 13));
        assertEquals(ConfusionMatrix.of(ClassOrder.AFFECTNET_7, LABELS, PREDS), a.add(b));
    }

    @Test
    void unlabelledRowsAreIgnoredAndBadIndicesRejected() {
        ConfusionMatrix m = ConfusionMatrix.of(ClassOrder.AFFECTNET_7, new int[] {-1, 2}, new int[] {0, 2});
        assertEquals(1, m.total());
        RmferException e = assertThrows(
                RmferException.class, () -> ConfusionMatrix.of(ClassOrder.AFFECTNET_7, new int[] {0}, new int[] {7}));
        assertTrue(e.getMessage().contains("Row 0") && e.getMessage().contains("prediction 7"), e.getMessage());
        assertThrows(RmferException.class, () -> ConfusionMatrix.ofCounts(ClassOrder.AFFECTNET_7, new long[3][3]));
    }

    @Test
    void argmaxTiesGoToTheLowerIndex() {
        assertArrayEquals(new int[] {1, 0}, Evaluator.argmax(Nd4j.create(new double[][] {{0, 2, 2}, {5, 5, 1}})));
    }
}
