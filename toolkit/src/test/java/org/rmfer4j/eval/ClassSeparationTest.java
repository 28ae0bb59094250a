package org.rmfer4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.rmfer4j.core.RmferException;

class ClassSeparationTest {
    @Test
    void handComputedTwoClassesInThePlane() {
        // class 0: (1, 0) and (0, 1) -> centre (0.5, 0.5); class 1: (-2, 0) (unit: (-1, 0)) -> centre (-1, 0).
        // d((1,0), c0) = 1 - 0.5/√0.5 = 1 - √0.5; the same for (0,1); d((-1,0), c1) = 0.
        // within = 2(1 - √0.5)/3; between = d(c0, c1) = 1 - (-0.5)/√0.5 = 1 + √0.5.
        // nearest centre: (1,0) -> c0 (d 0.293 against 2); (0,1) -> c0 (0.293 against 1); (-1,0) -> c1: 3 of 3.
        double[][] f = {{1, 0}, {0, 1}, {-2, 0}};
        ClassSeparation s = ClassSeparation.of(f, new int[] {0, 0, 1}, 2);
        double r = Math.sqrt(0.5);
        assertEquals(2 * (1 - r) / 3, s.within(), 1e-12);
        assertEquals(1 + r, s.between(), 1e-12);
        assertEquals(2 * (1 - r) / 3 / (1 + r), s.ratio(), 1e-12);
        assertEquals(1.0, s.nearestCentre(), 0);
    }

    @Test
    void scaleFreeAndAnEmptyClassIsLeftOut() {
        double[][] f = {{1, 0.2}, {0.9, -0.1}, {-0.3, 1}, {0.1, 0.8}};
        int[] y = {0, 0, 2, 2};
        ClassSeparation a = ClassSeparation.of(f, y, 3);
        double[][] g = new double[f.length][];
        for (int i = 0; i < f.length; i++) {
            g[i] = new double[] {f[i][0] * (i + 1) * 7, f[i][1] * (i + 1) * 7};
        }
        ClassSeparation b = ClassSeparation.of(g, y, 3);
        assertEquals(a.ratio(), b.ratio(), 1e-12);
        assertEquals(a.nearestCentre(), b.nearestCentre(), 0);
        assertTrue(Double.isFinite(a.between()), "class 1 has no samples and is not a pair member");
    }

    @Test
    void aSampleNearerAnotherCentreCounts() {
        // class 0: (1,0), (1,0), (0,1); class 1: (0,1), (0.1,1). The third sample of class 0 sits on class 1.
        double[][] f = {{1, 0}, {1, 0}, {0, 1}, {0, 1}, {0.1, 1}};
        ClassSeparation s = ClassSeparation.of(f, new int[] {0, 0, 0, 1, 1}, 2);
        assertEquals(4 / 5.0, s.nearestCentre(), 0);
    }

    @Test
    void badInputNamesTheRow() {
        RmferException e = assertThrows(
                RmferException.class, () -> ClassSeparation.of(new double[][] {{1, 0}, {1}}, new int[] {0, 1}, 2));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        e = assertThrows(RmferException.class, () -> ClassSeparation.of(new double[][] {{1, 0}}, new int[] {4}, 2));
        assertTrue(e.getMessage().contains("label 4"), e.getMessage());
    }
}
