package org.rmfer4j.data;

import org.jspecify.annotations.Nullable;

/**
 * One face: where its pixels are, its label, and what is known about who and when it is.
 *
 * @param id         unique within its dataset (file name, CSV row, or RMset key)
 * @param image      the lazily loaded pixels
 * @param label      the hard label, or null when unlabelled (RMset) or when a soft label has no majority
 * @param softLabel  a distribution over the dataset's {@link ClassOrder} (FERPlus modes), or null
 * @param identity   the person, if known (synthetic data, RMset face IDs), else null
 * @param video      the source video (RMset), else null
 * @param frame      the (subsampled) frame number in the video, or -1
 */
public record FaceSample(
        String id,
        ImageRef image,
        @Nullable Expression label,
        float @Nullable [] softLabel,
        @Nullable String identity,
        @Nullable String video,
        int frame) {

    /** A labelled still image. */
    public static FaceSample labelled(String id, ImageRef image, Expression label) {
        return new FaceSample(id, image, label, null, null, null, -1);
    }

    /** A labelled image of a known person (synthetic sets). */
    public static FaceSample labelled(String id, ImageRef image, Expression label, String identity) {
        return new FaceSample(id, image, label, null, identity, null, -1);
    }

    public boolean isLabelled() {
        return label != null || softLabel != null;
    }
}
