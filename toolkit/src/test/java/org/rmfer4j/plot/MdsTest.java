package org.rmfer4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.rmfer4j.core.RmferException;

/** Classical MDS recovers known configurations; the mean-distance figure on hand-computed values. */
class MdsTest {
    static double dist(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    @Test
    void recoversAPlanarConfigurationUpToRotation() {
        double[][] pts = {{0, 0}, {3, 0}, {0, 4}, {3, 4}, {1.5, 2}, {-2, 1}};
        double[][] d = new double[pts.length][pts.length];
        for (int i = 0; i < pts.length; i++) {
            for (int j = 0; j < pts.length; j++) {
                d[i][j] = dist(pts[i], pts[j]);
            }
        }
        double[][] x = Mds.classical(d, 2);
        for (int i = 0; i < pts.length; i++) {
            for (int j = 0; j < pts.length; j++) {
                assertEquals(d[i][j], dist(x[i], x[j]), 1e-9, "distance " + i + "-" + j);
            }
        }
    }

    @Test
    void threePointsOnALineNeedOneDimension() {
        double[][] d = {{0, 1, 3}, {1, 0, 2}, {3, 2, 0}};
        double[][] x = Mds.classical(d, 2);
        assertEquals(1, Math.abs(x[0][0] - x[1][0]), 1e-9);
        assertEquals(3, Math.abs(x[0][0] - x[2][0]), 1e-9);
        for (double[] p : x) {
            assertEquals(0, p[1], 1e-6);
        }
    }

    @Test
    void meanDistanceFromCentresByHand() {
        // class 0 at (0,0) and (2,0): centre (1,0), distances 1 and 1; class 1 at (0,3), (0,5), (0,7): centre (0,5),
        // distances 2, 0, 2
        double[][] p = {{0, 0}, {2, 0}, {0, 3}, {0, 5}, {0, 7}};
        int[] y = {0, 0, 1, 1, 1};
        assertEquals((1 + 1 + 2 + 0 + 2) / 5.0, Mds.meanDistanceFromCentres(p, y, 2), 1e-12);
        double[][] c = Mds.centres(p, y, 3);
        assertEquals(1, c[0][0], 1e-12);
        assertEquals(5, c[1][1], 1e-12);
        assertEquals(Double.NaN, c[2][0]);
    }

    @Test
    void cosineDistances() {
        double[][] d = Mds.cosineDistances(new double[][] {{1, 0}, {0, 2}, {-3, 0}, {1, 1}});
        assertEquals(1, d[0][1], 1e-12);
        assertEquals(2, d[0][2], 1e-12);
        assertEquals(1 - Math.sqrt(0.5), d[0][3], 1e-12);
        assertEquals(0, d[3][3], 0);
    }

    @Test
    void rejectsAsymmetricInput() {
        assertThrows(RmferException.class, () -> Mds.classical(new double[][] {{0, 1}, {2, 0}}, 1));
    }
}
