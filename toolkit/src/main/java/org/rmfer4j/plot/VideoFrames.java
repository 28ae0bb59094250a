package org.rmfer4j.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.jspecify.annotations.Nullable;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.rmfer4j.core.FfmpegLog;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.rmset.Box;
import org.rmfer4j.rmset.RmsetBuilder;
import org.rmfer4j.rmset.RmsetIndex;

/**
 * Pictures of the RMset construction for notebooks: one video frame with the removal area, each face's box and ID and
 * the crop the builder cuts from it; and every ID's detections over time, where a gap is a missed face.
 */
public final class VideoFrames {
    private VideoFrames() {}

    /** Frame {@code index} (0-based) of a video, decoded. */
    public static BufferedImage frame(Path video, int index) {
        FfmpegLog.quiet();
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(video.toFile());
                Java2DFrameConverter conv = new Java2DFrameConverter()) {
            g.start();
            Frame f;
            int i = 0;
            while ((f = g.grabImage()) != null) {
                if (i++ == index) {
                    BufferedImage img = conv.convert(f);
                    // the converter reuses its buffer: copy before the grabber is closed
                    BufferedImage copy = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
                    copy.getGraphics().drawImage(img, 0, 0, null);
                    return copy;
                }
            }
            throw new RmferException(video + " has " + i + " frames; frame " + index + " does not exist");
        } catch (FrameGrabber.Exception e) {
            throw new RmferException("Cannot decode " + video + ": " + e.getMessage(), e);
        }
    }

    /**
     * Sampled frame {@code sampledFrame} of {@code video} as the RMset saw it (the index counts sampled frames: the
     * source frame is sampledFrame · every): the removal area shaded (null: none), each face the index holds for that
     * frame boxed with its ID, and the widened crop (0.31·w_f, height kept) dashed.
     */
    public static BufferedImage annotated(Path video, RmsetIndex index, int sampledFrame, int @Nullable [] removal) {
        String name = video.getFileName().toString().replaceFirst("\\.[^.]+$", "");
        List<RmsetIndex.Row> ofVideo = rowsOf(index, name);
        int every = ofVideo.get(0).every();
        int frameIndex = sampledFrame;
        List<RmsetIndex.Row> faces =
                ofVideo.stream().filter(r -> r.frame() == frameIndex).toList();
        if (faces.isEmpty()) {
            throw new RmferException("The RMset index holds no face of video '" + name + "' at sampled frame "
                    + frameIndex + " (frames count sampled frames, every " + every + " source frames)");
        }
        BufferedImage img = frame(video, sampledFrame * every);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, img.getHeight() / 30)));
        if (removal != null) {
            g.setColor(new Color(220, 30, 30, 70));
            g.fillRect(removal[0], removal[1], removal[2], removal[3]);
            g.setColor(new Color(220, 30, 30));
            g.setStroke(new BasicStroke(2));
            g.drawRect(removal[0], removal[1], removal[2], removal[3]);
            g.drawString(
                    "removal area (no faces taken)",
                    removal[0] + 6,
                    removal[1] + g.getFont().getSize() + 4);
        }
        for (RmsetIndex.Row r : faces) {
            Box crop = new Box(r.x(), r.y(), r.w(), r.h())
                    .widenForCrop(RmsetBuilder.WIDENING, img.getWidth(), img.getHeight());
            g.setColor(new Color(255, 200, 0));
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            g.drawRect(crop.x(), crop.y(), crop.w(), crop.h());
            g.setColor(new Color(40, 200, 60));
            g.setStroke(new BasicStroke(2));
            g.drawRect(r.x(), r.y(), r.w(), r.h());
            g.drawString("ID " + r.faceId(), r.x(), Math.max(g.getFont().getSize(), r.y() - 4));
        }
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(11, img.getHeight() / 40)));
        g.drawString(
                String.format(
                        Locale.ROOT,
                        "%s, sampled frame %d (source frame %d): %d faces (green: detection and ID, dashed: crop)",
                        name,
                        frameIndex,
                        frameIndex * every,
                        faces.size()),
                6,
                img.getHeight() - 6);
        g.dispose();
        return img;
    }

    /**
     * Every ID of one video over time: a mark at each sampled frame where the ID was found. A steady row is a face
     * tracked in every sampled frame; a gap is a frame where the builder missed it.
     */
    public static XYChart idTracks(RmsetIndex index, String video) {
        List<RmsetIndex.Row> ofVideo = rowsOf(index, video);
        int every = ofVideo.get(0).every();
        TreeMap<Integer, List<Integer>> byId = new TreeMap<>();
        for (RmsetIndex.Row r : ofVideo) {
            byId.computeIfAbsent(r.faceId(), k -> new ArrayList<>()).add(r.frame() * r.every());
        }
        XYChart c = new XYChartBuilder()
                .width(720)
                .height(120 + 28 * byId.size())
                .title("ID tracks of " + video + " (every " + every + " frames; a gap is a missed face)")
                .xAxisTitle("source frame")
                .yAxisTitle("face ID")
                .build();
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setMarkerSize(5);
        c.getStyler().setLegendVisible(false);
        c.getStyler().setYAxisDecimalPattern("0");
        byId.forEach((id, frames) -> {
            double[] x = frames.stream().mapToDouble(Integer::doubleValue).toArray();
            double[] y = new double[x.length];
            java.util.Arrays.fill(y, id);
            c.addSeries("ID " + id, x, y).setMarker(SeriesMarkers.CIRCLE);
        });
        return c;
    }

    /** The index's rows of one video, or an error naming the videos it has. */
    private static List<RmsetIndex.Row> rowsOf(RmsetIndex index, String video) {
        List<RmsetIndex.Row> rows = index.rowsOf(video);
        if (rows.isEmpty()) {
            throw new RmferException("The RMset index has no rows of video '" + video + "'; videos: " + index.videos());
        }
        return rows;
    }
}
