package org.rmfer4j.rmset;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.RectVector;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.opencv.opencv_objdetect.CascadeClassifier;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.RmferException;

/**
 * A face detector on one of OpenCV's frontal-face cascades (shipped inside the opencv jar), with the preprocessing and
 * filtering a usable detector stage needs: grayscale, local contrast equalisation (CLAHE), a minimum size, a minimum
 * neighbour count, and suppression of boxes nested in stronger ones (the classic false positive is a larger box around
 * a real face). Boxes are returned strongest first.
 *
 * <p>Two searches: {@link #detect} looks everywhere at every size (the first frame of a video, single images);
 * {@link #detectIn} looks only around known faces at sizes near theirs, on a copy shrunk so the expected face is about
 * {@value #TRACK_FACE_SIZE} px (tracking after the first frame, where the cost of the full search is wasted: a face far
 * from every ID's box, or of a very different size, could not be matched to an ID anyway). Not thread-safe: use one
 * detector per thread.
 */
public final class CascadeFaceDetector implements FaceDetector {
    /** The frontal-face cascades OpenCV ships, each with the side of its training window in pixels. */
    public enum Cascade {
        /** {@code haarcascade_frontalface_default.xml}: OpenCV's classic default. */
        HAAR("haarcascades/haarcascade_frontalface_default.xml", 24),
        /** {@code haarcascade_frontalface_alt2.xml}: tree-stage Haar cascade. */
        HAAR_ALT2("haarcascades/haarcascade_frontalface_alt2.xml", 20),
        /** {@code lbpcascade_frontalface.xml}: local binary patterns, integer features, several times faster. */
        LBP("lbpcascades/lbpcascade_frontalface.xml", 24);

        private final String resource;
        private final int window;

        Cascade(String resource, int window) {
            this.resource = resource;
            this.window = window;
        }

        /** Side of the cascade's training window: the smallest face it can find, in pixels of the searched image. */
        public int window() {
            return window;
        }

        /** The name used on the command line ({@code haar}, {@code haar-alt2}, {@code lbp}). */
        public String cliName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** Parses {@link #cliName()}; {@code null} when the name is not a cascade. */
        public static @Nullable Cascade parse(String name) {
            for (Cascade c : values()) {
                if (c.cliName().equalsIgnoreCase(name)) {
                    return c;
                }
            }
            return null;
        }
    }

    /** The default cascade of the full search (first frames, images): see {@link #CascadeFaceDetector()}. */
    public static final Cascade DEFAULT_CASCADE = Cascade.HAAR_ALT2;
    /** The default cascade of the tracking search around known faces: see {@link #CascadeFaceDetector()}. */
    public static final Cascade DEFAULT_TRACKING_CASCADE = Cascade.LBP;
    /** Side, in pixels of the searched copy, an expected face is shrunk to when tracking. */
    public static final int TRACK_FACE_SIZE = 64;
    /** Pyramid step when tracking: the sizes searched span only 0.6–1.6× of each ID's face. */
    public static final double TRACK_SCALE_FACTOR = 1.1;

    private final Cascade findKind;
    private final Cascade trackKind;
    private final CascadeClassifier find;
    private final CascadeClassifier track;
    private final int minSize;
    private final int minNeighbors;
    private final double scaleFactor;
    private final org.bytedeco.opencv.opencv_imgproc.CLAHE clahe;
    private double downscale = 1.0;
    private double maxFraction = 1.0;

    /**
     * @param find         the cascade of the full search ({@link #detect}: first frames, single images)
     * @param track        the cascade of the search around known faces ({@link #detectIn}); may equal {@code find}
     * @param minSize      smallest face side in pixels
     * @param minNeighbors raw detections that must agree (OpenCV's minNeighbors; 3 is its default, higher is stricter)
     * @param scaleFactor  pyramid step of the full search (1.1 is OpenCV's default)
     */
    public CascadeFaceDetector(Cascade find, Cascade track, int minSize, int minNeighbors, double scaleFactor) {
        this.findKind = find;
        this.trackKind = track;
        this.find = load(find);
        this.track = track == find ? this.find : load(track);
        this.minSize = minSize;
        this.minNeighbors = minNeighbors;
        this.scaleFactor = scaleFactor;
        this.clahe = opencv_imgproc.createCLAHE(2.0, new Size(8, 8));
    }

    /** One cascade for both searches. */
    public CascadeFaceDetector(Cascade kind, int minSize, int minNeighbors, double scaleFactor) {
        this(kind, kind, minSize, minNeighbors, scaleFactor);
    }

    /** The classic Haar cascade with the given settings (the constructor the first releases had). */
    public CascadeFaceDetector(int minSize, int minNeighbors, double scaleFactor) {
        this(Cascade.HAAR, minSize, minNeighbors, scaleFactor);
    }

    /** One cascade for both searches, with the defaults below. */
    public CascadeFaceDetector(Cascade kind) {
        this(kind, kind, 32, 3, 1.05);
    }

    /** The given cascades, with the defaults below. */
    public CascadeFaceDetector(Cascade find, Cascade track) {
        this(find, track, 32, 3, 1.05);
    }

    /**
     * Defaults: Haar alt2 for the full search, LBP for tracking, 32 px minimum, 3 neighbours (OpenCV's default),
     * full-search scale step 1.05 (finer than OpenCV's 1.1: on the synthetic mashups it raised the classic Haar
     * cascade's recall on the darkest skin-tone group from 85% to 95% at equal precision). Measured on a 720p
     * SynthMashup (12 viewers, every 10th frame, a face found when IoU ≥ 0.5 with its true box), full search: Haar alt2
     * found 100% of visible faces in 255 ms a frame, the classic Haar cascade 95.5% in 275 ms, LBP 100% in 125 ms — but
     * on the real photo messi5.jpg LBP's strongest box is a false positive and the classic cascade adds one, while alt2
     * returns only the face. Around known faces the false positives LBP is prone to have nowhere to appear, and there it
     * found 99.6–100% of faces in 12–13 ms a frame against 40–44 ms for alt2 (bench/NOTES.md, RMset section).
     */
    public CascadeFaceDetector() {
        this(DEFAULT_CASCADE, DEFAULT_TRACKING_CASCADE);
    }

    private static CascadeClassifier load(Cascade kind) {
        String resource = "/org/bytedeco/opencv/" + Loader.getPlatform() + "/share/opencv4/" + kind.resource;
        String path;
        try {
            path = Loader.cacheResource(resource).getPath();
        } catch (Exception e) {
            throw new RmferException(
                    "The face cascade " + resource + " was not found in the opencv jar: " + e.getMessage(), e);
        }
        CascadeClassifier c = new CascadeClassifier(path);
        if (c.empty()) {
            c.close();
            throw new RmferException("The face cascade " + path + " could not be loaded");
        }
        return c;
    }

    /** The cascade of the full search. */
    public Cascade cascade() {
        return findKind;
    }

    /** The cascade of the tracking search. */
    public Cascade trackingCascade() {
        return trackKind;
    }

    /**
     * Detects on a copy shrunk by {@code factor} (≥ 1) and scales the boxes back; faces smaller than
     * {@code minSize · factor} are then missed. Cuts detection time roughly by factor².
     */
    public CascadeFaceDetector withDownscale(double factor) {
        if (factor < 1) {
            throw new RmferException("downscale factor must be >= 1, got " + factor);
        }
        this.downscale = factor;
        return this;
    }

    /** Ignores boxes taller than this fraction of the image height (saves the largest, slowest pyramid levels). */
    public CascadeFaceDetector withMaxFraction(double fraction) {
        this.maxFraction = fraction;
        return this;
    }

    /** Detects faces in an image (any BufferedImage type). */
    @Override
    public List<Detection> detect(BufferedImage image) {
        try (Mat gray = grayOf(image)) {
            return detectGray(gray);
        }
    }

    @Override
    public List<Detection> detectIn(BufferedImage image, List<Box> rois, double margin) {
        try (Mat gray = grayOf(image)) {
            return detectGrayIn(gray, rois, margin);
        }
    }

    @Override
    public List<Detection> detectNear(BufferedImage image, List<Box> lastSeen, List<Box> rois, double margin) {
        try (Mat gray = grayOf(image)) {
            return detectGrayNear(gray, lastSeen, rois, margin);
        }
    }

    @Override
    public List<Detection> detectNear(Mat bgr, List<Box> lastSeen, List<Box> rois, double margin) {
        try (Mat gray = grayOf(bgr)) {
            return detectGrayNear(gray, lastSeen, rois, margin);
        }
    }

    @Override
    public List<Detection> detect(Mat bgr) {
        try (Mat gray = grayOf(bgr)) {
            return detectGray(gray);
        }
    }

    @Override
    public List<Detection> detectIn(Mat bgr, List<Box> rois, double margin) {
        try (Mat gray = grayOf(bgr)) {
            return detectGrayIn(gray, rois, margin);
        }
    }

    /** Detects faces in an 8-bit single-channel Mat (contrast-equalised here), everywhere and at every size. */
    public List<Detection> detectGray(Mat gray) {
        int maxSide = maxFraction >= 1 ? 0 : (int) (gray.rows() * maxFraction);
        try (Mat eq = shrunkAndEqualised(gray, downscale)) {
            return suppressNested(search(find, eq, minSize, (int) (maxSide / downscale), scaleFactor, downscale, 0, 0));
        }
    }

    /**
     * Detects only inside regions of interest (each an ID's box grown by {@code margin} of its size on every side, so
     * the expected face side is about {@code max(w, h) / (1 + 2·margin)}), at sizes 0.6–1.6× the expected one. The
     * frame is shrunk once, so the median expected face is about {@value #TRACK_FACE_SIZE} px (the smallest never
     * below 3/4 of that), and contrast-equalised once; each region is then searched in that copy. Equalising each small
     * region alone cost recall (0.905 against 0.988 for LBP at 48 px); shrinking the frame once rather than each region
     * was 6–19% faster for the same crops (bench/NOTES.md). Boxes come back in image pixels, duplicates from
     * overlapping regions suppressed.
     */
    public List<Detection> detectGrayIn(Mat gray, List<Box> rois, double margin) {
        return detectGrayNear(gray, null, rois, margin);
    }

    /**
     * {@link #detectGrayIn}, but each ID is first looked for near its last-seen box: within {@value #NEAR_MARGIN} of its size
     * around it, at sizes within {@value #NEAR_SIZE_RATIO}× of it. Only the IDs not found there get their region's
     * search. Between sampled frames a face moves and grows little, so the small search usually succeeds, and it scans
     * a few hundred windows where the region's scans thousands.
     *
     * @param lastSeen one box per region (same order), or {@code null} to search the regions only
     */
    public List<Detection> detectGrayNear(Mat gray, @Nullable List<Box> lastSeen, List<Box> rois, double margin) {
        List<Detection> all = new ArrayList<>();
        if (rois.isEmpty()) {
            return all;
        }
        if (lastSeen != null && lastSeen.size() != rois.size()) {
            throw new IllegalArgumentException(
                    "lastSeen has " + lastSeen.size() + " boxes for " + rois.size() + " regions");
        }
        // one shrink for the whole frame: the median face to TRACK_FACE_SIZE, never the smallest below 3/4 of it
        double[] expected = rois.stream()
                .mapToDouble(r -> Math.max(r.w(), r.h()) / (1 + 2 * margin))
                .sorted()
                .toArray();
        double f = Math.max(
                1, Math.min(expected[expected.length / 2] / TRACK_FACE_SIZE, expected[0] / (0.75 * TRACK_FACE_SIZE)));
        try (Mat eq = shrunkAndEqualised(gray, f)) {
            for (int i = 0; i < rois.size(); i++) {
                if (lastSeen != null) {
                    Box l = lastSeen.get(i);
                    double side = Math.max(l.w(), l.h()) / f;
                    List<Detection> near = searchRegion(
                            eq,
                            f,
                            l.x() / f - NEAR_MARGIN * side,
                            l.y() / f - NEAR_MARGIN * side,
                            (l.x() + l.w()) / f + NEAR_MARGIN * side,
                            (l.y() + l.h()) / f + NEAR_MARGIN * side,
                            side / NEAR_SIZE_RATIO,
                            side * NEAR_SIZE_RATIO);
                    if (!near.isEmpty()) {
                        all.addAll(near);
                        continue;
                    }
                }
                Box r = rois.get(i);
                double side = Math.max(r.w(), r.h()) / (1 + 2 * margin) / f;
                all.addAll(searchRegion(
                        eq, f, r.x() / f, r.y() / f, (r.x() + r.w()) / f, (r.y() + r.h()) / f, 0.6 * side, 1.6 * side));
            }
        }
        return suppressNested(all);
    }

    /** Where {@link #detectGrayNear} looks first: the last-seen box grown by this fraction of its side on every side. */
    public static final double NEAR_MARGIN = 0.2;
    /** Sizes {@link #detectGrayNear} searches first: the last-seen side divided and multiplied by this. */
    public static final double NEAR_SIZE_RATIO = 1.15;

    /**
     * The tracking cascade over one region of the shrunk, equalised copy {@code eq} (corners in its pixels, clipped to
     * it), for faces of side {@code minSide}–{@code maxSide} in its pixels; boxes in full-size pixels.
     */
    private List<Detection> searchRegion(
            Mat eq, double f, double x0d, double y0d, double x1d, double y1d, double minSide, double maxSide) {
        int x0 = Math.max(0, (int) Math.floor(x0d));
        int y0 = Math.max(0, (int) Math.floor(y0d));
        int x1 = Math.min(eq.cols(), (int) Math.ceil(x1d));
        int y1 = Math.min(eq.rows(), (int) Math.ceil(y1d));
        int lo = (int) Math.max(trackKind.window, minSide);
        int hi = (int) Math.ceil(maxSide);
        if (x1 - x0 < lo || y1 - y0 < lo || hi < lo) {
            return List.of();
        }
        try (Rect rect = new Rect(x0, y0, x1 - x0, y1 - y0);
                Mat sub = new Mat(eq, rect)) {
            return search(track, sub, lo, hi, TRACK_SCALE_FACTOR, f, x0, y0);
        }
    }

    /**
     * One cascade run on an equalised image whose pixel (0, 0) is at (dx, dy) of a copy shrunk by {@code f}; boxes come
     * back in full-size pixels: ((x + dx)·f, (y + dy)·f).
     */
    private List<Detection> search(
            CascadeClassifier cascade, Mat eq, int minSide, int maxSide, double step, double f, double dx, double dy) {
        try (RectVector boxes = new RectVector();
                IntPointer counts = new IntPointer();
                Size min = new Size(minSide, minSide);
                Size max = new Size(maxSide, maxSide)) {
            cascade.detectMultiScale2(eq, boxes, counts, step, minNeighbors, 0, min, max);
            List<Detection> raw = new ArrayList<>();
            for (long i = 0; i < boxes.size(); i++) {
                Rect r = boxes.get(i);
                raw.add(new Detection(
                        (int) Math.round((r.x() + dx) * f),
                        (int) Math.round((r.y() + dy) * f),
                        (int) Math.round(r.width() * f),
                        (int) Math.round(r.height() * f),
                        counts.get(i)));
            }
            return raw;
        }
    }

    /** A copy of a gray image shrunk by {@code f} ≥ 1 ({@link #shrunk}; not shrunk at 1) and CLAHE-equalised. */
    private Mat shrunkAndEqualised(Mat gray, double f) {
        Mat eq = new Mat();
        if (f <= 1) {
            clahe.apply(gray, eq);
            return eq;
        }
        try (Mat small = shrunk(gray, f)) {
            clahe.apply(small, eq);
            return eq;
        }
    }

    /**
     * A gray image shrunk by {@code f} > 1: area averaging by the whole part k of f, then bilinear for the rest (a factor
     * below 2, where bilinear barely aliases). OpenCV's area averaging has a fast path for whole factors only; at 1.78×
     * it took 3 ms on a 1080p frame against 0.05 ms at 2× (bench/NOTES.md). The image is first trimmed to a multiple of
     * k (at most k − 1 pixels at the right and bottom) so that the factor is exactly whole.
     */
    static Mat shrunk(Mat gray, double f) {
        int cols = Math.max(1, (int) Math.round(gray.cols() / f));
        int rows = Math.max(1, (int) Math.round(gray.rows() / f));
        int k = (int) Math.floor(f);
        Mat small = new Mat();
        try (Size size = new Size(cols, rows)) {
            if (k < 2 || gray.cols() / k < cols || gray.rows() / k < rows) {
                opencv_imgproc.resize(
                        gray, small, size, 0, 0, f < 2 ? opencv_imgproc.INTER_LINEAR : opencv_imgproc.INTER_AREA);
                return small;
            }
            try (Rect trim = new Rect(0, 0, gray.cols() / k * k, gray.rows() / k * k);
                    Mat whole = new Mat(gray, trim);
                    Size kSize = new Size(gray.cols() / k, gray.rows() / k)) {
                opencv_imgproc.resize(whole, small, kSize, 0, 0, opencv_imgproc.INTER_AREA);
            }
            if (small.cols() == cols && small.rows() == rows) {
                return small; // a whole factor: done
            }
            try (Mat byK = small) {
                Mat rest = new Mat();
                opencv_imgproc.resize(byK, rest, size, 0, 0, opencv_imgproc.INTER_LINEAR);
                return rest;
            }
        }
    }

    private static Mat grayOf(Mat bgr) {
        Mat gray = new Mat();
        opencv_imgproc.cvtColor(bgr, gray, opencv_imgproc.COLOR_BGR2GRAY);
        return gray;
    }

    private static Mat grayOf(BufferedImage img) {
        BufferedImage gray = img;
        if (img.getType() != BufferedImage.TYPE_BYTE_GRAY) {
            gray = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
            gray.getGraphics().drawImage(img, 0, 0, null);
        }
        byte[] data = ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
        Mat m = new Mat(gray.getHeight(), gray.getWidth(), opencv_core.CV_8UC1);
        m.data().put(data);
        return m;
    }

    /** Visible for tests. */
    public static List<Detection> suppressNestedForTest(List<Detection> raw) {
        return suppressNested(raw);
    }

    /**
     * Drops boxes that contain most of a stronger box or are much larger and around its centre (the cascade's classic
     * false positive on messi5.jpg), and keeps the stronger of two heavily overlapping boxes.
     */
    static List<Detection> suppressNested(List<Detection> raw) {
        List<Detection> sorted = new ArrayList<>(raw);
        sorted.sort(Comparator.comparingDouble(Detection::confidence).reversed().thenComparingInt(d -> d.w() * d.h()));
        List<Detection> kept = new ArrayList<>();
        for (Detection d : sorted) {
            boolean drop = false;
            for (Detection k : kept) {
                double inter = d.box().intersection(k.box());
                double kcx = k.x() + k.w() / 2.0;
                double kcy = k.y() + k.h() / 2.0;
                boolean aroundStronger = d.w() * d.h() > 1.5 * k.w() * k.h()
                        && kcx > d.x()
                        && kcx < d.x() + d.w()
                        && kcy > d.y()
                        && kcy < d.y() + d.h();
                if (inter > 0.6 * Math.min(d.box().area(), k.box().area()) || d.iou(k) > 0.3 || aroundStronger) {
                    drop = true;
                    break;
                }
            }
            if (!drop) {
                kept.add(d);
            }
        }
        return kept;
    }

    @Override
    public void close() {
        if (track != find) {
            track.close();
        }
        find.close();
        clahe.close();
    }
}
