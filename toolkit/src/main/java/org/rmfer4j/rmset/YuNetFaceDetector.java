package org.rmfer4j.rmset;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Loader;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.objdetect.FaceDetectorYN;
import org.rmfer4j.core.RmferException;

/**
 * YuNet through OpenCV's {@code FaceDetectorYN} (OpenCV 4.5.5 in JavaCV 1.5.7), with an ONNX model file the user
 * supplies: the toolkit downloads nothing. OpenCV 4.5.5 reads the 2022 release of the model
 * ({@code face_detection_yunet_2022mar.onnx} from the OpenCV Zoo); the 2023 release needs OpenCV 4.8 or newer.
 * Each row of FaceDetectorYN's output is x, y, w, h, five landmarks (x, y), score.
 */
public final class YuNetFaceDetector implements FaceDetector {
    private final FaceDetectorYN detector;
    private final Path model;
    private int width = -1;
    private int height = -1;

    /** @param model the YuNet ONNX file; score threshold 0.9, NMS 0.3, top-k 5000 (OpenCV's sample values) */
    public YuNetFaceDetector(Path model) {
        this(model, 0.9f, 0.3f, 5000);
    }

    public YuNetFaceDetector(Path model, float scoreThreshold, float nmsThreshold, int topK) {
        if (!Files.isRegularFile(model) || !Files.isReadable(model)) {
            throw new RmferException(
                    "YuNet model " + model + " does not exist or cannot be read. Download "
                            + "face_detection_yunet_2022mar.onnx from the OpenCV Zoo yourself and pass its path (the toolkit downloads nothing).");
        }
        Loader.load(org.bytedeco.opencv.opencv_java.class);
        this.model = model;
        try {
            this.detector =
                    FaceDetectorYN.create(model.toString(), "", new Size(320, 320), scoreThreshold, nmsThreshold, topK);
        } catch (RuntimeException e) { // CvException: not an ONNX file, or a model this OpenCV cannot read
            throw new RmferException(
                    "YuNet model " + model + " could not be loaded by OpenCV 4.5.5's FaceDetectorYN: " + e.getMessage(),
                    e);
        }
    }

    @Override
    public List<Detection> detect(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        if (w != width || h != height) {
            detector.setInputSize(new Size(w, h));
            width = w;
            height = h;
        }
        Mat bgr = new Mat(h, w, CvType.CV_8UC3);
        Mat faces = new Mat();
        try {
            bgr.put(0, 0, FaceDetector.bgrBytes(image));
            detector.detect(bgr, faces);
            List<Detection> out = new ArrayList<>();
            for (int r = 0; r < faces.rows(); r++) {
                float[] v = new float[faces.cols()];
                faces.get(r, 0, v);
                out.add(new Detection(
                        Math.round(v[0]), Math.round(v[1]), Math.round(v[2]), Math.round(v[3]), v[v.length - 1]));
            }
            return out;
        } catch (RuntimeException e) {
            throw new RmferException(
                    "YuNet (" + model + ") failed on a " + w + "x" + h + " image: " + e.getMessage(), e);
        } finally {
            bgr.release();
            faces.release();
        }
    }

    @Override
    public void close() {
        // FaceDetectorYN frees its native object when collected; nothing else is held
    }
}
