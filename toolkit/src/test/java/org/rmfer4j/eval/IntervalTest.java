package org.rmfer4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rmfer4j.core.RmferException;

/** Confidence intervals and paired differences against values worked out by hand. */
class IntervalTest {
    @Test
    void notebook05sWorkedPairedExample() {
        // notebooks/05_tables.ipynb: RMFER 60, 62, 61 against w/o ACL 59, 59, 59 over three seeds
        Interval d = Interval.paired(new double[] {60, 62, 61}, new double[] {59, 59, 59});
        assertEquals(2.0, d.mean(), 1e-12);
        assertEquals(1.0, d.sd(), 1e-12);
        assertEquals(2.484, d.halfWidth(), 1e-3);
        assertEquals(-0.48, d.low(), 5e-3);
        assertEquals(4.48, d.high(), 5e-3);
    }

    @Test
    void meanAndStudentIntervalByHand() {
        // 1, 2, 3, 4, 5: mean 3, sd sqrt(10/4) = 1.5811, t(0.975, 4) = 2.7764, half-width 2.7764 * 1.5811 / sqrt(5) =
        // 1.9632
        Interval i = Interval.of(1, 2, 3, 4, 5);
        assertEquals(5, i.n());
        assertEquals(3.0, i.mean(), 1e-12);
        assertEquals(Math.sqrt(2.5), i.sd(), 1e-12);
        assertEquals(1.9632, i.halfWidth(), 1e-4);
        assertEquals(3 - 1.9632, i.low(), 1e-4);
        assertEquals("3.00 ± 1.96", i.format(2));
    }

    @Test
    void twoValuesUseTheWideT() {
        // 10 and 12: mean 11, sd sqrt(2), t(0.975, 1) = 12.7062, half-width 12.7062 * sqrt(2) / sqrt(2) = 12.7062
        Interval i = Interval.of(10, 12);
        assertEquals(12.7062, i.halfWidth(), 1e-4);
    }

    @Test
    void oneValueHasNoInterval() {
        Interval i = Interval.of(7.5);
        assertTrue(Double.isNaN(i.halfWidth()));
        assertFalse(i.aboveZero());
        assertEquals("7.50 (1 seed)", i.format(2));
    }

    @Test
    void pairedDifferencesRemoveWhatSeedsShare() {
        // the arms differ by exactly +1 on every seed although the seeds differ by tens: the interval is [1, 1]
        double[] a = {51, 71, 41, 61};
        double[] b = {50, 70, 40, 60};
        Interval d = Interval.paired(a, b);
        assertEquals(1.0, d.mean(), 1e-12);
        assertEquals(0.0, d.halfWidth(), 1e-12);
        assertTrue(Interval.of(a).halfWidth() > 10, "unpaired, the seed spread dominates");
        // differences 1, 3, 2: mean 2, sd 1, t(0.975, 2) = 4.3027, half-width 4.3027 / sqrt(3) = 2.4842
        Interval e = Interval.paired(new double[] {2, 5, 4}, new double[] {1, 2, 2});
        assertEquals(2.0, e.mean(), 1e-12);
        assertEquals(2.4842, e.halfWidth(), 1e-4);
        assertFalse(e.aboveZero(), "[-0.48, 4.48] includes zero");
        assertTrue(
                Interval.paired(new double[] {3, 4, 5}, new double[] {1, 2, 3}).aboveZero());
    }

    @Test
    void badInputsAreRefused() {
        assertThrows(RmferException.class, () -> Interval.of());
        assertThrows(RmferException.class, () -> Interval.of(1, Double.NaN));
        assertThrows(RmferException.class, () -> Interval.paired(new double[] {1}, new double[] {1, 2}));
        assertThrows(RmferException.class, () -> Interval.t975(0));
        assertEquals(2.0423, Interval.t975(30), 1e-9);
        assertEquals(1.96, Interval.t975(1000), 1e-9);
    }
}
