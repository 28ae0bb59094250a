package org.rmfer4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rmfer4j.core.RmferException;

class PowerTest {
    @Test
    void detectableDifferencesMatchHandComputedValues() {
        // (t(0.975, 9) + t(0.80, 9)) * 2 / sqrt(10) = (2.2622 + 0.8834) * 0.632456 = 1.98945
        assertEquals(1.98945, Power.detectable(2.0, 10), 1e-5);
        // two seeds: (12.7062 + 1.3764) * 3 / sqrt(2) = 29.87371
        assertEquals(29.87371, Power.detectable(3.0, 2), 1e-5);
        // from a paired interval: its sd and n
        Interval d = Interval.paired(new double[] {60, 62, 61}, new double[] {59, 59, 59}); // d = 1, 3, 2: sd 1
        assertEquals((4.3027 + 1.0607) / Math.sqrt(3), Power.detectable(d), 1e-9);
        assertTrue(Double.isNaN(Power.detectable(Interval.of(1.0))), "one seed detects nothing");
    }

    @Test
    void seedsForAnEffectAreTheFirstCountThatDetectsIt() {
        // sd 2, a 1-point effect: 32 seeds give 1.0153 (df 31 uses the df-40 quantiles), 33 give 0.99983
        assertEquals(33, Power.seedsFor(2.0, 1.0));
        assertTrue(Power.detectable(2.0, 32) > 1.0 && Power.detectable(2.0, 33) <= 1.0);
        assertEquals(2, Power.seedsFor(0.0, 0.5), "no spread: two seeds detect anything");
        assertEquals(Power.MAX_SEEDS + 1, Power.seedsFor(1e6, 1e-3));
        assertThrows(RmferException.class, () -> Power.seedsFor(1.0, 0.0));
        assertThrows(RmferException.class, () -> Power.detectable(1.0, 1));
        assertThrows(RmferException.class, () -> Power.t80(0));
    }
}
