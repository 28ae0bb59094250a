package org.rmfer4j.rmset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.core.RmferException;

/** The crop writer: the same files on its own thread as in line, errors that name the crop, a clean stop. */
class CropWriterTest {
    @TempDir
    Path dir;

    private static Mat frame() {
        Mat m = new Mat(360, 640, opencv_core.CV_8UC3);
        opencv_core.randu(
                m,
                new Mat(1, 1, opencv_core.CV_64F, new Scalar(0)),
                new Mat(1, 1, opencv_core.CV_64F, new Scalar(255)));
        opencv_imgproc.GaussianBlur(m, m, new Size(7, 7), 0);
        return m;
    }

    @Test
    void theWriterThreadWritesTheSameFilesAsInLine() throws Exception {
        Path inline = Files.createDirectories(dir.resolve("inline"));
        Path thread = Files.createDirectories(dir.resolve("thread"));
        try (Mat bgr = frame()) {
            for (boolean background : new boolean[] {false, true}) {
                Path out = background ? thread : inline;
                try (CropWriter w = new CropWriter(112, background, "t")) {
                    for (int i = 0; i < 60; i++) { // more than the queue holds
                        w.write(bgr, new Box(5 * i, 2 * i, 80 + i, 100 + i), out.resolve("c" + i + ".jpg"));
                    }
                    w.finish();
                }
            }
            for (int i = 0; i < 60; i++) {
                byte[] a = Files.readAllBytes(inline.resolve("c" + i + ".jpg"));
                assertTrue(a.length > 500 && (a[0] & 0xff) == 0xFF && (a[1] & 0xff) == 0xD8, "a JPEG: crop " + i);
                assertArrayEquals(a, Files.readAllBytes(thread.resolve("c" + i + ".jpg")), "crop " + i);
            }
        }
    }

    @Test
    void aFailedWriteNamesTheCropAndLaterCropsAreNotWritten() throws Exception {
        Path missing = dir.resolve("no-such-folder");
        try (Mat bgr = frame();
                CropWriter w = new CropWriter(64, true, "t")) {
            w.write(bgr, new Box(0, 0, 50, 60), missing.resolve("clip_0_1.jpg"));
            RmferException e = assertThrows(RmferException.class, () -> {
                for (int i = 0; i < 1000; i++) { // the error surfaces from a later write or from finish
                    w.write(bgr, new Box(0, 0, 50, 60), dir.resolve("later" + i + ".jpg"));
                }
                w.finish();
            });
            assertTrue(e.getMessage().contains("clip_0_1.jpg"), e.getMessage());
        }
    }

    @Test
    void closingWithoutFinishingStopsTheThreadAndFreesTheQueue() {
        assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () -> {
                    try (Mat bgr = frame()) {
                        for (int round = 0; round < 5; round++) {
                            try (CropWriter w = new CropWriter(112, true, "t")) {
                                for (int i = 0; i < 40; i++) {
                                    w.write(bgr, new Box(i, i, 100, 120), dir.resolve("r" + round + "_" + i + ".jpg"));
                                }
                            } // no finish: a failing video's writer is closed like this
                        }
                    }
                },
                "a hang here would stall every failing video");
    }

    @Test
    void theTwoStepShrinkMatchesAreaAveraging() {
        try (Mat bgr = frame();
                Mat gray = new Mat()) {
            opencv_imgproc.cvtColor(bgr, gray, opencv_imgproc.COLOR_BGR2GRAY);
            for (double f : new double[] {1.3, 1.78, 2.0, 2.5, 3.0, 4.2}) {
                try (Mat fast = CascadeFaceDetector.shrunk(gray, f);
                        Mat area = new Mat()) {
                    assertEquals(Math.round(640 / f), fast.cols(), "width at " + f);
                    assertEquals(Math.round(360 / f), fast.rows(), "height at " + f);
                    opencv_imgproc.resize(
                            gray, area, new Size(fast.cols(), fast.rows()), 0, 0, opencv_imgproc.INTER_AREA);
                    try (Mat diff = new Mat()) {
                        opencv_core.absdiff(fast, area, diff);
                        double mean = opencv_core.mean(diff).get(0);
                        assertTrue(mean < 3.0, "mean absolute difference to area averaging at " + f + ": " + mean);
                    }
                }
            }
        }
    }
}
