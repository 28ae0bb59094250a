package org.rmfer4j.train;

import static org.rmfer4j.train.Settings.require;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.loss.SelfMask;
import org.rmfer4j.model.Backbone;
import org.rmfer4j.model.ModelConfig;

/**
 * The network a run trains ({@code model.*} keys).
 *
 * @param backbone      feature extractor
 * @param inputSize     square input side
 * @param projectionDim width of H; 0 means the feature size n (official)
 * @param tau           temperature of IAL and ACL (official configs 1.0; the paper's constructor default 0.25)
 * @param selfMask      IAL self-masking (official −1e7; the paper's −∞ is {@code PAPER})
 * @param initWeights   a model file or checkpoint whose weights the run starts from (optimiser state fresh), or null
 *                      for the seeded initialisation
 */
public record ModelSettings(
        Backbone backbone,
        int inputSize,
        int projectionDim,
        double tau,
        SelfMask selfMask,
        @Nullable String initWeights) {
    public static final ModelSettings DEFAULTS =
            new ModelSettings(Backbone.SMALL_CNN, 64, 0, ModelConfig.OFFICIAL_TAU, SelfMask.OFFICIAL, null);

    public ModelSettings {
        Objects.requireNonNull(backbone, "model.backbone");
        Objects.requireNonNull(selfMask, "model.selfMask");
        require(inputSize >= 16 && inputSize <= 1024, "model.inputSize", "16..1024", inputSize);
        require(projectionDim >= 0, "model.projectionDim", ">= 0 (0 = feature size)", projectionDim);
        require(tau > 0 && Double.isFinite(tau), "model.tau", "> 0", tau);
    }
}
