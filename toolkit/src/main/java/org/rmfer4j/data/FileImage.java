package org.rmfer4j.data;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.Locations;

/**
 * An image file (JPEG, PNG, BMP …), optionally cropped to a face box (AffectNet's non-aligned images carry
 * {@code face_x, face_y, face_width, face_height}). The crop is clipped to the image.
 *
 * @param path the file
 * @param crop the face box in pixels, or null for the whole image
 */
public record FileImage(Path path, @Nullable Rectangle crop) implements ImageRef {
    public FileImage(Path path) {
        this(path, null);
    }

    @Override
    public BufferedImage load() {
        if (!Files.isRegularFile(path)) {
            throw new DatasetException(Problem.ofFile(path.toString(), "image file is missing"));
        }
        BufferedImage img;
        try {
            img = read(path);
        } catch (IOException | RuntimeException e) {
            throw new DatasetException(
                    Problem.ofFile(path.toString(), "image cannot be decoded: " + e.getMessage()), e);
        }
        if (img == null) {
            throw new DatasetException(
                    Problem.ofFile(path.toString(), "not a decodable image (expected JPEG, PNG, BMP or GIF)"));
        }
        if (crop == null) {
            return img;
        }
        Rectangle r = crop.intersection(new Rectangle(0, 0, img.getWidth(), img.getHeight()));
        if (r.isEmpty()) {
            throw new DatasetException(Problem.ofFile(
                    path.toString(),
                    "face box " + crop + " lies outside the " + img.getWidth() + "x" + img.getHeight() + " image"));
        }
        return img.getSubimage(r.x, r.y, r.width, r.height);
    }

    @Override
    public void check() {
        if (!Files.isRegularFile(path)) {
            throw new DatasetException(Problem.ofFile(path.toString(), "image file is missing"));
        }
        try (ImageInputStream in = imageStream(path)) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new DatasetException(Problem.ofFile(
                        path.toString(), "not a recognised image format (expected JPEG, PNG, BMP or GIF)"));
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w <= 0 || h <= 0) {
                    throw new DatasetException(Problem.ofFile(path.toString(), "image has no pixels"));
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new DatasetException(
                    Problem.ofFile(path.toString(), "image header unreadable: " + e.getMessage()), e);
        }
    }

    @Override
    public String source() {
        return crop == null
                ? path.toString()
                : path + " crop " + crop.x + "," + crop.y + "," + crop.width + "x" + crop.height;
    }

    private static BufferedImage read(Path p) throws IOException {
        if (Locations.isLocal(p)) {
            return ImageIO.read(p.toFile());
        }
        try (InputStream in = open(p)) {
            return ImageIO.read(in);
        }
    }

    /** The header reader's input: the file itself, or a stream kept in memory (no cache file) for remote paths. */
    private static ImageInputStream imageStream(Path p) throws IOException {
        return Locations.isLocal(p)
                ? ImageIO.createImageInputStream(p.toFile())
                : new MemoryCacheImageInputStream(open(p));
    }

    /** A buffered stream on the image, wherever it lives (a local file, or a path on HDFS through {@link Locations}). */
    private static InputStream open(Path p) throws IOException {
        return new BufferedInputStream(Files.newInputStream(p), 1 << 16);
    }
}
