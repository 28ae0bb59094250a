package org.rmfer4j.facedetect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rmfer4j.rmset.CascadeFaceDetector;
import org.rmfer4j.rmset.FaceDetector;

/** The CNN detectors on real photos with hand-counted faces, beside OpenCV's cascades on the same photos. */
class CnnFaceDetectorTest {
    static Path photos() {
        try {
            return Path.of(CnnFaceDetectorTest.class
                            .getResource("photos/faces.csv")
                            .toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<PhotoCheck.Face> faces() {
        return PhotoCheck.readFaces(photos().resolve("faces.csv"));
    }

    @Test
    void ssdFindsEveryCountedFaceAndNothingElse() {
        List<PhotoCheck.Face> faces = faces();
        assertEquals(22, faces.size(), "22 faces counted by hand in the six photos");
        try (FaceDetector ssd = new CnnFaceDetector(FaceApiWeights.Model.SSD_MOBILENET_V1)) {
            PhotoCheck.Result r = PhotoCheck.run("ssd", ssd, photos(), faces);
            System.out.println(r.line());
            assertTrue(r.recall() >= 0.95, r.line());
            assertTrue(r.falsePer20() <= 1.0, r.line());
            for (PhotoCheck.Photo p : r.photos()) {
                assertEquals(p.faces(), p.detections().size(), p.photo() + ": one box per counted face: " + p);
            }
        }
    }

    @Test
    void theShippedDemoPhotoIsTheTestsSample5AndSsdFindsItsFiveFaces() {
        var img = DemoPhotos.sample5();
        assertEquals(1920, img.getWidth());
        try (FaceDetector ssd = new CnnFaceDetector(FaceApiWeights.Model.SSD_MOBILENET_V1)) {
            assertEquals(5, ssd.detect(img).size(), "5 faces counted by hand");
        }
    }

    @Test
    void tinyAndCascadesAreReportedOnTheSamePhotos() {
        List<PhotoCheck.Face> faces = faces();
        try (FaceDetector tiny = new CnnFaceDetector(FaceApiWeights.Model.TINY_FACE_DETECTOR);
                FaceDetector lbp = new CascadeFaceDetector(CascadeFaceDetector.Cascade.LBP)) {
            PhotoCheck.Result t = PhotoCheck.run("tiny", tiny, photos(), faces);
            PhotoCheck.Result c = PhotoCheck.run("lbp", lbp, photos(), faces);
            System.out.println(t.line());
            System.out.println(c.line());
            // the tiny detector is the weaker CNN (faces looking down, a second box on one face) but far above chance
            assertTrue(t.recall() >= 0.75, t.line());
        }
    }
}
