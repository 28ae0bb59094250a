package org.rmfer4j.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.core.Seeds;
import org.rmfer4j.data.Expression;
import org.rmfer4j.data.transform.Preprocessor;
import org.rmfer4j.eval.Evaluator;
import org.rmfer4j.loss.AclLayout;
import org.rmfer4j.loss.AttentionSelection;
import org.rmfer4j.loss.ReferenceMath;
import org.rmfer4j.model.Inference;
import org.rmfer4j.model.RmferModel;
import org.rmfer4j.rmset.RmsetIndex;

/**
 * The RMset half of one phase-2 step: draws {@code A} anchors with their candidate sets ({@link AclSampler}), loads and
 * augments every face once, runs the attention-based selection (paper Sec. 4.2) on the model's projections H(f)
 * without gradient, and arranges anchor + kept positives + kept negatives as an {@link AclLayout} of {@code A·(1+K)}
 * rows for the loss.
 *
 * <p>Differences from the official code, on purpose: the selection pass runs in eval mode (batch-norm running
 * statistics), so it does not depend on which other candidates share the pass; the code leaves the module in training
 * mode. With {@link AclSettings.Pairs#PREDICTED_NEGATIVES} the same pass also yields the classifier's predictions.
 * Empty slots (fewer kept candidates than K) hold a copy of the anchor and are masked out of the loss.
 *
 * @param images images {@code [A·(1+K), 3, S, S]}
 * @param layout the arrangement and masks
 * @param stats  what happened, for the step's metrics
 */
public record AclBatch(INDArray images, AclLayout layout, Stats stats) {
    /**
     * Per-step counts. Precision counts are over candidates whose truth is known (synthetic mashups only).
     *
     * @param anchors       anchors requested
     * @param failed        anchors the sampler could not draw
     * @param candidatesPos positive candidates drawn
     * @param candidatesNeg negative candidates drawn
     * @param keptPos       positives kept by the selection
     * @param keptNeg       negatives kept by the selection
     * @param before        how many of the drawn candidates have the anchor's expression or not
     * @param after         the same for the kept ones
     */
    public record Stats(
            int anchors,
            int failed,
            int candidatesPos,
            int candidatesNeg,
            int keptPos,
            int keptNeg,
            TruthCounts before,
            TruthCounts after) {
        /** Share of positive candidates with the anchor's expression before / after selection (NaN if unknown). */
        public double positivePrecision(boolean afterSelection) {
            return (afterSelection ? after : before).positivePrecision();
        }

        /** Share of negative candidates with a different expression before / after selection (NaN if unknown). */
        public double negativePrecision(boolean afterSelection) {
            return (afterSelection ? after : before).negativePrecision();
        }
    }

    /**
     * Candidates of known truth (synthetic mashups) and how many of them are right.
     *
     * @param positivesSame      positives with the anchor's expression
     * @param positivesKnown     positives whose expression is known
     * @param negativesDifferent negatives with another expression
     * @param negativesKnown     negatives whose expression is known
     */
    public record TruthCounts(long positivesSame, long positivesKnown, long negativesDifferent, long negativesKnown) {
        public static final TruthCounts NONE = new TruthCounts(0, 0, 0, 0);

        /** positivesSame / positivesKnown, NaN when none is known. */
        public double positivePrecision() {
            return positivesKnown == 0 ? Double.NaN : (double) positivesSame / positivesKnown;
        }

        /** negativesDifferent / negativesKnown, NaN when none is known. */
        public double negativePrecision() {
            return negativesKnown == 0 ? Double.NaN : (double) negativesDifferent / negativesKnown;
        }

        TruthCounts plus(TruthCounts o) {
            return new TruthCounts(
                    positivesSame + o.positivesSame,
                    positivesKnown + o.positivesKnown,
                    negativesDifferent + o.negativesDifferent,
                    negativesKnown + o.negativesKnown);
        }
    }

    /** Most candidates of one kind the selection can keep out of {@code n}: ⌈γ·(n − 1)⌉ (strict quantile thresholds). */
    public static int maxKept(int n, double gamma) {
        int byPos = AttentionSelection.keepPositives(ramp(n), gamma).length;
        int byNeg = AttentionSelection.keepNegatives(ramp(n), gamma).length;
        return Math.max(1, Math.max(byPos, byNeg));
    }

    private static double[] ramp(int n) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i;
        }
        return v;
    }

    /**
     * Builds the RMset half of step {@code step}; a pure function of (model weights, seed, step).
     *
     * @param acl    the ACL settings (anchors per step, γ, selection, pairs)
     * @param seed   the run's seed
     * @param oracle true expressions for the precision counts, or null
     */
    public static @Nullable AclBatch build(
            RmferModel model,
            AclSampler sampler,
            RmsetIndex index,
            Preprocessor preprocessor,
            AclSettings acl,
            long seed,
            long step,
            @Nullable ExpressionOracle oracle) {
        int a = acl.anchorsPerStep();
        List<AclSampler.Candidates> drawn = new ArrayList<>(a);
        int failed = 0;
        for (int slot = 0; slot < a; slot++) {
            AclSampler.Candidates c = sampler.sample(seed, step, slot);
            if (c == null) {
                failed++;
            } else {
                drawn.add(c);
            }
        }
        if (drawn.isEmpty()) {
            return null;
        }
        int s = preprocessor.size();
        int per = 3 * s * s;
        // every face of every anchor, augmented once: [anchor, positives..., negatives...] per anchor
        List<float[]> pixels = new ArrayList<>();
        int[] offsets = new int[drawn.size() + 1];
        for (int i = 0; i < drawn.size(); i++) {
            AclSampler.Candidates c = drawn.get(i);
            offsets[i] = pixels.size();
            List<RmsetIndex.Row> rows =
                    new ArrayList<>(1 + c.positives().size() + c.negatives().size());
            rows.add(c.anchor());
            rows.addAll(c.positives());
            rows.addAll(c.negatives());
            for (int k = 0; k < rows.size(); k++) {
                SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, step, 0xAC1L, i, k));
                pixels.add(preprocessor.apply(index.image(rows.get(k)).load(), rng));
            }
        }
        offsets[drawn.size()] = pixels.size();

        AclSettings.Pairs pairs = acl.pairs();
        if (pairs.needsTruth() && oracle == null) {
            throw new RmferException(
                    "aclPairs = " + pairs + " needs the RMset's true expressions (an ExpressionOracle)");
        }
        // the selection pass (no gradient, eval mode); the oracle control and the random ablation need none
        boolean selects = acl.attentionSelection() && !(pairs.truePositives() && pairs.trueNegatives());
        INDArray projections = null;
        int[] predicted = null;
        if (pairs.predictedNegatives()) {
            Inference out = model.infer(stack(pixels, s));
            predicted = Evaluator.argmax(out.logits());
            projections = selects ? out.projection() : null;
        } else if (selects) {
            projections = model.embed(stack(pixels, s));
        }
        int kMax = maxKept(acl.candidates(), acl.gamma());
        int slots = 2 * kMax;
        int[] keptPosCount = new int[drawn.size()];
        int[] keptNegCount = new int[drawn.size()];
        List<float[]> arranged = new ArrayList<>();
        TruthCounts before = TruthCounts.NONE;
        TruthCounts after = TruthCounts.NONE;
        int candPos = 0;
        int candNeg = 0;
        int keptPos = 0;
        int keptNeg = 0;
        for (int i = 0; i < drawn.size(); i++) {
            AclSampler.Candidates c = drawn.get(i);
            int base = offsets[i];
            int np = c.positives().size();
            int nn = c.negatives().size();
            candPos += np;
            candNeg += nn;
            int[] kp;
            int[] kn;
            INDArray anchor = projections == null ? null : projections.getRow(base);
            if (pairs.truePositives()) {
                kp = byTruth(oracle, c, true, kMax);
            } else if (anchor != null) {
                kp = AttentionSelection.keepPositives(cosines(anchor, projections, base + 1, np), acl.gamma());
            } else {
                // the ablation: as many as the selection would keep, drawn at random (the candidates are already
                // shuffled)
                kp = firstN(Math.min(np, keptCount(np, acl.gamma())));
            }
            if (pairs.trueNegatives()) {
                kn = byTruth(oracle, c, false, kMax);
            } else if (predicted != null) {
                double[] sim = anchor == null ? null : cosines(anchor, projections, base + 1 + np, nn);
                kn = byPrediction(predicted, base, base + 1 + np, nn, sim, keptCount(nn, acl.gamma()));
            } else if (anchor != null) {
                kn = AttentionSelection.keepNegatives(cosines(anchor, projections, base + 1 + np, nn), acl.gamma());
            } else {
                kn = firstN(Math.min(nn, keptCount(nn, acl.gamma())));
            }
            kp = Arrays.copyOf(kp, Math.min(kp.length, kMax));
            kn = Arrays.copyOf(kn, Math.min(kn.length, kMax));
            keptPosCount[i] = kp.length;
            keptNegCount[i] = kn.length;
            keptPos += kp.length;
            keptNeg += kn.length;
            arranged.add(pixels.get(base));
            for (int k : kp) {
                arranged.add(pixels.get(base + 1 + k));
            }
            for (int k : kn) {
                arranged.add(pixels.get(base + 1 + np + k));
            }
            for (int k = kp.length + kn.length; k < slots; k++) {
                arranged.add(pixels.get(base)); // padding, masked out
            }
            if (oracle != null) {
                before = before.plus(count(oracle, c, firstN(np), firstN(nn)));
                after = after.plus(count(oracle, c, kp, kn));
            }
        }
        // the layout wants positives first, then negatives, in each anchor's slots: built to match `arranged`
        AclLayout layout = AclLayout.of(keptPosCount, keptNegCount, slots);
        return new AclBatch(
                stack(arranged, s), layout, new Stats(a, failed, candPos, candNeg, keptPos, keptNeg, before, after));
    }

    /** Truth counts of the positives {@code kp} and negatives {@code kn} (indices into the candidate lists). */
    private static TruthCounts count(ExpressionOracle oracle, AclSampler.Candidates c, int[] kp, int[] kn) {
        Expression anchor = oracle.expressionOf(c.anchor());
        if (anchor == null) {
            return TruthCounts.NONE;
        }
        long same = 0;
        long posKnown = 0;
        long different = 0;
        long negKnown = 0;
        for (int k : kp) {
            Expression e = oracle.expressionOf(c.positives().get(k));
            if (e != null) {
                posKnown++;
                same += e == anchor ? 1 : 0;
            }
        }
        for (int k : kn) {
            Expression e = oracle.expressionOf(c.negatives().get(k));
            if (e != null) {
                negKnown++;
                different += e != anchor ? 1 : 0;
            }
        }
        return new TruthCounts(same, posKnown, different, negKnown);
    }

    /** How many of n candidates the selection keeps (distinct similarities): the count the random ablation keeps too. */
    private static int keptCount(int n, double gamma) {
        return AttentionSelection.keepPositives(ramp(n), gamma).length;
    }

    /**
     * The oracle control: the first {@code k} candidates whose true expression is the anchor's (positives) or is not
     * (negatives); candidates of unknown truth are never kept.
     */
    private static int[] byTruth(ExpressionOracle oracle, AclSampler.Candidates c, boolean positives, int k) {
        Expression anchor = oracle.expressionOf(c.anchor());
        if (anchor == null) {
            return new int[0];
        }
        List<RmsetIndex.Row> pool = positives ? c.positives() : c.negatives();
        int[] out = new int[Math.min(k, pool.size())];
        int n = 0;
        for (int i = 0; i < pool.size() && n < out.length; i++) {
            Expression e = oracle.expressionOf(pool.get(i));
            if (e != null && (e == anchor) == positives) {
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * {@link AclSettings.Pairs#PREDICTED_NEGATIVES}: of the negatives at rows [from, from + n), those whose predicted
     * class differs from the anchor's (row {@code anchorRow}), ordered by ascending similarity {@code sim} (drawn
     * order when null, ties kept in drawn order), the first {@code k}.
     */
    static int[] byPrediction(int[] predicted, int anchorRow, int from, int n, double @Nullable [] sim, int k) {
        List<Integer> other = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (predicted[from + i] != predicted[anchorRow]) {
                other.add(i);
            }
        }
        if (sim != null) {
            other.sort((x, y) -> Double.compare(sim[x], sim[y])); // stable: equal similarities keep drawn order
        }
        return other.stream().limit(k).mapToInt(Integer::intValue).toArray();
    }

    private static int[] firstN(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    /** Cosine similarity of {@code anchor} to rows [from, from + n) of {@code m}. */
    static double[] cosines(INDArray anchor, INDArray m, int from, int n) {
        double[] a = anchor.toDoubleVector();
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            out[k] = ReferenceMath.cosine(a, m.getRow(from + k).toDoubleVector());
        }
        return out;
    }

    private static INDArray stack(List<float[]> images, int s) {
        int per = 3 * s * s;
        float[] all = new float[images.size() * per];
        for (int i = 0; i < images.size(); i++) {
            System.arraycopy(images.get(i), 0, all, i * per, per);
        }
        return Nd4j.create(all, new long[] {images.size(), 3, s, s}, 'c');
    }
}
