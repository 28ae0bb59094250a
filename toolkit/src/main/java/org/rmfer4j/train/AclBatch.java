package org.rmfer4j.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * mode. With {@link AclSettings.Pairs#PREDICTED_NEGATIVES} the same pass also yields the classifier's predictions;
 * with {@link AclSettings.Pairs#COVIEWER_NEGATIVES} it also embeds the co-viewers' faces the ranking compares.
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

    /**
     * Co-viewers per anchor that {@link AclSettings.Pairs#COVIEWER_NEGATIVES} compares across frames: each adds one
     * face per negative candidate to the selection pass. Three was the diagnosis's cheap setting (its AUC was measured
     * with all co-viewers and with three; figures/experiments/coviewer-negatives).
     */
    public static final int COVIEWERS = 3;

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
        // COVIEWER_NEGATIVES: the co-viewers' faces, after every candidate, embedded in the same pass, never trained on
        int[][][] coviewerRows = new int[drawn.size()][][];
        if (acl.pairs().coviewerNegatives()) {
            for (int i = 0; i < drawn.size(); i++) {
                coviewerRows[i] = addCoviewers(
                        drawn.get(i), sampler, index, preprocessor, pixels, Seeds.mix(seed, step, 0xC0F1EL, i));
            }
        }

        AclSettings.Pairs pairs = acl.pairs();
        if (pairs.needsTruth() && oracle == null) {
            throw new RmferException(
                    "aclPairs = " + pairs + " needs the RMset's true expressions (an ExpressionOracle)");
        }
        // the selection pass (no gradient, eval mode); the oracle control and the random ablation need none
        boolean selects = acl.attentionSelection() && !(pairs.truePositives() && pairs.trueNegatives());
        INDArray projections = null;
        INDArray coviewerProjections = null;
        int[] predicted = null;
        if (pairs.predictedNegatives()) {
            Inference out = model.infer(stack(pixels, s));
            predicted = Evaluator.argmax(out.logits());
            projections = selects ? out.projection() : null;
        } else if (selects || pairs.coviewerNegatives()) {
            INDArray all = model.embed(stack(pixels, s));
            projections = selects ? all : null;
            coviewerProjections = pairs.coviewerNegatives() ? all : null;
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
            } else if (coviewerProjections != null) {
                double[] sim = anchor == null ? null : cosines(anchor, projections, base + 1 + np, nn);
                double[] co = coviewerSimilarity(coviewerProjections, coviewerRows[i], nn);
                // exactly as many as the method's selection keeps (ties at its threshold keep fewer): only which differ
                int keep = sim == null
                        ? keptCount(nn, acl.gamma())
                        : AttentionSelection.keepNegatives(sim, acl.gamma()).length;
                kn = byCoviewers(sim, co, keep);
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

    /**
     * Appends to {@code pixels} the faces of up to {@link #COVIEWERS} co-viewers of the anchor — other people of its
     * video seen at its frame, drawn with {@code mixedSeed} — at the anchor's frame and at each negative's frame.
     * Returns rows[j][0] (co-viewer j at the anchor's frame) and rows[j][1 + k] (at negative k's frame) as indices
     * into {@code pixels}, −1 where that face is missing; a face repeated (negatives drawn with replacement) is loaded
     * once.
     */
    private static int[][] addCoviewers(
            AclSampler.Candidates c,
            AclSampler sampler,
            RmsetIndex index,
            Preprocessor preprocessor,
            List<float[]> pixels,
            long mixedSeed) {
        RmsetIndex.Row anchor = c.anchor();
        List<Integer> ids =
                new ArrayList<>(sampler.facesAt(anchor.video(), anchor.frame()).keySet());
        ids.remove(Integer.valueOf(anchor.faceId()));
        ids.sort(null);
        SplittableRandom rng = new SplittableRandom(mixedSeed);
        int m = Math.min(COVIEWERS, ids.size());
        for (int i = 0; i < m; i++) { // a partial shuffle: the first m of a seeded permutation
            int j = i + rng.nextInt(ids.size() - i);
            ids.set(j, ids.set(i, ids.get(j)));
        }
        int nn = c.negatives().size();
        int[][] rows = new int[m][1 + nn];
        Map<String, Integer> loaded = new HashMap<>();
        for (int j = 0; j < m; j++) {
            int id = ids.get(j);
            for (int k = 0; k <= nn; k++) {
                int frame = k == 0 ? anchor.frame() : c.negatives().get(k - 1).frame();
                RmsetIndex.Row r = sampler.facesAt(anchor.video(), frame).get(id);
                rows[j][k] = r == null
                        ? -1
                        : loaded.computeIfAbsent(r.filePath(), p -> {
                            pixels.add(preprocessor.apply(index.image(r).load(), new SplittableRandom(rng.nextLong())));
                            return pixels.size() - 1;
                        });
            }
        }
        return rows;
    }

    /**
     * The co-viewers' similarity of each of {@code n} negatives: the mean over co-viewers j seen at both frames of
     * cos(H[rows[j][0]], H[rows[j][1 + k]]). A negative with no such co-viewer gets the mean of the others (it is
     * ranked by the anchor's similarity alone, in effect); 0 when no negative has one.
     */
    static double[] coviewerSimilarity(INDArray projections, int[][] rows, int n) {
        double[] out = new double[n];
        double sum = 0;
        int known = 0;
        for (int k = 0; k < n; k++) {
            double s = 0;
            int m = 0;
            for (int[] r : rows) {
                if (r[0] >= 0 && r[1 + k] >= 0) {
                    s += ReferenceMath.cosine(
                            projections.getRow(r[0]).toDoubleVector(),
                            projections.getRow(r[1 + k]).toDoubleVector());
                    m++;
                }
            }
            out[k] = m == 0 ? Double.NaN : s / m;
            if (m > 0) {
                sum += out[k];
                known++;
            }
        }
        double fill = known == 0 ? 0 : sum / known;
        for (int k = 0; k < n; k++) {
            if (Double.isNaN(out[k])) {
                out[k] = fill;
            }
        }
        return out;
    }

    /**
     * {@link AclSettings.Pairs#COVIEWER_NEGATIVES}: the first {@code k} negatives by ascending rank sum of the
     * co-viewers' similarity {@code co} and the anchor's similarity {@code sim} (co alone when {@code sim} is null).
     * Ranks are 0-based and ordinal (equal values ranked in drawn order), equal sums keep drawn order.
     */
    static int[] byCoviewers(double @Nullable [] sim, double[] co, int k) {
        int n = co.length;
        double[] score = ranks(co);
        if (sim != null) {
            double[] rs = ranks(sim);
            for (int i = 0; i < n; i++) {
                score[i] += rs[i];
            }
        }
        return orderBy(score).stream().limit(k).mapToInt(Integer::intValue).toArray();
    }

    /** Ordinal ranks 0..n−1 of {@code v}, equal values in index order. */
    static double[] ranks(double[] v) {
        double[] r = new double[v.length];
        List<Integer> order = orderBy(v);
        for (int i = 0; i < order.size(); i++) {
            r[order.get(i)] = i;
        }
        return r;
    }

    /** Indices of {@code v} in ascending order of value, equal values in index order (a stable sort). */
    private static List<Integer> orderBy(double[] v) {
        List<Integer> order = new ArrayList<>(v.length);
        for (int i = 0; i < v.length; i++) {
            order.add(i);
        }
        order.sort((x, y) -> Double.compare(v[x], v[y]));
        return order;
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
