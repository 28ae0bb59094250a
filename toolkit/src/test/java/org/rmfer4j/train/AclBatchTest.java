package org.rmfer4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.ClassOrder;
import org.rmfer4j.data.transform.Normalization;
import org.rmfer4j.data.transform.Preprocessor;
import org.rmfer4j.engine.torch.TorchModel;
import org.rmfer4j.eval.Evaluator;
import org.rmfer4j.model.Engine;
import org.rmfer4j.model.Inference;
import org.rmfer4j.model.ModelConfig;
import org.rmfer4j.model.RmferModel;
import org.rmfer4j.model.StepResult;
import org.rmfer4j.model.TrainInput;
import org.rmfer4j.nn.Adam;
import org.rmfer4j.nn.ParameterStore;
import org.rmfer4j.rmset.RmsetIndex;

/** The RMset half of a step: shapes, masks, the selection bound, and precision counts against a known truth. */
class AclBatchTest {
    @TempDir
    Path dir;

    @Test
    void arrangesAnchorsKeptCandidatesAndPadding() {
        Path root = TrainFixtures.rmset(dir);
        RmsetIndex index = RmsetIndex.read(root);
        TrainConfig c = TrainConfig.builder()
                .setDataset("rafdb")
                .setDatasetRoot(".")
                .optRmset(root)
                .optInputSize(16)
                .optAnchorsPerStep(3)
                .optCandidates(20)
                .optGamma(0.1)
                .build();
        AclSampler sampler = new AclSampler(index, c.acl().samplerOptions());
        try (RmferModel m = new TorchModel(c.modelConfig(ClassOrder.AFFECTNET_7))) {
            AclBatch b = AclBatch.build(
                    m,
                    sampler,
                    index,
                    Preprocessor.eval(16, Normalization.NONE),
                    c.acl(),
                    c.run().seed(),
                    5,
                    TrainFixtures::truth);
            assertNotNull(b);
            int k = AclBatch.maxKept(20, 0.1); // ⌈0.1·19⌉ = 2
            assertEquals(2, k);
            assertEquals(3, b.layout().anchors());
            assertEquals(2 * k, b.layout().slots());
            assertEquals(3L * (1 + 2 * k), b.images().size(0));
            assertEquals(0, b.layout().skipped());
            assertEquals(b.stats().keptPos(), b.layout().pos().sumNumber().intValue());
            assertEquals(b.stats().keptNeg(), b.layout().neg().sumNumber().intValue());
            // padding slots repeat the anchor image
            int rowsPer = 1 + 2 * k;
            for (int a = 0; a < 3; a++) {
                int used = b.layout().pos().getRow(a).sumNumber().intValue()
                        + b.layout().neg().getRow(a).sumNumber().intValue();
                for (int s = used; s < 2 * k; s++) {
                    assertEquals(
                            b.images().slice((long) a * rowsPer), b.images().slice((long) a * rowsPer + 1 + s));
                }
            }
            // every candidate's truth is known in the fixture
            double pb = b.stats().positivePrecision(false);
            assertTrue(pb >= 0 && pb <= 1);
            // 3 people, n = 20: the official window R = ⌈(20/3 − 1)/2⌉ + 1 = 4 holds 8 frames × 2 others = 16 positives
            assertEquals(3 * 16, b.stats().candidatesPos());
            assertEquals(3 * 20, b.stats().candidatesNeg());
            // the same step gives the same batch
            AclBatch again = AclBatch.build(
                    m,
                    sampler,
                    index,
                    Preprocessor.eval(16, Normalization.NONE),
                    c.acl(),
                    c.run().seed(),
                    5,
                    TrainFixtures::truth);
            assertEquals(b.images(), again.images());
        }
    }

    @Test
    void maxKeptMatchesTheStrictQuantileRule() {
        assertEquals(5, AclBatch.maxKept(50, 0.1)); // the paper: 50 candidates, γ = 0.1 → 5 and 5
        assertEquals(1, AclBatch.maxKept(2, 0.1));
        assertEquals(3, AclBatch.maxKept(12, 0.25));
    }

    @Test
    void oraclePairsKeepOnlyTrueMatchesAndSkipTheSelectionPass() {
        Path root = TrainFixtures.rmset(dir);
        RmsetIndex index = RmsetIndex.read(root);
        TrainConfig c =
                fourAnchorsOf20(root).optAclPairs(AclSettings.Pairs.ORACLE).build();
        AclSampler sampler = new AclSampler(index, c.acl().samplerOptions());
        try (RmferModel m = new TorchModel(c.modelConfig(ClassOrder.AFFECTNET_7))) {
            AclBatch b = stepThree(m, sampler, index, c, TrainFixtures::truth);
            assertNotNull(b);
            assertTrue(b.stats().keptPos() > 0 && b.stats().keptNeg() > 0);
            assertEquals(
                    1.0,
                    b.stats().positivePrecision(true),
                    1e-12,
                    "every kept positive shares the anchor's expression");
            assertEquals(1.0, b.stats().negativePrecision(true), 1e-12, "every kept negative differs from it");
            assertTrue(b.stats().positivePrecision(false) < 1.0, "the candidates themselves are imperfect");
            // without truth the oracle cannot run
            assertThrows(RmferException.class, () -> stepThree(m, sampler, index, c, null));
        }
    }

    @Test
    void eachHalfOfTheOracleReplacesOnlyItsOwnHalfOfTheSelection() {
        Path root = TrainFixtures.rmset(dir);
        RmsetIndex index = RmsetIndex.read(root);
        TrainConfig.Builder b = fourAnchorsOf20(root);
        TrainConfig prior = b.build();
        AclSampler sampler = new AclSampler(index, prior.acl().samplerOptions());
        // a truth whose expressions recur every 40 frames, so that the prior errs on both halves: some positives (the
        // third face differs) and some negatives (the same expression again 40 frames on)
        ExpressionOracle recurring = r -> ClassOrder.AFFECTNET_7.at(r.frame() / 20 % 2 + (r.faceId() == 2 ? 1 : 0));
        try (RmferModel m = new TorchModel(prior.modelConfig(ClassOrder.AFFECTNET_7))) {
            java.util.function.Function<AclSettings.Pairs, AclBatch.Stats> stats = pairs -> {
                AclBatch batch =
                        stepThree(m, sampler, index, b.optAclPairs(pairs).build(), recurring);
                assertNotNull(batch);
                return batch.stats();
            };
            AclBatch.Stats p = stats.apply(AclSettings.Pairs.PRIOR);
            AclBatch.Stats tp = stats.apply(AclSettings.Pairs.TRUE_POSITIVES);
            AclBatch.Stats tn = stats.apply(AclSettings.Pairs.TRUE_NEGATIVES);
            assertTrue(p.positivePrecision(true) < 1.0 && p.negativePrecision(true) < 1.0, "the fixture's prior errs");
            // true positives: every kept positive right, the negatives exactly the method's
            assertEquals(1.0, tp.positivePrecision(true), 1e-12);
            assertEquals(p.keptNeg(), tp.keptNeg());
            assertEquals(p.negativePrecision(true), tp.negativePrecision(true), 1e-12);
            // true negatives: the mirror image
            assertEquals(1.0, tn.negativePrecision(true), 1e-12);
            assertEquals(p.keptPos(), tn.keptPos());
            assertEquals(p.positivePrecision(true), tn.positivePrecision(true), 1e-12);
            // both halves need the truth
            TrainConfig half = b.optAclPairs(AclSettings.Pairs.TRUE_NEGATIVES).build();
            assertThrows(RmferException.class, () -> stepThree(m, sampler, index, half, null));
        }
    }

    @Test
    void predictedNegativesDropTheAnchorsPredictedClassAndKeepTheLeastSimilarFirst() {
        // rows: 0 = anchor (class 2), 1..5 = negatives of classes 2, 0, 1, 2, 4
        int[] predicted = {2, 2, 0, 1, 2, 4};
        double[] sim = {0.9, 0.5, -0.2, 0.1, 0.3};
        // candidates 1, 2, 4 (classes 0, 1, 4) differ from the anchor's; their similarities 0.5, -0.2, 0.3
        assertArrayEquals(new int[] {2, 4}, AclBatch.byPrediction(predicted, 0, 1, 5, sim, 2));
        assertArrayEquals(new int[] {2, 4, 1}, AclBatch.byPrediction(predicted, 0, 1, 5, sim, 5));
        // without similarities (no attention-based selection): drawn order
        assertArrayEquals(new int[] {1, 2}, AclBatch.byPrediction(predicted, 0, 1, 5, null, 2));
        // ties in similarity keep drawn order
        assertArrayEquals(
                new int[] {1, 2, 4}, AclBatch.byPrediction(predicted, 0, 1, 5, new double[] {0, 0, 0, 0, 0}, 3));
        // every negative predicted as the anchor's class: none kept
        assertArrayEquals(new int[0], AclBatch.byPrediction(new int[] {3, 3, 3}, 0, 1, 2, null, 2));
        assertArrayEquals(new int[] {1, 0, 2}, Evaluator.argmax(Nd4j.create(new double[][] {
            {0, 5, 1}, {7, 7, 1}, {-3, -2, -1}
        })));
    }

    @Test
    void predictedNegativesKeepTheMethodsPositivesAndOnlyNegativesOfAnotherPredictedClass() {
        Path root = TrainFixtures.rmset(dir);
        RmsetIndex index = RmsetIndex.read(root);
        TrainConfig.Builder b = fourAnchorsOf20(root);
        TrainConfig prior = b.build();
        TrainConfig predictedCfg =
                b.optAclPairs(AclSettings.Pairs.PREDICTED_NEGATIVES).build();
        assertFalse(AclSettings.Pairs.PREDICTED_NEGATIVES.needsTruth(), "label-free: runs on real RMsets");
        AclSampler sampler = new AclSampler(index, prior.acl().samplerOptions());
        // an untrained head predicts one class for every fixture face: classify by the brightest colour channel
        try (RmferModel m = new BrightestChannel(new TorchModel(prior.modelConfig(ClassOrder.AFFECTNET_7)))) {
            AclBatch p = stepThree(m, sampler, index, prior, null);
            AclBatch q = stepThree(m, sampler, index, predictedCfg, null); // no truth needed
            assertNotNull(p);
            assertNotNull(q);
            assertEquals(p.stats().keptPos(), q.stats().keptPos(), "the positives are the method's");
            int[] cls = Evaluator.argmax(m.predict(q.images()));
            int group = 1 + q.layout().slots();
            int negatives = 0;
            for (int a = 0; a < q.layout().anchors(); a++) {
                for (int k = 0; k < q.layout().slots(); k++) {
                    int row = a * group + 1 + k;
                    if (q.layout().pos().getDouble(a, k) == 1) {
                        assertEquals(
                                p.images().slice(row).sumNumber().doubleValue(),
                                q.images().slice(row).sumNumber().doubleValue(),
                                1e-6,
                                "positive slot " + k + " of anchor " + a + " is the method's");
                    }
                    if (q.layout().neg().getDouble(a, k) == 1) {
                        negatives++;
                        assertNotEquals(cls[a * group], cls[row], "negative slot " + k + " of anchor " + a);
                    }
                }
            }
            assertEquals(q.stats().keptNeg(), negatives);
            assertTrue(negatives > 0, "the untrained model predicts more than one class on the fixture");
            assertTrue(
                    negatives <= q.layout().anchors() * AclBatch.maxKept(20, 0.25),
                    "never more negatives per anchor than selection can keep");
        }
    }

    @Test
    void coviewerRankingIsTheRankSumOfBothSimilaritiesHandComputed() {
        double[] sim = {0.9, -0.5, 0.1, 0.3}; // ranks 3, 0, 1, 2
        double[] co = {0.2, 0.8, -0.1, 0.0}; // ranks 2, 3, 0, 1
        assertArrayEquals(new double[] {3, 0, 1, 2}, AclBatch.ranks(sim));
        assertArrayEquals(new double[] {0, 1, 2}, AclBatch.ranks(new double[] {5, 5, 5}), "ties in index order");
        // sums 5, 3, 1, 3: candidate 2, then 1 and 3 (equal sums, drawn order), then 0
        assertArrayEquals(new int[] {2, 1}, AclBatch.byCoviewers(sim, co, 2));
        assertArrayEquals(new int[] {2, 1, 3, 0}, AclBatch.byCoviewers(sim, co, 9));
        // without the anchor's similarity (no attention-based selection): the co-viewers' alone
        assertArrayEquals(new int[] {2, 3, 0}, AclBatch.byCoviewers(null, co, 3));
    }

    @Test
    void coviewerSimilarityAveragesTheCoviewersSeenAtBothFramesHandComputed() {
        INDArray h = Nd4j.create(new double[][] {{1, 0}, {0, 1}, {1, 1}, {1, 0}, {-1, 0}});
        // co-viewer 0: rows 0 (anchor's frame), 1 and 3 (negatives' frames); co-viewer 1: rows 2, 4 and missing
        double[] co = AclBatch.coviewerSimilarity(h, new int[][] {{0, 1, 3}, {2, 4, -1}}, 2);
        assertEquals((0 - 1 / Math.sqrt(2)) / 2, co[0], 1e-12); // cos 0 and cos 135°
        assertEquals(1.0, co[1], 1e-12); // co-viewer 1 missing at that frame: co-viewer 0 alone
        // a negative no co-viewer is seen at gets the others' mean; none seen anywhere: all 0
        assertArrayEquals(new double[] {1, 1}, AclBatch.coviewerSimilarity(h, new int[][] {{0, -1, 3}}, 2), 1e-12);
        assertArrayEquals(new double[] {0, 0}, AclBatch.coviewerSimilarity(h, new int[][] {{-1, 1, 2}}, 2), 1e-12);
    }

    @Test
    void coviewerNegativesKeepTheMethodsPositivesAndEmbedTheCoviewersAtBothFrames() {
        Path root = TrainFixtures.rmset(dir);
        RmsetIndex index = RmsetIndex.read(root);
        TrainConfig.Builder b = fourAnchorsOf20(root);
        TrainConfig prior = b.build();
        TrainConfig coviewer =
                b.optAclPairs(AclSettings.Pairs.COVIEWER_NEGATIVES).build();
        assertFalse(AclSettings.Pairs.COVIEWER_NEGATIVES.needsTruth(), "label-free: runs on real RMsets");
        AclSampler sampler = new AclSampler(index, prior.acl().samplerOptions());
        assertEquals(3, sampler.facesAt("vidA", 40).size());
        assertEquals(2, sampler.facesAt("vidB", 7).get(2).faceId());
        assertTrue(sampler.facesAt("vidA", 999).isEmpty());
        // the fixture's 3 people: every anchor's co-viewers are the 2 others, seen at its frame and each distinct
        // negative frame, so the selection pass embeds 2 × (1 + distinct negative frames) more faces per anchor
        long extra = 0;
        for (int slot = 0; slot < 4; slot++) {
            AclSampler.Candidates c = sampler.sample(coviewer.run().seed(), 3, slot);
            assertNotNull(c);
            java.util.Set<Integer> frames = new java.util.HashSet<>();
            frames.add(c.anchor().frame());
            c.negatives().forEach(n -> frames.add(n.frame()));
            extra += 2L * frames.size();
        }
        try (Recording m = new Recording(new TorchModel(prior.modelConfig(ClassOrder.AFFECTNET_7)))) {
            AclBatch p = stepThree(m, sampler, index, prior, null);
            long priorPass = m.embedded;
            AclBatch q = stepThree(m, sampler, index, coviewer, null); // no truth needed
            assertNotNull(p);
            assertNotNull(q);
            assertEquals(priorPass + extra, m.embedded - priorPass, "candidates and co-viewers, each face once");
            assertEquals(p.stats().keptPos(), q.stats().keptPos());
            assertEquals(p.stats().keptNeg(), q.stats().keptNeg(), "as many negatives as selection keeps");
            int group = 1 + q.layout().slots();
            boolean changed = false;
            for (int a = 0; a < q.layout().anchors(); a++) {
                for (int k = 0; k < q.layout().slots(); k++) {
                    double before =
                            p.images().slice(a * group + 1 + k).sumNumber().doubleValue();
                    double after =
                            q.images().slice(a * group + 1 + k).sumNumber().doubleValue();
                    if (q.layout().pos().getDouble(a, k) == 1) {
                        assertEquals(before, after, 1e-6, "positive slot " + k + " of anchor " + a);
                    } else if (Math.abs(before - after) > 1e-6) {
                        changed = true;
                    }
                }
            }
            assertTrue(changed, "the co-viewers' similarity moves some negative off the method's choice");
            AclBatch again = stepThree(m, sampler, index, coviewer, null);
            assertNotNull(again);
            assertEquals(q.images(), again.images(), "the same step gives the same batch");
        }
    }

    /** The torch model, counting the faces it embeds. */
    private static final class Recording extends Delegating {
        long embedded;

        Recording(RmferModel real) {
            super(real);
        }

        @Override
        public INDArray embed(INDArray images) {
            embedded += images.size(0);
            return real.embed(images);
        }

        @Override
        public Inference infer(INDArray images) {
            return real.infer(images);
        }
    }

    /**
     * The torch model with its f^FER logits replaced: class c in 0..2 scores the mean of colour channel c, the other
     * classes never win. Projections (and so the selection) are the real model's.
     */
    private static final class BrightestChannel extends Delegating {
        BrightestChannel(RmferModel real) {
            super(real);
        }

        @Override
        public Inference infer(INDArray images) {
            Inference in = real.infer(images);
            INDArray means = images.mean(2, 3); // [B, 3]
            INDArray logits =
                    Nd4j.valueArrayOf(in.logits().shape(), -1e9, in.logits().dataType());
            logits.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3)).assign(means);
            return new Inference(in.features(), logits, in.projection(), in.attention(), in.attentionLogits());
        }
    }

    /** A model that hands every call but {@code infer} (and whatever a subclass overrides) to the real one. */
    private abstract static class Delegating implements RmferModel {
        final RmferModel real;

        Delegating(RmferModel real) {
            this.real = real;
        }

        @Override
        public ModelConfig config() {
            return real.config();
        }

        @Override
        public Engine engine() {
            return real.engine();
        }

        @Override
        public ParameterStore parameters() {
            return real.parameters();
        }

        @Override
        public Gradients gradients(TrainInput input) {
            return real.gradients(input);
        }

        @Override
        public StepResult step(TrainInput input, double lr) {
            return real.step(input, lr);
        }

        @Override
        public Adam optimizer() {
            return real.optimizer();
        }

        @Override
        public void close() {
            real.close();
        }
    }

    /** 4 anchors per step, 20 candidates each, γ = 0.25 (at most 5 kept of each kind), 16-px inputs. */
    private static TrainConfig.Builder fourAnchorsOf20(Path rmset) {
        return TrainConfig.builder()
                .setDataset("rafdb")
                .setDatasetRoot(".")
                .optRmset(rmset)
                .optInputSize(16)
                .optAnchorsPerStep(4)
                .optCandidates(20)
                .optGamma(0.25);
    }

    /** Step 3 of a run with config {@code c}, images unnormalised at 16 px. */
    private static @Nullable AclBatch stepThree(
            RmferModel m, AclSampler sampler, RmsetIndex index, TrainConfig c, @Nullable ExpressionOracle oracle) {
        return AclBatch.build(
                m,
                sampler,
                index,
                Preprocessor.eval(16, Normalization.NONE),
                c.acl(),
                c.run().seed(),
                3,
                oracle);
    }
}
