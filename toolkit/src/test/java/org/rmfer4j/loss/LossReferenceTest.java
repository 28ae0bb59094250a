package org.rmfer4j.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.core.Nd4jSupport;
import org.rmfer4j.engine.samediff.SdOps;
import org.rmfer4j.nn.ParameterStore;

/** The losses against the worked examples of official-code-facts.md and hand-computed values, on both the reference math and SameDiff. */
class LossReferenceTest {
    static final double[][] Z = {{1, 2}, {2, 1}, {-1, 1}, {0, -3}};
    static final double[][] F = {{1, 0, 2}, {.5, 1, 0}, {0, 2, 1}, {1, 1, 1}};

    @Test
    void referenceAttentionMatchesTheWorkedExample() {
        double[][] a1 = ReferenceMath.attention(Z, SelfMask.OFFICIAL, 1.0);
        assertArrayEquals(new double[] {0, .555507, .342444, .102049}, a1[0], 1e-6);
        assertArrayEquals(new double[] {.619265, 0, .202817, .177917}, a1[1], 1e-6);
        assertArrayEquals(new double[] {.379802, 1.342444, .444493}, ReferenceMath.matmul(a1, F)[0], 1e-6);
        double[][] a25 = ReferenceMath.attention(Z, SelfMask.OFFICIAL, 0.25);
        assertArrayEquals(new double[] {0, .872943, .126063, .000994}, a25[0], 1e-6);
        assertArrayEquals(new double[] {.438697, 1.122606, .452346}, ReferenceMath.matmul(a25, F)[3], 1e-6);
        // the paper's literal Eq. 1 does not zero self-attention
        assertArrayEquals(
                new double[] {.199747, .444546, .274042, .081665},
                ReferenceMath.attention(Z, SelfMask.PAPER, 1.0)[0],
                1e-6);
        assertArrayEquals(
                new double[] {.034361, .842948, .121731, .000960},
                ReferenceMath.attention(Z, SelfMask.PAPER, 0.25)[0],
                1e-6);
        assertEquals(-0.894427, ReferenceMath.cosine(Z)[0][3], 1e-6);
    }

    private static INDArray sdAttention(double[][] z, SelfMask mask, double tau, DataType dt) {
        Nd4jSupport.init();
        ParameterStore store = new ParameterStore(1, dt);
        store.filled("z", 0, z.length, z[0].length).assign(Nd4j.create(z));
        SameDiff sd = SameDiff.create();
        SdOps ops = new SdOps(sd, store, true);
        SDVariable a = InterSampleAttention.attention(ops, ops.param("z"), z.length, mask, tau);
        return sd.output(Map.of(), a.name()).get(a.name());
    }

    @Test
    void sameDiffAttentionMatchesTheReferenceInEveryMode() {
        for (SelfMask m : SelfMask.values()) {
            for (double tau : new double[] {1.0, 0.25}) {
                INDArray a = sdAttention(Z, m, tau, DataType.DOUBLE);
                double[][] ref = ReferenceMath.attention(Z, m, tau);
                for (int i = 0; i < 4; i++) {
                    assertArrayEquals(ref[i], a.getRow(i).toDoubleVector(), 1e-12, m + " tau " + tau + " row " + i);
                }
            }
        }
    }

    @Test
    void attentionInvariants() {
        double[][] z = new double[6][5];
        SplittableRandom rng = new SplittableRandom(3);
        for (double[] row : z) {
            for (int k = 0; k < row.length; k++) {
                row[k] = rng.nextDouble() * 2 - 1;
            }
        }
        INDArray a = sdAttention(z, SelfMask.OFFICIAL, 0.1, DataType.FLOAT);
        for (int i = 0; i < 6; i++) {
            assertEquals(1.0, a.getRow(i).sumNumber().doubleValue(), 1e-5, "rows sum to 1");
            assertEquals(0.0, a.getDouble(i, i), 0.0, "self-attention is exactly 0 in float32 (official mask)");
        }
        double[][] scaled = new double[6][5];
        for (int i = 0; i < 6; i++) {
            for (int k = 0; k < 5; k++) {
                scaled[i][k] = z[i][k] * 7.5;
            }
        }
        INDArray b = sdAttention(scaled, SelfMask.OFFICIAL, 0.1, DataType.FLOAT);
        assertEquals(0.0, a.sub(b).amaxNumber().doubleValue(), 1e-6, "invariant to scaling the projections");
        INDArray none = sdAttention(z, SelfMask.NONE, 0.1, DataType.FLOAT);
        for (int i = 0; i < 6; i++) {
            assertTrue(none.getDouble(i, i) > 0.5, "without masking a sample attends mostly to itself at small tau");
        }
    }

    /** z rows for an anchor (1, 0) and candidates at the given cosines to it. */
    static double[][] anchorAndCandidates(double... cosines) {
        double[][] z = new double[1 + cosines.length][];
        z[0] = new double[] {1, 0};
        for (int i = 0; i < cosines.length; i++) {
            z[1 + i] = new double[] {cosines[i], Math.sqrt(1 - cosines[i] * cosines[i])};
        }
        return z;
    }

    private static double sdAcl(double[][] z, AclLayout layout, double tau) {
        Nd4jSupport.init();
        ParameterStore store = new ParameterStore(1, DataType.DOUBLE);
        store.filled("z", 0, z.length, z[0].length).assign(Nd4j.create(z));
        SameDiff sd = SameDiff.create();
        SdOps ops = new SdOps(sd, store, true);
        SDVariable l = AclLoss.compute(ops, ops.param("z"), layout, tau);
        return sd.output(ops.inputs(), l.name()).get(l.name()).getDouble(0);
    }

    @Test
    void aclMatchesTheWorkedExample() {
        // τ = 0.25, cosines [.9, .5 | .2, −.1, −.4] → 0.0680548
        assertEquals(0.0680548, ReferenceMath.aclLoss(new double[] {.9, .5}, new double[] {.2, -.1, -.4}, 0.25), 1e-7);
        AclLayout layout = AclLayout.of(new int[] {2}, new int[] {3}, 5);
        assertEquals(0.0680548, sdAcl(anchorAndCandidates(.9, .5, .2, -.1, -.4), layout, 0.25), 1e-7);
    }

    @Test
    void aclIsAMeanOverValidAnchorsAndSkipsEmptyOnes() {
        // anchor 0: the worked example; anchor 1: no positive (skipped); anchor 2: one positive, one negative
        double[][] a0 = anchorAndCandidates(.9, .5, .2, -.1, -.4);
        double[][] a1 = anchorAndCandidates(.3, .1, .0, .0, .0);
        double[][] a2 = anchorAndCandidates(.6, -.2, .0, .0, .0);
        double[][] z = new double[18][];
        System.arraycopy(a0, 0, z, 0, 6);
        System.arraycopy(a1, 0, z, 6, 6);
        System.arraycopy(a2, 0, z, 12, 6);
        AclLayout layout = AclLayout.of(new int[] {2, 0, 1}, new int[] {3, 2, 1}, 5);
        assertEquals(1, layout.skipped());
        double expected = (ReferenceMath.aclLoss(new double[] {.9, .5}, new double[] {.2, -.1, -.4}, 0.5)
                        + ReferenceMath.aclLoss(new double[] {.6}, new double[] {-.2}, 0.5))
                / 2;
        double got = sdAcl(z, layout, 0.5);
        assertTrue(Double.isFinite(got));
        assertEquals(expected, got, 1e-9);
    }

    @Test
    void aclFallsAsPositivesMoveTowardsTheAnchor() {
        AclLayout layout = AclLayout.of(new int[] {2}, new int[] {2}, 4);
        double previous = Double.POSITIVE_INFINITY;
        for (double c : new double[] {-0.5, 0.0, 0.5, 0.9, 0.99}) {
            double l = sdAcl(anchorAndCandidates(c, c, 0.1, -0.3), layout, 0.5);
            assertTrue(l < previous, "L_ACL should fall as positives approach: " + l + " after " + previous);
            previous = l;
        }
    }

    @Test
    void crossEntropyMatchesHandComputation() {
        double[][] logits = {{1, 2, 3}, {0, 0, 0}};
        double[][] targets = {{0, 0, 1}, {0.5, 0.5, 0}};
        // row 0: −log(e³/(e+e²+e³)); row 1: −log(1/3)
        double expected = (-(3 - Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3))) + Math.log(3)) / 2;
        assertEquals(expected, ReferenceMath.crossEntropy(logits, targets), 1e-12);
        Nd4jSupport.init();
        ParameterStore store = new ParameterStore(1, DataType.DOUBLE);
        store.filled("o", 0, 2, 3).assign(Nd4j.create(logits));
        SameDiff sd = SameDiff.create();
        SdOps ops = new SdOps(sd, store, true);
        SDVariable l = CrossEntropyLoss.compute(ops, ops.param("o"), ops.constant(Nd4j.create(targets)), 2);
        assertEquals(expected, sd.output(Map.of(), l.name()).get(l.name()).getDouble(0), 1e-12);
    }

    @Test
    void selectionKeepsTheTopAndBottomTenPercent() {
        assertEquals(1.3, AttentionSelection.quantile(new double[] {4, 1, 3, 2}, 0.1), 1e-12);
        assertEquals(3.7, AttentionSelection.quantile(new double[] {1, 2, 3, 4}, 0.9), 1e-12);
        double[] s = new double[50];
        for (int i = 0; i < 50; i++) {
            s[i] = Math.sin(i * 1.7); // 50 distinct values
        }
        int[] pos = AttentionSelection.keepPositives(s, 0.1);
        int[] neg = AttentionSelection.keepNegatives(s, 0.1);
        assertEquals(5, pos.length);
        assertEquals(5, neg.length);
        double minKept = Arrays.stream(pos).mapToDouble(i -> s[i]).min().orElseThrow();
        long above = Arrays.stream(s).filter(v -> v >= minKept).count();
        assertEquals(5, above, "the kept positives are the 5 most similar");
        // strict comparisons: all-equal similarities keep nothing
        assertEquals(0, AttentionSelection.keepPositives(new double[] {.3, .3, .3}, 0.1).length);
        assertEquals(0, AttentionSelection.keepNegatives(new double[0], 0.1).length);
    }
}
