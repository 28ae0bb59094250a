package org.rmfer4j.rmset;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.FfmpegLog;
import org.rmfer4j.core.RmferException;

/**
 * Suggests a removal area for a video that has none: the trigger film is the part of the frame whose content changes
 * most, while viewers' tiles change little. The frame is cut into a grid; cells whose grey level varies over sampled
 * frames far more than the typical cell are marked, cells holding a stable first-frame face are unmarked, and the
 * largest connected block of marked cells is the suggestion. It is only a suggestion: check the preview image.
 */
public final class RemovalSuggestion {
    /** The suggested area and the frame it was computed on, with the area and the first-frame faces drawn in. */
    public record Suggestion(String video, Box area, BufferedImage preview) {}

    private RemovalSuggestion() {}

    /**
     * @param samples frames to sample (spread over the first {@code samples·step} frames)
     * @param step    frames between samples
     */
    public static Suggestion suggest(Path video, CascadeFaceDetector detector, int samples, int step) {
        String id = RmsetBuilder.videoId(video);
        int cell = 16;
        FfmpegLog.quiet();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile());
                Java2DFrameConverter conv = new Java2DFrameConverter()) {
            g.start();
            int w = g.getImageWidth();
            int h = g.getImageHeight();
            int cols = w / cell;
            int rows = h / cell;
            double[] sum = new double[cols * rows];
            double[] sq = new double[cols * rows];
            BufferedImage first = null;
            int taken = 0;
            int index = 0;
            Frame f;
            while (taken < samples && (f = g.grabImage()) != null) {
                if (index++ % step != 0) {
                    continue;
                }
                BufferedImage img = conv.getBufferedImage(f);
                if (first == null) {
                    first = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
                    first.getGraphics().drawImage(img, 0, 0, null);
                }
                int[] px = img.getRGB(0, 0, w, h, null, 0, w);
                double[] mean = new double[cols * rows];
                for (int y = 0; y < rows * cell; y++) {
                    for (int x = 0; x < cols * cell; x++) {
                        int p = px[y * w + x];
                        mean[(y / cell) * cols + x / cell] +=
                                0.299 * ((p >> 16) & 0xFF) + 0.587 * ((p >> 8) & 0xFF) + 0.114 * (p & 0xFF);
                    }
                }
                for (int c = 0; c < mean.length; c++) {
                    double m = mean[c] / (cell * cell);
                    sum[c] += m;
                    sq[c] += m * m;
                }
                taken++;
            }
            g.stop();
            if (first == null || taken < 3) {
                throw new RmferException("Video " + video + " is too short to suggest a removal area");
            }
            double[] std = new double[sum.length];
            for (int c = 0; c < std.length; c++) {
                double m = sum[c] / taken;
                std[c] = Math.sqrt(Math.max(0, sq[c] / taken - m * m));
            }
            double[] sorted = std.clone();
            Arrays.sort(sorted);
            double threshold = Math.max(4.0, 3 * sorted[sorted.length / 2]);
            boolean[] marked = new boolean[std.length];
            for (int c = 0; c < std.length; c++) {
                marked[c] = std[c] > threshold;
            }
            List<Detection> faces = detector.detect(first);
            for (Detection d : faces) {
                for (int y = d.y() / cell; y <= Math.min(rows - 1, (d.y() + d.h()) / cell); y++) {
                    for (int x = d.x() / cell; x <= Math.min(cols - 1, (d.x() + d.w()) / cell); x++) {
                        marked[y * cols + x] = false;
                    }
                }
            }
            Box area = largestComponent(marked, cols, rows, cell);
            if (area == null) {
                throw new RmferException(
                        "No region of " + video + " changes much more than the rest; set its removal area by hand");
            }
            Graphics2D gr = first.createGraphics();
            gr.setStroke(new BasicStroke(3));
            gr.setColor(Color.RED);
            gr.drawRect(area.x(), area.y(), area.w(), area.h());
            gr.drawString("SUGGESTED removal area for " + id + " — check before use", area.x() + 6, area.y() + 16);
            gr.setColor(Color.GREEN);
            faces.forEach(d -> gr.drawRect(d.x(), d.y(), d.w(), d.h()));
            gr.dispose();
            return new Suggestion(id, area, first);
        } catch (FrameGrabber.Exception e) {
            throw new RmferException("Video " + video + " cannot be decoded: " + e.getMessage(), e);
        }
    }

    /** Bounding box of the largest 4-connected block of marked cells, or null. */
    static Box largestComponent(boolean[] marked, int cols, int rows, int cell) {
        boolean[] seen = new boolean[marked.length];
        int bestSize = 0;
        int[] best = null;
        for (int start = 0; start < marked.length; start++) {
            if (!marked[start] || seen[start]) {
                continue;
            }
            int size = 0;
            int[] bb = {Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1};
            ArrayDeque<Integer> q = new ArrayDeque<>();
            q.add(start);
            seen[start] = true;
            while (!q.isEmpty()) {
                int c = q.poll();
                size++;
                int x = c % cols;
                int y = c / cols;
                bb[0] = Math.min(bb[0], x);
                bb[1] = Math.min(bb[1], y);
                bb[2] = Math.max(bb[2], x);
                bb[3] = Math.max(bb[3], y);
                int[][] nb = {{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}};
                for (int[] n : nb) {
                    if (n[0] >= 0 && n[0] < cols && n[1] >= 0 && n[1] < rows) {
                        int k = n[1] * cols + n[0];
                        if (marked[k] && !seen[k]) {
                            seen[k] = true;
                            q.add(k);
                        }
                    }
                }
            }
            if (size > bestSize) {
                bestSize = size;
                best = bb;
            }
        }
        return best == null
                ? null
                : new Box(
                        best[0] * cell, best[1] * cell, (best[2] - best[0] + 1) * cell, (best[3] - best[1] + 1) * cell);
    }

    /** Writes suggestions as a removal CSV (for the user to check and rename) and one preview PNG per video. */
    public static Path write(List<Suggestion> suggestions, Path csv) {
        StringBuilder sb = new StringBuilder("video,x,y,w,h\n");
        for (Suggestion s : suggestions) {
            Box b = s.area();
            sb.append(s.video())
                    .append(',')
                    .append(b.x())
                    .append(',')
                    .append(b.y())
                    .append(',')
                    .append(b.w())
                    .append(',')
                    .append(b.h())
                    .append('\n');
            Path png = csv.resolveSibling(s.video() + ".removal-preview.png");
            AtomicFiles.write(png, out -> ImageIO.write(s.preview(), "png", out));
        }
        return AtomicFiles.writeString(csv, sb.toString());
    }
}
