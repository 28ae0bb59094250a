package org.rmfer4j.rmset;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.RmferException;

/**
 * A face detector for the RMset pipeline (Step 2 and 3): boxes in image pixels with a confidence. Two ship:
 * {@link HaarFaceDetector} (OpenCV's Haar cascade from the opencv jar, the default) and {@link YuNetFaceDetector}
 * (OpenCV's FaceDetectorYN, with a YuNet ONNX file the user supplies). Not thread-safe: one per video worker.
 */
public interface FaceDetector extends AutoCloseable {
    /** Faces in an image (any BufferedImage type). */
    List<Detection> detect(BufferedImage image);

    /**
     * Faces inside regions of interest, for tracking after the first frame. The default detects in the whole image
     * and keeps the faces whose centre lies in a region.
     */
    default List<Detection> detectIn(BufferedImage image, List<Box> rois, double margin) {
        return detect(image).stream().filter(d -> rois.stream().anyMatch(r -> {
            double cx = d.x() + d.w() / 2.0;
            double cy = d.y() + d.h() / 2.0;
            return cx >= r.x() && cx <= r.x() + r.w() && cy >= r.y() && cy <= r.y() + r.h();
        })).toList();
    }

    @Override
    void close();

    /** Which detector a pipeline uses, as a serialisable description (a Spark task builds its own from it). */
    record Spec(String kind, @Nullable String model) implements java.io.Serializable {
        public static final Spec HAAR = new Spec("haar", null);

        public Spec {
            kind = kind.toLowerCase(Locale.ROOT);
            if (!kind.equals("haar") && !kind.equals("yunet")) {
                throw new RmferException("Unknown face detector '" + kind + "'; expected haar or yunet");
            }
            if (kind.equals("yunet") && (model == null || model.isBlank())) {
                throw new RmferException("The yunet detector needs its ONNX model file (--yunet-model FILE); the toolkit ships none");
            }
        }

        /** A new detector of this kind. */
        public FaceDetector create() {
            return kind.equals("haar") ? new HaarFaceDetector() : new YuNetFaceDetector(java.nio.file.Path.of(model));
        }
    }
}
