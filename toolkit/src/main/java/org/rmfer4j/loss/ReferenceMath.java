package org.rmfer4j.loss;

/**
 * The IAL and ACL formulas in plain double-precision Java, with no engine: the statement the engines are tested
 * against, and a readable version for teaching. Matrices are {@code double[rows][cols]}.
 */
public final class ReferenceMath {
    private ReferenceMath() {}

    /** Cosine similarity of two vectors; 0 when either is all zeros. */
    public static double cosine(double[] a, double[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        double den = Math.sqrt(na * nb);
        return den == 0 ? 0 : dot / den;
    }

    /** Cosine-similarity matrix of the rows of z. */
    public static double[][] cosine(double[][] z) {
        int b = z.length;
        double[][] n = new double[b][];
        for (int i = 0; i < b; i++) {
            double norm = 0;
            for (double x : z[i]) {
                norm += x * x;
            }
            norm = Math.sqrt(norm);
            n[i] = new double[z[i].length];
            for (int k = 0; k < z[i].length; k++) {
                n[i][k] = z[i][k] / norm;
            }
        }
        double[][] c = new double[b][b];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < b; j++) {
                double s = 0;
                for (int k = 0; k < n[i].length; k++) {
                    s += n[i][k] * n[j][k];
                }
                c[i][j] = s;
            }
        }
        return c;
    }

    /** The attention matrix A of IAL for a self-mask mode and τ. */
    public static double[][] attention(double[][] z, SelfMask mask, double tau) {
        double[][] c = cosine(z);
        int b = c.length;
        double[][] a = new double[b][b];
        for (int i = 0; i < b; i++) {
            double[] logits = new double[b];
            for (int j = 0; j < b; j++) {
                double s = c[i][j];
                if (i == j) {
                    s = switch (mask) {
                        case NONE -> s / tau;
                        case OFFICIAL -> SelfMask.OFFICIAL_LOGIT;
                        case PAPER -> SelfMask.PAPER_COSINE / tau;
                    };
                } else {
                    s = s / tau;
                }
                logits[j] = s;
            }
            double max = Double.NEGATIVE_INFINITY;
            for (double x : logits) {
                max = Math.max(max, x);
            }
            double sum = 0;
            for (int j = 0; j < b; j++) {
                a[i][j] = Math.exp(logits[j] - max);
                sum += a[i][j];
            }
            for (int j = 0; j < b; j++) {
                a[i][j] /= sum;
            }
        }
        return a;
    }

    /** Matrix product. */
    public static double[][] matmul(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                for (int j = 0; j < b[0].length; j++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    /** Mean cross-entropy of logits against target rows. */
    public static double crossEntropy(double[][] logits, double[][] targets) {
        double total = 0;
        for (int i = 0; i < logits.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double x : logits[i]) {
                max = Math.max(max, x);
            }
            double sum = 0;
            for (double x : logits[i]) {
                sum += Math.exp(x - max);
            }
            double lse = max + Math.log(sum);
            for (int c = 0; c < logits[i].length; c++) {
                total -= targets[i][c] * (logits[i][c] - lse);
            }
        }
        return total / logits.length;
    }

    /**
     * ACL loss of one anchor from its cosines to P positives and N negatives:
     * −log(Σ_P exp(c/τ) / Σ_{P∪N} exp(c/τ)).
     */
    public static double aclLoss(double[] positiveCosines, double[] negativeCosines, double tau) {
        double pos = 0;
        for (double c : positiveCosines) {
            pos += Math.exp(c / tau);
        }
        double all = pos;
        for (double c : negativeCosines) {
            all += Math.exp(c / tau);
        }
        return -Math.log(pos / all);
    }
}
