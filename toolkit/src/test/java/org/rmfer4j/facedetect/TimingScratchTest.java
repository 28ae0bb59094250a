package org.rmfer4j.facedetect;

import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

class TimingScratchTest {
    @Test
    void time() {
        Mat img = opencv_imgcodecs.imread(
                CnnFaceDetectorTest.photos().resolve("sample1.jpg").toString());
        Mat hd = new Mat();
        opencv_imgproc.resize(img, hd, new Size(1920, 1080));
        for (FaceApiWeights.Model m : FaceApiWeights.Model.values()) {
            CnnFaceDetector d = new CnnFaceDetector(m);
            for (int i = 0; i < 5; i++) d.detect(hd);
            long t0 = System.nanoTime();
            int n = 30;
            for (int i = 0; i < n; i++) d.detect(hd);
            System.out.println(m + ": " + (System.nanoTime() - t0) / 1e6 / n + " ms per 1080p frame");
        }
    }
}
