package org.rmfer4j.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rmfer4j.data.Expression;
import org.rmfer4j.rmset.Box;
import org.rmfer4j.rmset.CascadeFaceDetector;
import org.rmfer4j.rmset.Detection;

class FaceRendererTest {
    static BufferedImage render(Identity id, ActionUnits au, int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(90, 100, 110));
        g.fillRect(0, 0, size, size);
        FaceRenderer.draw(g, id, au, new FaceRenderer.Pose(size / 2.0, size / 2.0, size * 0.55, 0, 1));
        g.dispose();
        return img;
    }

    static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    @Test
    void sameSeedSamePixels() {
        assertEquals(Identity.of(7), Identity.of(7));
        assertArrayEquals(
                pixels(render(Identity.of(7), ActionUnits.of(Expression.FEAR, 0.7), 96)),
                pixels(render(Identity.of(7), ActionUnits.of(Expression.FEAR, 0.7), 96)));
        assertFalse(
                Arrays.equals(
                        pixels(render(Identity.of(7), ActionUnits.NEUTRAL, 96)),
                        pixels(render(Identity.of(8), ActionUnits.NEUTRAL, 96))),
                "identities differ");
    }

    @Test
    void everyExpressionChangesTheFaceAndIntensityScalesIt() {
        Identity id = Identity.of(3, 2);
        int[] neutral = pixels(render(id, ActionUnits.NEUTRAL, 128));
        for (Expression e : Expression.values()) {
            if (e == Expression.NEUTRAL) {
                continue;
            }
            int strong = diff(neutral, pixels(render(id, ActionUnits.of(e, 1.0), 128)));
            int weak = diff(neutral, pixels(render(id, ActionUnits.of(e, 0.2), 128)));
            assertTrue(strong > 0, e + " looks like neutral");
            assertTrue(
                    weak < strong,
                    e + ": a weak expression should be closer to neutral (" + weak + " vs " + strong + ")");
        }
    }

    private static int diff(int[] a, int[] b) {
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] != b[i]) {
                n++;
            }
        }
        return n;
    }

    @Test
    void theHaarCascadeFindsRenderedFaces() {
        BufferedImage img = new BufferedImage(1280, 256, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        List<double[]> truth = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            g.setColor(new Color(60 + 15 * i, 80, 100));
            g.fillRect(i * 256, 0, 256, 256);
            Identity id = Identity.of(40 + i, i % 4);
            FaceRenderer.Pose p = new FaceRenderer.Pose(i * 256 + 128, 128, 110, 0, 1);
            FaceRenderer.draw(g, id, ActionUnits.of(Expression.values()[i], 0.6), p);
            truth.add(FaceRenderer.box(id, p));
        }
        g.dispose();
        try (CascadeFaceDetector d = new CascadeFaceDetector(32, 3, 1.05)) {
            List<Detection> dets = d.detect(img);
            int found = 0;
            for (double[] b : truth) {
                for (Detection det : dets) {
                    if (det.iou((int) b[0], (int) b[1], (int) b[2], (int) b[3]) >= 0.5) {
                        found++;
                        break;
                    }
                }
            }
            assertTrue(found >= 4, "found " + found + " of 5 with " + dets);
        }
    }

    @Test
    void downscaledDetectionMapsBoxesBackToFullResolution() {
        BufferedImage img = new BufferedImage(1024, 512, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(70, 90, 110));
        g.fillRect(0, 0, 1024, 512);
        Identity id = Identity.of(41, 0);
        FaceRenderer.Pose p = new FaceRenderer.Pose(512, 256, 220, 0, 1);
        FaceRenderer.draw(g, id, ActionUnits.NEUTRAL, p);
        g.dispose();
        double[] b = FaceRenderer.box(id, p);
        try (CascadeFaceDetector d = new CascadeFaceDetector().withDownscale(2)) {
            List<Detection> dets = d.detect(img);
            assertTrue(
                    dets.stream().anyMatch(x -> x.iou((int) b[0], (int) b[1], (int) b[2], (int) b[3]) >= 0.5),
                    dets.toString());
        }
    }

    @Test
    void theTrackingSearchFindsFacesOnlyAroundKnownOnesAndMapsThemBack() {
        // two large faces (shrunk for the search, so boxes must be scaled back) and one the regions do not cover
        BufferedImage img = new BufferedImage(1600, 600, BufferedImage.TYPE_INT_RGB);
        List<double[]> truth = drawRow(img, 3, 50, 0, 300, 500, 220, 0);
        try (CascadeFaceDetector d = new CascadeFaceDetector()) {
            List<Detection> all = d.detect(img);
            assertEquals(3, all.size(), all.toString());
            List<Box> rois = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Detection k = matching(all, truth.get(rois.size()));
                rois.add(new Box(k.x() - k.w() / 2, k.y() - k.h() / 2, 2 * k.w(), 2 * k.h()));
            }
            List<Detection> tracked = d.detectIn(img, rois, 0.5);
            assertEquals(2, tracked.size(), tracked.toString());
            for (int i = 0; i < 2; i++) {
                double[] b = truth.get(i);
                assertTrue(
                        tracked.stream().anyMatch(x -> x.iou((int) b[0], (int) b[1], (int) b[2], (int) b[3]) >= 0.5),
                        "face " + i + " in " + tracked);
            }
            assertEquals(CascadeFaceDetector.Cascade.HAAR_ALT2, d.cascade());
            assertEquals(CascadeFaceDetector.Cascade.LBP, d.trackingCascade());
        }
    }

    @Test
    void theLastSeenSearchFindsFacesNearTheirLastBoxAndFallsBackToTheRegion() {
        BufferedImage img = new BufferedImage(1600, 600, BufferedImage.TYPE_INT_RGB);
        List<double[]> truth = drawRow(img, 2, 60, 1, 400, 700, 200, 2);
        try (CascadeFaceDetector d = new CascadeFaceDetector()) {
            List<Detection> all = d.detect(img);
            assertEquals(2, all.size(), all.toString());
            List<Box> boxes = new ArrayList<>();
            for (double[] b : truth) {
                Detection k = matching(all, b);
                boxes.add(new Box(k.x(), k.y(), k.w(), k.h()));
            }
            Box nowhere = new Box(700, 0, 40, 40); // a blank corner of the background
            // the near search alone: last-seen boxes a few pixels off, regions that hold no face
            List<Box> lastSeen = boxes.stream()
                    .map(b -> new Box(b.x() + 6, b.y() - 5, b.w(), b.h()))
                    .toList();
            List<Detection> near = d.detectNear(img, lastSeen, List.of(nowhere, nowhere), 0.5);
            // the fallback alone: last-seen boxes where there is no face, regions around the faces
            List<Box> rois = boxes.stream()
                    .map(b -> new Box(b.x() - b.w() / 2, b.y() - b.h() / 2, 2 * b.w(), 2 * b.h()))
                    .toList();
            List<Detection> fallback = d.detectNear(img, List.of(nowhere, nowhere), rois, 0.5);
            for (List<Detection> found : List.of(near, fallback)) {
                assertEquals(2, found.size(), found.toString());
                for (double[] b : truth) {
                    assertTrue(
                            found.stream().anyMatch(x -> x.iou((int) b[0], (int) b[1], (int) b[2], (int) b[3]) >= 0.5),
                            found.toString());
                }
            }
            assertThrows(
                    IllegalArgumentException.class,
                    () -> d.detectNear(img, List.of(nowhere), rois, 0.5),
                    "one last-seen box per region");
        }
    }

    /** The detection overlapping the true box {@code b} (x, y, w, h) at IoU ≥ 0.5. */
    private static Detection matching(List<Detection> all, double[] b) {
        return all.stream()
                .filter(x -> x.iou((int) b[0], (int) b[1], (int) b[2], (int) b[3]) >= 0.5)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no detection at " + Arrays.toString(b) + " in " + all));
    }

    /**
     * Draws {@code n} faces in a row across a plain background (identity seeds from {@code seed}, skin tones from
     * {@code tone}, centres at {@code x0 + dx·i}, width {@code side}, expressions from index {@code firstExpression});
     * returns their true boxes.
     */
    private static List<double[]> drawRow(
            BufferedImage img, int n, int seed, int tone, int x0, int dx, int side, int firstExpression) {
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(70, 90, 110));
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        List<double[]> truth = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Identity id = Identity.of(seed + i, (tone + i) % 4);
            FaceRenderer.Pose p = new FaceRenderer.Pose(x0 + dx * i, img.getHeight() / 2.0, side, 0, 1);
            FaceRenderer.draw(g, id, ActionUnits.of(Expression.values()[firstExpression + i], 0.5), p);
            truth.add(FaceRenderer.box(id, p));
        }
        g.dispose();
        return truth;
    }

    @Test
    void nestedAndOverlappingBoxesKeepTheStrongest() {
        List<Detection> kept = CascadeFaceDetector.suppressNestedForTest(List.of(
                new Detection(100, 100, 50, 50, 30),
                new Detection(90, 90, 80, 80, 5),
                new Detection(300, 100, 50, 50, 10),
                new Detection(305, 105, 50, 50, 8)));
        assertEquals(2, kept.size(), kept.toString());
        assertEquals(30, kept.get(0).confidence());
        assertEquals(10, kept.get(1).confidence());
    }
}
