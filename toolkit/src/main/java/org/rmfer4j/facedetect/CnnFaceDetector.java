package org.rmfer4j.facedetect;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.engine.torch.TorchRuntime;
import org.rmfer4j.rmset.Box;
import org.rmfer4j.rmset.Detection;
import org.rmfer4j.rmset.FaceDetector;

/**
 * A CNN face detector of the face-api package run on libtorch: {@link FaceApiWeights.Model#SSD_MOBILENET_V1} (accurate;
 * the default) or {@link FaceApiWeights.Model#TINY_FACE_DETECTOR} (about a tenth of the work). The frame is scaled to fit
 * the network's square input (area averaging when shrinking), padded at the bottom and right, and the boxes mapped back
 * to frame pixels; boxes of one face are merged by greedy non-maximum suppression. Not thread-safe: one per worker
 * (the weights are shared per model and read once per JVM).
 */
public final class CnnFaceDetector implements FaceDetector {
    /**
     * SSD's boxes scoring above this are faces for tracking (a box counts only where it matches an ID). The package's
     * own threshold is 0.5; at 0.5 SSD finds one pale synthetic identity with glasses in 15 of 50 frames of a 1080p
     * SynthMashup (recall 0.934), at 0.2 in all (recall 1.000), with no false face on the six real photos at either. New
     * IDs need more: {@link org.rmfer4j.rmset.IdRule#CONFIRMED} asks a first-frame score of 0.5.
     */
    public static final double SSD_MIN_SCORE = 0.2;

    /** The tiny detector keeps the package's 0.5: at 0.2 it adds 4 false faces on the six photos. */
    public static final double TINY_MIN_SCORE = 0.5;

    /** The threshold a model runs at by default. */
    public static double defaultMinScore(FaceApiWeights.Model model) {
        return model == FaceApiWeights.Model.SSD_MOBILENET_V1 ? SSD_MIN_SCORE : TINY_MIN_SCORE;
    }

    private static final Map<FaceApiWeights.Model, FaceNet> SHARED = new EnumMap<>(FaceApiWeights.Model.class);

    private final FaceApiWeights.Model model;
    private final FaceNet net;
    private final double minScore;

    /** The shipped weights, the model's default threshold ({@link #defaultMinScore}). */
    public CnnFaceDetector(FaceApiWeights.Model model) {
        this(model, null, defaultMinScore(model));
    }

    /**
     * @param weights  a folder with the model's two files from the user's copy of the package (checked against the same
     *                 checksums), or {@code null} for the shipped ones
     * @param minScore candidates scoring at most this are dropped, in (0, 1)
     */
    public CnnFaceDetector(FaceApiWeights.Model model, @Nullable Path weights, double minScore) {
        if (!(minScore > 0 && minScore < 1)) {
            throw new RmferException("The face detector's minimum score must be in (0, 1), not " + minScore);
        }
        TorchRuntime.init();
        this.model = model;
        this.minScore = minScore;
        this.net = weights == null ? shared(model) : build(model, FaceApiWeights.load(model, weights));
    }

    private static synchronized FaceNet shared(FaceApiWeights.Model model) {
        return SHARED.computeIfAbsent(model, m -> build(m, FaceApiWeights.load(m)));
    }

    private static FaceNet build(FaceApiWeights.Model model, Map<String, TfjsWeights.Tensor> weights) {
        return switch (model) {
            case SSD_MOBILENET_V1 -> new SsdMobilenetV1(weights);
            case TINY_FACE_DETECTOR -> new TinyFaceNet(weights);
        };
    }

    public FaceApiWeights.Model model() {
        return model;
    }

    @Override
    public List<Detection> detect(Mat bgr) {
        if (bgr.type() != opencv_core.CV_8UC3) {
            throw new RmferException("The CNN face detector needs an 8-bit BGR frame, not OpenCV type " + bgr.type());
        }
        int w = bgr.cols();
        int h = bgr.rows();
        if (w < 1 || h < 1) {
            return List.of();
        }
        int size = net.inputSize();
        double scale = (double) size / Math.max(w, h);
        int rw = Math.max(1, Math.min(size, (int) Math.round(w * scale)));
        int rh = Math.max(1, Math.min(size, (int) Math.round(h * scale)));
        float[] input = new float[3 * size * size];
        for (int c = 0; c < 3; c++) {
            Arrays.fill(input, c * size * size, (c + 1) * size * size, net.offset(c));
        }
        try (Mat small = new Mat()) {
            opencv_imgproc.resize(
                    bgr,
                    small,
                    new Size(rw, rh),
                    0,
                    0,
                    rw < w ? opencv_imgproc.INTER_AREA : opencv_imgproc.INTER_LINEAR);
            Mat px = small.isContinuous() ? small : small.clone();
            byte[] bytes = new byte[rw * rh * 3];
            BytePointer data = px.data();
            data.capacity((long) bytes.length).get(bytes);
            float s = net.scale();
            for (int y = 0; y < rh; y++) {
                for (int x = 0; x < rw; x++) {
                    int at = (y * rw + x) * 3;
                    int o = y * size + x;
                    input[o] = (bytes[at + 2] & 0xFF) * s + net.offset(0); // R
                    input[size * size + o] = (bytes[at + 1] & 0xFF) * s + net.offset(1); // G
                    input[2 * size * size + o] = (bytes[at] & 0xFF) * s + net.offset(2); // B
                }
            }
        }
        List<FaceNet.Candidate> raw;
        TorchRuntime.enforce();
        try (PointerScope scope = new PointerScope();
                NoGradGuard g = new NoGradGuard();
                FloatPointer p = new FloatPointer(input)) {
            Tensor x = torch.from_blob(p, new long[] {1, 3, size, size}, new TensorOptions(torch.ScalarType.Float));
            raw = net.candidates(x, minScore);
        }
        double fx = (double) size / rw;
        double fy = (double) size / rh;
        List<Detection> out = new ArrayList<>();
        for (FaceNet.Candidate c : suppress(raw, net.nmsIou())) {
            double x0 = clamp01(c.x0() * fx) * w;
            double y0 = clamp01(c.y0() * fy) * h;
            double x1 = clamp01(c.x1() * fx) * w;
            double y1 = clamp01(c.y1() * fy) * h;
            int bx = (int) Math.round(x0);
            int by = (int) Math.round(y0);
            int bw = (int) Math.round(x1) - bx;
            int bh = (int) Math.round(y1) - by;
            if (bw >= 2 && bh >= 2) {
                out.add(new Detection(bx, by, bw, bh, c.score()));
            }
        }
        return out;
    }

    private static double clamp01(double v) {
        return Math.max(0, Math.min(1, v));
    }

    /** Greedy non-maximum suppression: strongest first, dropping boxes that overlap a kept one by more than iou. */
    static List<FaceNet.Candidate> suppress(List<FaceNet.Candidate> raw, double iou) {
        List<FaceNet.Candidate> sorted = new ArrayList<>(raw);
        sorted.sort(Comparator.comparingDouble(FaceNet.Candidate::score).reversed());
        List<FaceNet.Candidate> kept = new ArrayList<>();
        for (FaceNet.Candidate c : sorted) {
            if (kept.stream().noneMatch(k -> k.iou(c) > iou)) {
                kept.add(c);
            }
        }
        return kept;
    }

    /**
     * Tracking: the whole frame, keeping the faces whose centre lies in a region (the network sees the whole frame at
     * one scale, so searching regions separately would cost more, not less). On the Mat, with no image conversion.
     */
    @Override
    public List<Detection> detectIn(Mat bgr, List<Box> rois, double margin) {
        return FaceDetector.centredIn(detect(bgr), rois); // detectNear's default comes here too
    }

    @Override
    public List<Detection> detect(BufferedImage image) {
        byte[] bgr = FaceDetector.bgrBytes(image);
        try (Mat m = new Mat(image.getHeight(), image.getWidth(), opencv_core.CV_8UC3)) {
            m.data().capacity((long) bgr.length).put(bgr);
            return detect(m);
        }
    }

    @Override
    public void close() {
        // the networks are shared per model for the JVM's life
    }
}
