package org.rmfer4j.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.core.Seeds;
import org.rmfer4j.data.Datasets;
import org.rmfer4j.data.FaceDataset;
import org.rmfer4j.data.ProblemSink;
import org.rmfer4j.data.manifest.Manifests;
import org.rmfer4j.data.transform.Preprocessor;

/**
 * The labelled images a config trains on and, when it asks for one, its validation split; also the test split and its
 * preprocessing, so every caller (trainer, figures, notebooks) reads a run's data the same way.
 *
 * @param train      the labelled training images
 * @param validation null when {@code data.validationPerClass} is 0
 */
public record TrainSplits(FaceDataset train, @Nullable FaceDataset validation) {
    /**
     * Loads the labelled split of a config: its train split limited to {@code labelledLimit}, then to
     * {@code labelledPerClass} per class (seeded, stratified).
     */
    public static FaceDataset labelled(TrainConfig c) {
        return of(c).train();
    }

    /**
     * The training images and the validation split of a config. The validation images are drawn per class from the
     * training split's images that the run does not train on, so the two never overlap and the test split is never
     * looked at to choose anything.
     */
    public static TrainSplits of(TrainConfig c) {
        FaceDataset all = load(c, c.data().trainSplit());
        FaceDataset pool = c.data().labelledLimit() > 0
                ? all.limit(c.data().labelledLimit(), c.run().seed())
                : all;
        if (c.data().labelledPerClass() == 0 && c.data().validationPerClass() == 0) {
            return new TrainSplits(pool, null);
        }
        int[] labels = all.labelIndices();
        Set<String> inPool = new HashSet<>();
        pool.samples().forEach(s -> inPool.add(s.id()));
        int classes = all.classOrder().size();
        List<List<Integer>> byClass = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < all.size(); i++) {
            if (labels[i] >= 0) {
                byClass.get(labels[i]).add(i);
            }
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> validation = new ArrayList<>();
        for (int k = 0; k < classes; k++) {
            List<Integer> idx = byClass.get(k);
            Collections.shuffle(idx, new Random(Seeds.mix(c.run().seed(), 0x5A1, k)));
            List<Integer> labelled =
                    idx.stream().filter(i -> inPool.contains(all.get(i).id())).toList();
            int n = c.data().labelledPerClass() == 0
                    ? labelled.size()
                    : Math.min(c.data().labelledPerClass(), labelled.size());
            List<Integer> taken = labelled.subList(0, n);
            train.addAll(taken);
            if (c.data().validationPerClass() > 0) {
                Set<Integer> used = new HashSet<>(taken);
                idx.stream()
                        .filter(i -> !used.contains(i))
                        .limit(c.data().validationPerClass())
                        .forEach(validation::add);
            }
        }
        Collections.sort(train);
        Collections.sort(validation);
        FaceDataset v = null;
        if (c.data().validationPerClass() > 0) {
            if (validation.isEmpty()) {
                throw new RmferException("validationPerClass = " + c.data().validationPerClass() + " but " + all.name()
                        + " has no training images left over for a validation split");
            }
            v = all.subset(validation.stream().mapToInt(Integer::intValue).toArray());
        }
        return new TrainSplits(
                all.subset(train.stream().mapToInt(Integer::intValue).toArray()), v);
    }

    /** Loads the evaluation split of a config. */
    public static FaceDataset test(TrainConfig c) {
        return load(c, c.data().testSplit());
    }

    private static FaceDataset load(TrainConfig c, String split) {
        return Datasets.load(
                Manifests.resolve(c.data().dataset()),
                Path.of(c.data().datasetRoot()),
                split,
                new Datasets.Options(c.data().classes(), null, null, null),
                ProblemSink.failFast());
    }

    /** The evaluation preprocessing of a config's dataset. */
    public static Preprocessor evalPreprocessor(TrainConfig c, FaceDataset data) {
        return Preprocessor.forDataset(data.manifest(), c.model().inputSize(), false);
    }
}
