package org.rmfer4j.train;

import static org.rmfer4j.train.Settings.require;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a run trains and evaluates on ({@code data.*} keys).
 *
 * @param dataset            labelled benchmark: a manifest name ({@code rafdb}, {@code affectnet}, {@code ferplus}) or a
 *                           manifest JSON path (the synthetic sets write one)
 * @param datasetRoot        where that dataset lives
 * @param trainSplit         training split name
 * @param testSplit          evaluation split name
 * @param classes            7 or 8 for AffectNet, else null (the manifest's default)
 * @param rmsetRoot          RMset folder with {@code index.csv}, or null (then λ2 must be 0)
 * @param rmsetFraction      share of the RMset's videos ACL draws from (Table 4: 0.5 or 1.0); a seeded choice of
 *                           ⌈fraction · videos⌉ videos
 * @param labelledLimit      use at most this many labelled training images (Table 2's 4,000); 0 = all
 * @param labelledPerClass   the semi-supervised regime: at most this many labelled training images per class (a seeded,
 *                           stratified draw applied after {@code labelledLimit}); 0 = all
 * @param validationPerClass a validation split of this many images per class, drawn (seeded by {@code run.seed}) from
 *                           the training images the run does not train on; it selects {@code best} and drives early
 *                           stopping, so the test split is only reported; 0 = none (then {@code best} is the best
 *                           epoch-end test accuracy, shown for comparison only)
 * @param classBalanced      1/count weighted sampling with replacement (official)
 * @param augmentation       the official one-of-three augmentation on labelled and RMset images
 */
public record DataSettings(
        String dataset,
        String datasetRoot,
        String trainSplit,
        String testSplit,
        @Nullable Integer classes,
        @Nullable String rmsetRoot,
        double rmsetFraction,
        int labelledLimit,
        int labelledPerClass,
        int validationPerClass,
        boolean classBalanced,
        boolean augmentation) {
    /** The defaults for everything but the dataset and its folder. */
    public static DataSettings of(String dataset, String datasetRoot) {
        return new DataSettings(dataset, datasetRoot, "train", "test", null, null, 1.0, 0, 0, 0, true, true);
    }

    public DataSettings {
        Objects.requireNonNull(dataset, "data.dataset (TrainConfig.builder().setDataset(..))");
        Objects.requireNonNull(datasetRoot, "data.datasetRoot (TrainConfig.builder().setDatasetRoot(..))");
        Objects.requireNonNull(trainSplit, "data.trainSplit");
        Objects.requireNonNull(testSplit, "data.testSplit");
        require(classes == null || classes == 7 || classes == 8, "data.classes", "7, 8 or absent", classes);
        require(rmsetFraction > 0 && rmsetFraction <= 1, "data.rmsetFraction", "in (0, 1]", rmsetFraction);
        require(labelledLimit >= 0, "data.labelledLimit", ">= 0 (0 = all)", labelledLimit);
        require(labelledPerClass >= 0, "data.labelledPerClass", ">= 0 (0 = all)", labelledPerClass);
        require(
                validationPerClass >= 0,
                "data.validationPerClass",
                ">= 0 (0 = no validation split)",
                validationPerClass);
    }
}
