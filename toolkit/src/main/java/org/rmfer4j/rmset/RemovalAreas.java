package org.rmfer4j.rmset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.rmfer4j.core.RmferException;
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
    /** Where each video's first row was read ("removal.csv line 3"), for errors. */
    private final Map<String, String> origin;

    private RemovalAreas(Map<String, List<Box>> byVideo, Map<String, String> origin) {
        this.byVideo = byVideo;
        this.origin = origin;
    }

    public static RemovalAreas none() {
        return new RemovalAreas(Map.of(), Map.of());
    }

    public static RemovalAreas of(Map<String, List<Box>> m) {
        Map<String, String> origin = new HashMap<>();
        m.keySet().forEach(k -> origin.put(k, "the areas given for video " + k));
        return new RemovalAreas(Map.copyOf(m), origin);
    }

    /** Reads {@code video,x,y,w,h} rows; every malformed line is an error naming its line and field. */
    public static RemovalAreas read(Path csv) {
        Map<String, List<Box>> m = new HashMap<>();
        Map<String, String> origin = new HashMap<>();
        String name = csv.getFileName().toString();
        boolean[] header = {true};
        CsvRows.forEach(csv, csv.toString(), ',', r -> {
            if (header[0]) {
                header[0] = false;
                CsvRows.requireHeader(r, List.of("video", "x", "y", "w", "h"), name);
                return;
            }
            if (r.size() != 5) {
                throw new DatasetException(
                        new Problem(name, r.line(), null, "expected 5 fields video,x,y,w,h, got " + r.size()));
            }
            int[] v = new int[4];
            String[] fields = {"x", "y", "w", "h"};
            for (int i = 0; i < 4; i++) {
                try {
                    v[i] = Integer.parseInt(r.get(i + 1).trim());
                } catch (NumberFormatException e) {
                    throw new DatasetException(
                            new Problem(name, r.line(), fields[i], "'" + r.get(i + 1) + "' is not an integer"));
                }
            }
            if (v[2] <= 0 || v[3] <= 0) {
                throw new DatasetException(new Problem(name, r.line(), "w", "width and height must be positive"));
            }
            String video = r.get(0).trim();
            if (video.isEmpty()) {
                throw new DatasetException(new Problem(name, r.line(), "video", "the video id is empty"));
            }
            origin.putIfAbsent(video, csv + " line " + r.line());
            m.computeIfAbsent(video, k -> new ArrayList<>()).add(new Box(v[0], v[1], v[2], v[3]));
        });
        return new RemovalAreas(m, origin);
    }

    public List<Box> of(String video) {
        return byVideo.getOrDefault(video, List.of());
    }

    /**
     * Fails when a row names a video that is not {@code known} (a typo would otherwise leave that video's film
     * unblanked without a word); the message names the file, the line and the videos there are.
     */
    public void requireKnown(Collection<String> known) {
        for (String v : new TreeSet<>(byVideo.keySet())) {
            if (!known.contains(v)) {
                throw new RmferException(origin.getOrDefault(v, "a row") + ": video '" + v
                        + "' is not one of the videos " + "(" + String.join(", ", new TreeSet<>(known))
                        + "); the id is the file name without its extension");
            }
        }
    }

    /** Checks every rectangle of a video against its frame size; the message names the video and the rectangle. */
    public void check(String video, int width, int height) {
        for (Box b : of(video)) {
            // long sums: x + w of a huge width must not wrap round to a negative number
            if (b.x() >= width || b.y() >= height || (long) b.x() + b.w() <= 0 || (long) b.y() + b.h() <= 0) {
                throw new RmferException("Removal area " + b + " of video " + video + " lies outside its " + width + "x"
                        + height + " frame");
            }
        }
    }
}
