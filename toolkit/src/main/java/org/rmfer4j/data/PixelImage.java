package org.rmfer4j.data;

import java.awt.image.BufferedImage;

/**
 * A grayscale image held as raw bytes, e.g. one 48×48 row of FER2013's {@code pixels} column.
 *
 * @param width  width in pixels
 * @param height height in pixels
 * @param gray   row-major intensities 0–255, length width·height
 * @param source where the pixels came from, for messages
 */
public record PixelImage(int width, int height, byte[] gray, String source) implements ImageRef {
    public PixelImage {
        if (gray.length != width * height) {
            throw new IllegalArgumentException(source + ": " + gray.length + " pixels for " + width + "x" + height);
        }
    }

    @Override
    public BufferedImage load() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setDataElements(0, 0, width, height, gray.clone());
        return img;
    }
}
