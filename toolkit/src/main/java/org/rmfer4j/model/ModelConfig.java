package org.rmfer4j.model;

import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.ClassOrder;
import org.rmfer4j.loss.SelfMask;

/**
 * What a model is: backbone, input size, classes (with their order), projection size, IAL's τ and self-mask, and
 * the initialisation seed. Immutable; build with {@link #builder()}.
 *
 * @param backbone      feature extractor
 * @param inputSize     square input side (the paper: 260; CPU: 64 or 112)
 * @param classes       the class order of both classifier heads
 * @param projectionDim width of the projection head H (official: n, the feature size)
 * @param tau           temperature of IAL's and ACL's cosine similarities (official configs: 1.0; constructor default 0.25)
 * @param selfMask      IAL self-masking (official: −1e7 on the diagonal)
 * @param seed          weight initialisation seed
 */
public record ModelConfig(
        Backbone backbone,
        int inputSize,
        ClassOrder classes,
        int projectionDim,
        double tau,
        SelfMask selfMask,
        long seed) {
    /**
     * Widest projection head H accepted (its second layer alone is {@code dim²} weights: 256 MB at 8,192); the
     * official width is the feature size (1,408 for EfficientNet-B2).
     */
    public static final int MAX_PROJECTION_DIM = 8192;

    /** τ of every committed official config. */
    public static final double OFFICIAL_TAU = 1.0;

    public ModelConfig {
        Objects.requireNonNull(backbone, "backbone");
        Objects.requireNonNull(classes, "classes");
        Objects.requireNonNull(selfMask, "selfMask");
        if (inputSize < 16 || inputSize > 1024) {
            throw new RmferException("inputSize must be in 16..1024, got " + inputSize);
        }
        if (projectionDim < 1 || projectionDim > MAX_PROJECTION_DIM) {
            throw new RmferException("projectionDim must be in 1.." + MAX_PROJECTION_DIM + ", got " + projectionDim);
        }
        if (!(tau > 0) || Double.isInfinite(tau)) {
            throw new RmferException("tau must be positive and finite, got " + tau);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fails unless {@code images} is {@code [B, 3, inputSize, inputSize]}. */
    public void checkImages(INDArray images) {
        if (images.rank() != 4 || images.size(1) != 3 || images.size(2) != inputSize || images.size(3) != inputSize) {
            throw new RmferException("Expected images [B, 3, " + inputSize + ", " + inputSize + "], got "
                    + Arrays.toString(images.shape()));
        }
    }

    /** Size of the backbone's feature vector f. */
    public int featureSize() {
        return backbone.featureSize();
    }

    /** Required: {@code setClasses}. Optional: everything else (small CNN, 64 px, H width n, τ 1.0, official mask, seed 42). */
    public static final class Builder {
        private Backbone backbone = Backbone.SMALL_CNN;
        private int inputSize = 64;
        private @Nullable ClassOrder classes;
        private @Nullable Integer projectionDim;
        private double tau = OFFICIAL_TAU;
        private SelfMask selfMask = SelfMask.OFFICIAL;
        private long seed = 42;

        public Builder setClasses(ClassOrder classes) {
            this.classes = Objects.requireNonNull(classes);
            return this;
        }

        public Builder optBackbone(Backbone backbone) {
            this.backbone = Objects.requireNonNull(backbone);
            return this;
        }

        public Builder optInputSize(int inputSize) {
            this.inputSize = inputSize;
            return this;
        }

        public Builder optProjectionDim(int projectionDim) {
            this.projectionDim = projectionDim;
            return this;
        }

        public Builder optTau(double tau) {
            this.tau = tau;
            return this;
        }

        public Builder optSelfMask(SelfMask selfMask) {
            this.selfMask = Objects.requireNonNull(selfMask);
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public ModelConfig build() {
            if (classes == null) {
                throw new RmferException("ModelConfig.builder(): setClasses(..) is required");
            }
            return new ModelConfig(
                    backbone,
                    inputSize,
                    classes,
                    projectionDim == null ? backbone.featureSize() : projectionDim,
                    tau,
                    selfMask,
                    seed);
        }
    }
}
