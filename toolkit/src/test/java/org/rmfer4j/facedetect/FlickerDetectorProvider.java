package org.rmfer4j.facedetect;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.rmfer4j.rmset.Detection;
import org.rmfer4j.rmset.FaceDetector;
import org.rmfer4j.rmset.FaceDetectorProvider;

/**
 * Test detector {@code flicker}: SSD plus one false face (a box on the background, top left) in the first frame it sees
 * only — the one-frame false detection the confirmed ID rule must drop. Registered from the test resources.
 */
public final class FlickerDetectorProvider implements FaceDetectorProvider {
    static final Detection FALSE_FACE = new Detection(10, 10, 120, 140, 0.93);

    @Override
    public List<String> kinds() {
        return List.of("flicker");
    }

    @Override
    public FaceDetector create(FaceDetector.Spec spec) {
        CnnFaceDetector ssd = new CnnFaceDetector(FaceApiWeights.Model.SSD_MOBILENET_V1);
        return new FaceDetector() {
            private boolean first = true;

            @Override
            public List<Detection> detect(java.awt.image.BufferedImage image) {
                return withFlicker(ssd.detect(image));
            }

            @Override
            public List<Detection> detect(Mat bgr) {
                return withFlicker(ssd.detect(bgr));
            }

            private List<Detection> withFlicker(List<Detection> found) {
                List<Detection> out = new ArrayList<>(found);
                if (first) {
                    out.add(FALSE_FACE);
                    first = false;
                }
                return out;
            }

            @Override
            public void close() {
                ssd.close();
            }
        };
    }

    @Override
    public String describe(FaceDetector.Spec spec) {
        return "SSD with a one-frame false face (test)";
    }
}
