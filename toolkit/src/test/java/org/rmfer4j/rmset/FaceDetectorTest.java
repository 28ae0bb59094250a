package org.rmfer4j.rmset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.core.RmferException;

/**
 * The detector choice: Haar by default; YuNet only with a user-supplied ONNX file. No YuNet model can be downloaded
 * here, so YuNet is tested on what can be checked without one: a missing or non-ONNX file is a clear error naming it,
 * at configuration time rather than mid-run.
 */
class FaceDetectorTest {
    @TempDir
    Path dir;

    @Test
    void yunetWithoutItsModelIsAClearErrorAtConfigurationTime() throws Exception {
        RmferException none = assertThrows(RmferException.class, () -> new FaceDetector.Spec("yunet", null));
        assertTrue(none.getMessage().contains("--yunet-model"), none.getMessage());
        Path missing = dir.resolve("face_detection_yunet_2022mar.onnx");
        RmferException e = assertThrows(
                RmferException.class,
                () -> RmsetBuilder.builder().optDetector(new FaceDetector.Spec("yunet", missing.toString())));
        assertTrue(
                e.getMessage().contains(missing.toString()) && e.getMessage().contains("downloads nothing"),
                e.getMessage());
        Path garbage = Files.writeString(dir.resolve("not-a-model.onnx"), "this is not ONNX");
        RmferException g = assertThrows(RmferException.class, () -> new YuNetFaceDetector(garbage));
        assertTrue(
                g.getMessage().contains("not-a-model.onnx") && g.getMessage().contains("FaceDetectorYN"),
                g.getMessage());
        assertThrows(RmferException.class, () -> new FaceDetector.Spec("mtcnn", null));
    }

    @Test
    void defaultRoiFilterKeepsFacesCentredInARegion() {
        FaceDetector fixed = new FaceDetector() {
            @Override
            public List<Detection> detect(BufferedImage image) {
                return List.of(new Detection(10, 10, 20, 20, 1), new Detection(100, 100, 20, 20, 1));
            }

            @Override
            public void close() {}
        };
        List<Detection> kept = fixed.detectIn(
                new BufferedImage(200, 200, BufferedImage.TYPE_INT_RGB), List.of(new Box(0, 0, 50, 50)), 0.5);
        assertEquals(1, kept.size());
        assertEquals(10, kept.get(0).x());
        assertEquals("ssd", FaceDetector.Spec.DEFAULT.kind());
        assertEquals(null, FaceDetector.Spec.DEFAULT.tracking(), "SSD tracks itself");
        assertEquals("haar-alt2", FaceDetector.Spec.CASCADE.kind());
        assertEquals("lbp", FaceDetector.Spec.CASCADE.tracking());
        assertEquals("haar-alt2", new FaceDetector.Spec("HAAR-ALT2", null).kind());
        assertEquals(null, new FaceDetector.Spec("lbp", null, "same").tracking(), "'same' means no second cascade");
        assertEquals("lbp", new FaceDetector.Spec("haar", null, "auto").tracking(), "'auto' tracks cascades with LBP");
        assertEquals(
                null, new FaceDetector.Spec("yunet", "m.onnx", "auto").tracking(), "'auto' lets YuNet track itself");
        assertThrows(RmferException.class, () -> new FaceDetector.Spec("haar", null, "mtcnn"));
        RmferException y = assertThrows(RmferException.class, () -> new FaceDetector.Spec("yunet", "m.onnx", "lbp"));
        assertTrue(y.getMessage().contains("same"), y.getMessage());
    }
}
