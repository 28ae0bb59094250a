package org.rmfer4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.Datasets;
import org.rmfer4j.data.FaceDataset;
import org.rmfer4j.data.ProblemSink;
import org.rmfer4j.data.manifest.Manifests;
import org.rmfer4j.data.transform.Preprocessor;
import org.rmfer4j.loss.SelfMask;
import org.rmfer4j.model.Backbone;
import org.rmfer4j.model.Engine;
import org.rmfer4j.model.ModelConfig;
import org.rmfer4j.model.RmferModel;
import org.rmfer4j.synth.SynthFer;

/** The snapshot ensemble: the mean-softmax rule by hand, and on real checkpoints against the single-model evaluator. */
class SnapshotEnsembleTest {
    @TempDir
    Path dir;

    private static ModelConfig small(FaceDataset data, long seed) {
        return new ModelConfig(Backbone.SMALL_CNN, 32, data.manifest().order(), 16, 1.0, SelfMask.OFFICIAL, seed);
    }

    @Test
    void meanSoftmaxByHand() {
        // image 0: A's softmax [0.6037, 0.0301, 0.3662], B's [0.0301, 0.6037, 0.3662]; mean [0.3169, 0.3169, 0.3662]:
        // class 2, which neither member picks. Image 1: A and B agree on class 0. Image 2: a tie goes to class 0.
        double[][] a = {{3, 0, 2.5}, {4, 1, 0}, {1, 1, 0}};
        double[][] b = {{0, 3, 2.5}, {2, 0, 1}, {1, 1, 0}};
        assertArrayEquals(new int[] {2, 0, 0}, SnapshotEnsemble.argmax(List.<double[][]>of(a, b)));
        assertArrayEquals(
                new int[] {0, 0, 0}, SnapshotEnsemble.argmax(List.<double[][]>of(a)), "one member: its own argmax");
        assertArrayEquals(new int[] {1, 0, 0}, SnapshotEnsemble.argmax(List.<double[][]>of(b)));
    }

    @Test
    void oneCheckpointTwiceIsThatCheckpointAndTwoDifferOnlyByTheirMean() {
        SynthFer.Result s = SynthFer.builder()
                .setOut(dir.resolve("synthfer"))
                .optSizes(14, 21)
                .optIdentities(4, 3)
                .optImageSize(48)
                .optSeed(3)
                .optThreads(2)
                .build()
                .write(x -> {});
        FaceDataset test = Datasets.load(
                Manifests.resolve(s.manifest().toString()),
                s.root(),
                "test",
                new Datasets.Options(null, null, null, null),
                ProblemSink.failFast());
        Path one;
        Path two;
        ConfusionMatrix single;
        try (RmferModel m = RmferModel.create(small(test, 1), Engine.TORCH)) {
            one = m.save(dir.resolve("one.rmfer"));
            single = Evaluator.evaluate(m, test, Preprocessor.forDataset(test.manifest(), 32, false), 8, false, x -> {})
                    .origin();
        }
        try (RmferModel m = RmferModel.create(small(test, 2), Engine.TORCH)) {
            two = m.save(dir.resolve("two.rmfer"));
        }
        SnapshotEnsemble.Result same = SnapshotEnsemble.evaluate(List.of(one, one), test, Engine.TORCH, 8);
        assertArrayEquals(single.counts(), same.ensemble().counts(), "a checkpoint with itself is that checkpoint");
        assertArrayEquals(single.counts(), same.members().get(0).counts(), "members read as the evaluator reads");
        SnapshotEnsemble.Result pair = SnapshotEnsemble.evaluate(List.of(one, two), test, Engine.TORCH, 5);
        assertEquals(test.size(), pair.ensemble().total());
        assertEquals(2, pair.members().size());
        assertThrows(RmferException.class, () -> SnapshotEnsemble.evaluate(List.of(), test, Engine.TORCH, 8));
    }
}
