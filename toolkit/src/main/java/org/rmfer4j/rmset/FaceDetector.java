package org.rmfer4j.rmset;

import java.awt.image.BufferedImage;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.RmferException;

/**
 * A face detector for the RMset pipeline (Step 2 and 3): boxes in image pixels with a confidence. Two ship:
 * {@link CascadeFaceDetector} (OpenCV's Haar and LBP cascades from the opencv jar; LBP is the default) and
 * {@link YuNetFaceDetector} (OpenCV's FaceDetectorYN, with a YuNet ONNX file the user supplies). The pipeline calls the
 * {@link Mat} methods with decoded BGR frames; their defaults go through a {@link BufferedImage}. Not thread-safe: one
 * per video worker.
 */
public interface FaceDetector extends AutoCloseable {
    /** Faces in an image (any BufferedImage type). */
    List<Detection> detect(BufferedImage image);

    /**
     * Faces inside regions of interest, for tracking after the first frame. The default detects in the whole image
     * and keeps the faces whose centre lies in a region.
     */
    default List<Detection> detectIn(BufferedImage image, List<Box> rois, double margin) {
        return centredIn(detect(image), rois);
    }

    /** The detections whose centre lies in one of the regions. */
    static List<Detection> centredIn(List<Detection> detections, List<Box> rois) {
        return detections.stream()
                .filter(d -> rois.stream().anyMatch(r -> {
                    double cx = d.x() + d.w() / 2.0;
                    double cy = d.y() + d.h() / 2.0;
                    return cx >= r.x() && cx <= r.x() + r.w() && cy >= r.y() && cy <= r.y() + r.h();
                }))
                .toList();
    }

    /** An image's pixels as 8-bit BGR bytes, row by row (OpenCV's layout), whatever the BufferedImage type. */
    static byte[] bgrBytes(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        int[] rgb = image.getRGB(0, 0, w, h, null, 0, w);
        byte[] bgr = new byte[w * h * 3];
        for (int i = 0; i < rgb.length; i++) {
            bgr[3 * i] = (byte) rgb[i];
            bgr[3 * i + 1] = (byte) (rgb[i] >> 8);
            bgr[3 * i + 2] = (byte) (rgb[i] >> 16);
        }
        return bgr;
    }

    /** Faces in an 8-bit BGR frame (the pipeline's path). The default converts to a BufferedImage. */
    default List<Detection> detect(Mat bgr) {
        return detect(toImage(bgr));
    }

    /** {@link #detectIn(BufferedImage, List, double)} on an 8-bit BGR frame. */
    default List<Detection> detectIn(Mat bgr, List<Box> rois, double margin) {
        return detectIn(toImage(bgr), rois, margin);
    }

    /**
     * Faces for tracking, searched first near where each ID was last seen and then, for the IDs not found there, in
     * the ID's whole region of interest. {@code lastSeen} and {@code rois} are parallel lists, one entry per ID. The
     * default searches the regions only ({@link #detectIn(Mat, List, double)}).
     */
    default List<Detection> detectNear(Mat bgr, List<Box> lastSeen, List<Box> rois, double margin) {
        return detectIn(bgr, rois, margin);
    }

    /** {@link #detectNear(Mat, List, List, double)} on an image (any BufferedImage type). */
    default List<Detection> detectNear(BufferedImage image, List<Box> lastSeen, List<Box> rois, double margin) {
        return detectIn(image, rois, margin);
    }

    private static BufferedImage toImage(Mat bgr) {
        try (OpenCVFrameConverter.ToMat toFrame = new OpenCVFrameConverter.ToMat();
                Java2DFrameConverter toImage = new Java2DFrameConverter()) {
            return Java2DFrameConverter.cloneBufferedImage(toImage.convert(toFrame.convert(bgr)));
        }
    }

    @Override
    void close();

    /**
     * Which detector a pipeline uses, as a serialisable description (a Spark task builds its own from it).
     *
     * @param kind     {@code haar-alt2}, {@code haar}, {@code lbp} (OpenCV's cascades), {@code yunet}, or a registered
     *                 CNN detector ({@code ssd}, {@code tiny}: {@link FaceDetectorProvider})
     * @param model    the YuNet ONNX file (yunet, required); for a CNN detector, an optional folder holding its weights
     *                 (else the shipped ones)
     * @param tracking the cascade searching around known faces after the first frame; {@code null} or {@code same}: the
     *                 same detector as {@code kind}; {@code auto}: {@link CascadeFaceDetector#DEFAULT_TRACKING_CASCADE}
     *                 for a cascade, the same detector for the others
     */
    record Spec(
            String kind, @Nullable String model, @Nullable String tracking) implements Serializable {
        /**
         * The default: face-api's SSD-MobileNet-v1 (the {@code facedetect} feature), chosen by measurement: on six real
         * group photos (22 hand-counted faces) it finds every face with no false one, where the cascades find 16-19 with
         * dozens of false faces; on SynthMashup all are at 100%; it is ~6x slower than the cascades (bench/RESULTS.md).
         */
        public static final Spec DEFAULT = new Spec("ssd", null);

        /**
         * The fast option: {@link CascadeFaceDetector#DEFAULT_CASCADE}, tracking with
         * {@link CascadeFaceDetector#DEFAULT_TRACKING_CASCADE} (the default before the CNN detector; the synthetic lab
         * keeps it, since it is as exact as SSD on rendered faces).
         */
        public static final Spec CASCADE = new Spec(CascadeFaceDetector.DEFAULT_CASCADE.cliName(), null, "auto");

        /** One detector for both searches. */
        public Spec(String kind, @Nullable String model) {
            this(kind, model, null);
        }

        public Spec {
            kind = kind.toLowerCase(Locale.ROOT);
            boolean cascade = CascadeFaceDetector.Cascade.parse(kind) != null;
            boolean cnn = !cascade
                    && !kind.equals("yunet")
                    && FaceDetectorProvider.of(kind).isPresent();
            if (!cascade && !cnn && !kind.equals("yunet")) {
                throw new RmferException("Unknown face detector '" + kind + "'; expected lbp, haar, haar-alt2, yunet"
                        + FaceDetectorProvider.registeredKinds().stream()
                                .map(k -> ", " + k)
                                .reduce("", String::concat));
            }
            if (tracking != null && tracking.equalsIgnoreCase("auto")) {
                tracking = cascade ? CascadeFaceDetector.DEFAULT_TRACKING_CASCADE.cliName() : null;
            }
            if (tracking != null
                    && (tracking.isBlank() || tracking.equalsIgnoreCase("same") || tracking.equalsIgnoreCase(kind))) {
                tracking = null;
            }
            if (tracking != null) {
                tracking = tracking.toLowerCase(Locale.ROOT);
                if (CascadeFaceDetector.Cascade.parse(tracking) == null) {
                    throw new RmferException("Unknown tracking detector '" + tracking
                            + "'; expected lbp, haar, haar-alt2, same or auto");
                }
                if (!cascade) {
                    throw new RmferException("A tracking cascade needs a cascade detector; with " + kind + ", " + kind
                            + " also tracks (use 'same')");
                }
            }
            if (kind.equals("yunet") && (model == null || model.isBlank())) {
                throw new RmferException(
                        "The yunet detector needs its ONNX model file (--yunet-model FILE); the toolkit ships none");
            }
        }

        /** A CNN detector's provider, when this is one. */
        public Optional<FaceDetectorProvider> provider() {
            return CascadeFaceDetector.Cascade.parse(kind) != null || kind.equals("yunet")
                    ? Optional.empty()
                    : FaceDetectorProvider.of(kind);
        }

        /** What detector and weights this is, for provenance (and to check a CNN detector's weights before a build). */
        public String describe() {
            return provider()
                    .map(p -> p.describe(this))
                    .orElseGet(() -> kind
                            + (tracking == null ? "" : " (tracking " + tracking + ")")
                            + (model == null ? "" : " " + model));
        }

        /** A new detector of this kind. */
        public FaceDetector create() {
            Optional<FaceDetectorProvider> cnn = provider();
            if (cnn.isPresent()) {
                return cnn.get().create(this);
            }
            CascadeFaceDetector.Cascade cascade = CascadeFaceDetector.Cascade.parse(kind);
            if (cascade == null) {
                return new YuNetFaceDetector(Path.of(model));
            }
            CascadeFaceDetector.Cascade track =
                    tracking == null ? cascade : CascadeFaceDetector.Cascade.parse(tracking);
            return new CascadeFaceDetector(cascade, track);
        }
    }
}
