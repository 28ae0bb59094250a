package org.rmfer4j.plot;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.rmfer4j.core.RmferException;

/**
 * Classical (Torgerson) multidimensional scaling, with the eigen-decomposition of Apache Commons Math:
 * <pre>  B = −½ · J · D⁽²⁾ · J,   J = I − 11ᵀ/N,   X = V_k · diag(√λ_k)</pre>
 * where D⁽²⁾ holds squared distances and (λ_k, V_k) are B's k largest eigenpairs. For Euclidean distances this
 * recovers the configuration exactly up to rotation, reflection and translation; for other dissimilarities (the
 * paper's cosine distance) it is the best rank-k approximation of B, negative eigenvalues being dropped.
 */
public final class Mds {
    private Mds() {}

    /** k-dimensional coordinates {@code [N][k]} of a symmetric distance matrix {@code [N][N]}. */
    public static double[][] classical(double[][] distances, int k) {
        int n = distances.length;
        if (n < 2 || k < 1 || k > n) {
            throw new RmferException("MDS needs at least 2 points and 1 <= k <= N; got N = " + n + ", k = " + k);
        }
        double[][] b = new double[n][n];
        for (int i = 0; i < n; i++) {
            if (distances[i].length != n) {
                throw new RmferException(
                        "MDS distance row " + i + " has " + distances[i].length + " entries; expected " + n);
            }
            for (int j = 0; j < n; j++) {
                double d = distances[i][j];
                if (!Double.isFinite(d) || Math.abs(d - distances[j][i]) > 1e-9) {
                    throw new RmferException(
                            "MDS distances must be finite and symmetric; entry (" + i + ", " + j + ") is " + d);
                }
                b[i][j] = d * d;
            }
        }
        // double centring
        double[] rowMean = new double[n];
        double all = 0;
        for (int i = 0; i < n; i++) {
            rowMean[i] = Arrays.stream(b[i]).sum() / n;
            all += rowMean[i];
        }
        all /= n;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                b[i][j] = -0.5 * (b[i][j] - rowMean[i] - rowMean[j] + all);
            }
        }
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(b, false));
        double[] values = eig.getRealEigenvalues();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(values[y], values[x]));
        RealMatrix v = eig.getV();
        double[][] out = new double[n][k];
        for (int c = 0; c < k; c++) {
            double lambda = Math.max(values[order[c]], 0);
            double s = Math.sqrt(lambda);
            for (int i = 0; i < n; i++) {
                out[i][c] = v.getEntry(i, order[c]) * s;
            }
        }
        return out;
    }

    /** Cosine distances 1 − cos(f_i, f_j) of feature rows {@code [N][n]} (a zero row counts as orthogonal to all). */
    public static double[][] cosineDistances(double[][] features) {
        int n = features.length;
        double[] norms = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (double x : features[i]) {
                s += x * x;
            }
            norms[i] = Math.sqrt(s);
        }
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dot = 0;
                for (int c = 0; c < features[i].length; c++) {
                    dot += features[i][c] * features[j][c];
                }
                double den = norms[i] * norms[j];
                double v = den == 0 ? 1 : 1 - dot / den;
                d[i][j] = v;
                d[j][i] = v;
            }
        }
        return d;
    }

    /** Centre (mean point) of each class {@code [C][k]}; NaN for a class without points. */
    public static double[][] centres(double[][] points, int[] labels, int classes) {
        int k = points[0].length;
        double[][] c = new double[classes][k];
        int[] count = new int[classes];
        for (int i = 0; i < points.length; i++) {
            if (labels[i] < 0) {
                continue;
            }
            count[labels[i]]++;
            for (int j = 0; j < k; j++) {
                c[labels[i]][j] += points[i][j];
            }
        }
        for (int e = 0; e < classes; e++) {
            for (int j = 0; j < k; j++) {
                c[e][j] = count[e] == 0 ? Double.NaN : c[e][j] / count[e];
            }
        }
        return c;
    }

    /**
     * The paper's "mean distance from the centre" (Fig. 5), defined here as (1/N) Σ_i ‖x_i − c_{y_i}‖₂: the mean
     * Euclidean distance of every MDS point x_i to the centre c_e (mean MDS point) of its own class y_i, over all N
     * labelled points. Smaller means tighter classes. The paper gives no formula; this is the plain reading of its
     * caption ("the mean distance from the center in the MDS plot").
     */
    public static double meanDistanceFromCentres(double[][] points, int[] labels, int classes) {
        double[][] c = centres(points, labels, classes);
        double sum = 0;
        int n = 0;
        for (int i = 0; i < points.length; i++) {
            if (labels[i] < 0) {
                continue;
            }
            double s = 0;
            for (int j = 0; j < points[i].length; j++) {
                double d = points[i][j] - c[labels[i]][j];
                s += d * d;
            }
            sum += Math.sqrt(s);
            n++;
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
