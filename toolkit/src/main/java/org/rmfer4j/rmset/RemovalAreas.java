package org.rmfer4j.rmset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.rmfer4j.data.DatasetException;
import org.rmfer4j.data.Problem;
import org.rmfer4j.data.loader.CsvRows;

/**
 * Per-video rectangles whose pixels are blanked before detection (paper Step 1): the trigger film, which may show
 * faces of its own. Read from a CSV the user writes, {@code video,x,y,w,h}, one row per rectangle; also used for the
 * manual face boxes of Step 2 (same columns).
 */
public final class RemovalAreas {
    private final Map<String, List<Box>> byVideo;

    private RemovalAreas(Map<String, List<Box>> byVideo) {
        this.byVideo = byVideo;
    }

    public static RemovalAreas none() {
        return new RemovalAreas(Map.of());
    }

    public static RemovalAreas of(Map<String, List<Box>> m) {
        return new RemovalAreas(Map.copyOf(m));
    }

    /** Reads {@code video,x,y,w,h} rows; every malformed line is an error naming its line and field. */
    public static RemovalAreas read(Path csv) {
        Map<String, List<Box>> m = new HashMap<>();
        String name = csv.getFileName().toString();
        boolean[] header = {true};
        CsvRows.forEach(csv, csv.toString(), ',', r -> {
            if (header[0]) {
                header[0] = false;
                CsvRows.requireHeader(r, List.of("video", "x", "y", "w", "h"), name);
                return;
            }
            if (r.size() != 5) {
                throw new DatasetException(new Problem(name, r.line(), null, "expected 5 fields video,x,y,w,h, got " + r.size()));
            }
            int[] v = new int[4];
            String[] fields = {"x", "y", "w", "h"};
            for (int i = 0; i < 4; i++) {
                try {
                    v[i] = Integer.parseInt(r.get(i + 1).trim());
                } catch (NumberFormatException e) {
                    throw new DatasetException(new Problem(name, r.line(), fields[i], "'" + r.get(i + 1) + "' is not an integer"));
                }
            }
            if (v[2] <= 0 || v[3] <= 0) {
                throw new DatasetException(new Problem(name, r.line(), "w", "width and height must be positive"));
            }
            m.computeIfAbsent(r.get(0).trim(), k -> new ArrayList<>()).add(new Box(v[0], v[1], v[2], v[3]));
        });
        return new RemovalAreas(m);
    }

    public List<Box> of(String video) {
        return byVideo.getOrDefault(video, List.of());
    }

    /** Checks every rectangle of a video against its frame size; the message names the video and the rectangle. */
    public void check(String video, int width, int height) {
        for (Box b : of(video)) {
            if (b.x() >= width || b.y() >= height || b.x() + b.w() <= 0 || b.y() + b.h() <= 0) {
                throw new org.rmfer4j.core.RmferException("Removal area " + b + " of video " + video + " lies outside its "
                        + width + "x" + height + " frame");
            }
        }
    }
}
