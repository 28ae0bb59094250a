package org.rmfer4j.synth;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.rmfer4j.core.FfmpegLog;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.rmset.Detection;
import org.rmfer4j.rmset.FaceDetector;
import org.rmfer4j.rmset.RmsetIndex;

/**
 * Measures a face detector on a SynthMashup video against its ground truth: recall over visible, unoccluded viewer
 * faces at IoU ≥ 0.5, overall and per skin-tone group, and precision outside the trigger film. The video is decoded
 * for real, so compression is part of the test.
 */
public final class DetectionCheck {
    private DetectionCheck() {}

    /**
     * @param found      matched faces per tone group
     * @param total      visible, unoccluded faces per tone group
     * @param falsePositives detections outside the film matching no viewer
     * @param detections all detections outside the film
     * @param frames     frames checked
     */
    public record Report(int[] found, int[] total, int falsePositives, int detections, int frames) {
        public double recall() {
            int f = 0;
            int t = 0;
            for (int i = 0; i < found.length; i++) {
                f += found[i];
                t += total[i];
            }
            return t == 0 ? Double.NaN : (double) f / t;
        }

        public double recall(int tone) {
            return total[tone] == 0 ? Double.NaN : (double) found[tone] / total[tone];
        }

        public double precision() {
            return detections == 0 ? Double.NaN : 1.0 - (double) falsePositives / detections;
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(String.format(
                    Locale.ROOT,
                    "recall %.3f, precision %.3f over %d frames; by tone group:",
                    recall(),
                    precision(),
                    frames));
            for (int i = 0; i < found.length; i++) {
                sb.append(String.format(Locale.ROOT, " %d: %.3f (%d/%d)", i, recall(i), found[i], total[i]));
            }
            return sb.toString();
        }
    }

    /**
     * The fraction of RMset rows of a SynthMashup video whose face ID maps to the right viewer. Each ID is mapped to
     * the viewer whose true box overlaps its first detection most; a row is right when the viewer whose true box
     * overlaps the row's box most (in that source frame) is the ID's viewer.
     */
    public static double idAccuracy(SynthMashup.Result video, RmsetIndex index) {
        Map<Integer, List<SynthMashup.Truth>> truth = SynthMashup.readTruth(video.truth());
        String id = video.video().getFileName().toString().replaceFirst("\\.mp4$", "");
        Map<Integer, Integer> idToViewer = new HashMap<>();
        int right = 0;
        int total = 0;
        List<RmsetIndex.Row> rows = new ArrayList<>(index.rowsOf(id));
        rows.sort(Comparator.comparingInt(RmsetIndex.Row::frame));
        for (var r : rows) {
            int sourceFrame = r.frame() * r.every();
            int best = -1;
            double bestIou = 0;
            Detection d = new Detection(r.x(), r.y(), r.w(), r.h(), 0);
            for (SynthMashup.Truth t : truth.getOrDefault(sourceFrame, List.of())) {
                double iou = d.iou(t.x(), t.y(), t.w(), t.h());
                if (iou > bestIou) {
                    bestIou = iou;
                    best = t.viewer();
                }
            }
            idToViewer.putIfAbsent(r.faceId(), best);
            total++;
            if (best >= 0 && best == idToViewer.get(r.faceId())) {
                right++;
            }
        }
        return total == 0 ? Double.NaN : (double) right / total;
    }

    /** Checks every {@code every}-th frame of a written mashup. */
    public static Report check(SynthMashup.Result video, FaceDetector detector, int every) {
        Map<Integer, List<SynthMashup.Truth>> truth = SynthMashup.readTruth(video.truth());
        int[] film = video.removalArea();
        int[] found = new int[6];
        int[] total = new int[6];
        int fp = 0;
        int dets = 0;
        int frames = 0;
        FfmpegLog.quiet();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.video().toFile());
                Java2DFrameConverter conv = new Java2DFrameConverter()) {
            grabber.start();
            int index = 0;
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                if (index % every == 0) {
                    BufferedImage img = conv.getBufferedImage(frame);
                    List<Detection> ds = detector.detect(img);
                    List<SynthMashup.Truth> rows = truth.getOrDefault(index, List.of());
                    boolean[] used = new boolean[ds.size()];
                    for (SynthMashup.Truth t : rows) {
                        if (!t.visible() || t.occluded()) {
                            continue;
                        }
                        int tone = t.viewer() % 6;
                        total[tone]++;
                        for (int j = 0; j < ds.size(); j++) {
                            if (!used[j] && ds.get(j).iou(t.x(), t.y(), t.w(), t.h()) >= 0.5) {
                                used[j] = true;
                                found[tone]++;
                                break;
                            }
                        }
                    }
                    for (int j = 0; j < ds.size(); j++) {
                        Detection d = ds.get(j);
                        double cx = d.x() + d.w() / 2.0;
                        double cy = d.y() + d.h() / 2.0;
                        boolean inFilm =
                                cx >= film[0] && cx < film[0] + film[2] && cy >= film[1] && cy < film[1] + film[3];
                        if (inFilm) {
                            continue;
                        }
                        dets++;
                        if (!used[j]) {
                            // an occluded or absent viewer's detection that matches its box is not a false positive
                            // either
                            boolean nearViewer = rows.stream().anyMatch(t -> d.iou(t.x(), t.y(), t.w(), t.h()) >= 0.5);
                            if (!nearViewer) {
                                fp++;
                            }
                        }
                    }
                    frames++;
                }
                index++;
            }
            grabber.stop();
        } catch (FrameGrabber.Exception e) {
            throw new RmferException("Cannot decode " + video.video() + ": " + e.getMessage(), e);
        }
        return new Report(found, total, fp, dets, frames);
    }
}
