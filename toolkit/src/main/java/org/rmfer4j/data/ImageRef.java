package org.rmfer4j.data;

import java.awt.image.BufferedImage;

/**
 * A lazily loaded face image. Datasets hold references, not pixels, so a 280k-image AffectNet index costs megabytes,
 * not gigabytes; decoding happens on the batch loader's background threads.
 */
public interface ImageRef {
    /** Decodes the image; throws {@link DatasetException} naming the source if it cannot. */
    BufferedImage load();

    /** Where the pixels come from, for messages (a path, or "fer2013.csv line 17"). */
    String source();

    /** Cheap check that the image exists and its header is readable, without decoding all pixels. */
    default void check() {
        load();
    }
}
