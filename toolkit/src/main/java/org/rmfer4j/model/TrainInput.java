package org.rmfer4j.model;

import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.loss.AclLayout;

/**
 * One training step's data and weights.
 *
 * @param images    labelled batch {@code [B, 3, S, S]}
 * @param targets   {@code [B, C]} in the model's class order
 * @param lambda1   weight of L_IAL (official configs: 0.0)
 * @param aclImages RMset images {@code [A·(1+K), 3, S, S]} arranged as {@code layout}, or null
 * @param layout    the ACL arrangement, or null
 * @param lambda2   weight of L_ACL
 */
public record TrainInput(
        INDArray images,
        INDArray targets,
        double lambda1,
        @Nullable INDArray aclImages,
        @Nullable AclLayout layout,
        double lambda2) {
    public TrainInput {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(targets, "targets");
        if (images.size(0) != targets.size(0)) {
            throw new RmferException(
                    "images and targets disagree on the batch size: " + images.size(0) + " vs " + targets.size(0));
        }
        if ((aclImages == null) != (layout == null)) {
            throw new RmferException("ACL images and layout come together");
        }
        if (layout != null && aclImages.size(0) != layout.rows()) {
            throw new RmferException(
                    "ACL images have " + aclImages.size(0) + " rows; the layout needs " + layout.rows());
        }
    }

    /** L_pre only. */
    public static TrainInput pre(INDArray images, INDArray targets, double lambda1) {
        return new TrainInput(images, targets, lambda1, null, null, 0);
    }

    /** Checks shapes against a model: images {@code [B, 3, S, S]}, targets in the model's class count. */
    public TrainInput checkFor(ModelConfig config) {
        config.checkImages(images);
        if (targets.size(1) != config.classes().size()) {
            throw new RmferException("Targets have " + targets.size(1) + " classes; the model has "
                    + config.classes().size() + " (" + config.classes().name() + ")");
        }
        if (aclImages != null) {
            config.checkImages(aclImages);
        }
        return this;
    }

    public int batch() {
        return (int) images.size(0);
    }
}
