package org.rmfer4j.rmset;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.RmferException;

/**
 * What a finished video folder was built from: the video file's size and modification time, and every setting that
 * changes its crops ({@code --every}, removal and manual boxes, tracking, crop size, detector, ...). A resumed build
 * compares it with the file and settings of now and rebuilds the video when anything differs, so old crops never pass
 * for new ones. Stored as {@code key=value} lines in the folder's {@code .done}, written last.
 */
record BuildRecord(long size, long modifiedMillis, String settings) {
    private static final String HEADER = "rmset-video-record 2";

    /** The record a video would get if built now. */
    static BuildRecord expected(Path video, String settings) {
        try {
            return new BuildRecord(
                    Files.size(video), Files.getLastModifiedTime(video).toMillis(), settings);
        } catch (IOException e) {
            throw AtomicFiles.failure("read", video, e);
        }
    }

    /** A folder's done record: what it was built from (null for folders of earlier versions) and what it holds. */
    record Done(
            @Nullable BuildRecord from,
            int frames,
            int ids,
            int faces,
            long unmatched,
            long missing,
            List<String> droppedIds,
            List<Long> missingById) {
        /** Null when the folder is up to date for {@code now}, else what changed, in words. */
        @Nullable
        String differenceFrom(BuildRecord now) {
            if (from == null) {
                return "built by an earlier rmfer4j that did not record its video and settings";
            }
            if (from.size() != now.size()) {
                return "the video changed: " + from.size() + " -> " + now.size() + " bytes";
            }
            if (from.modifiedMillis() != now.modifiedMillis()) {
                return "the video changed: modified " + Instant.ofEpochMilli(from.modifiedMillis()) + " -> "
                        + Instant.ofEpochMilli(now.modifiedMillis());
            }
            if (!from.settings().equals(now.settings())) {
                return "settings changed: " + changed(from.settings(), now.settings());
            }
            return null;
        }
    }

    static void write(Path file, BuildRecord from, RmsetBuilder.VideoResult r) {
        AtomicFiles.writeString(
                file,
                HEADER + "\nvideo.size=" + from.size() + "\nvideo.modified=" + from.modifiedMillis()
                        + "\nsettings=" + from.settings() + "\nframes=" + r.frames() + "\nids=" + r.ids() + "\nfaces="
                        + r.faces()
                        + "\nunmatched=" + r.unmatched() + "\nmissing=" + r.missing() + "\nmissing.byId="
                        + r.missingById().stream().map(String::valueOf).collect(Collectors.joining(","))
                        + droppedLines(r.droppedIds()) + "\n");
    }

    /** One {@code dropped.K=why} line per candidate ID the ID rule dropped (newlines cannot occur in a reason). */
    private static String droppedLines(List<String> dropped) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < dropped.size(); i++) {
            b.append("\ndropped.").append(i).append('=').append(dropped.get(i).replace('\n', ' '));
        }
        return b.toString();
    }

    /** Reads a done record; a damaged one is an error naming the file and the line. */
    static Done read(Path file) {
        String text = AtomicFiles.readString(file);
        String[] lines = text.split("\n", -1);
        if (!lines[0].equals(HEADER)) {
            // the 5-number line of earlier versions: counts only
            String[] f = lines[0].trim().split(",");
            if (f.length == 5) {
                try {
                    return new Done(
                            null,
                            Integer.parseInt(f[0]),
                            Integer.parseInt(f[1]),
                            Integer.parseInt(f[2]),
                            Long.parseLong(f[3]),
                            Long.parseLong(f[4]),
                            List.of(),
                            List.of());
                } catch (NumberFormatException e) {
                    // reported below
                }
            }
            throw new RmferException(
                    file + " line 1: expected '" + HEADER + "' (a finished video's record); delete the folder "
                            + file.getParent() + " to rebuild that video");
        }
        Map<String, String> kv = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            int eq = lines[i].indexOf('=');
            if (eq <= 0) {
                throw new RmferException(file + " line " + (i + 1) + ": expected key=value, got '" + lines[i] + "'");
            }
            kv.put(lines[i].substring(0, eq), lines[i].substring(eq + 1));
        }
        try {
            return new Done(
                    new BuildRecord(
                            Long.parseLong(need(kv, "video.size", file)),
                            Long.parseLong(need(kv, "video.modified", file)),
                            need(kv, "settings", file)),
                    Integer.parseInt(need(kv, "frames", file)),
                    Integer.parseInt(need(kv, "ids", file)),
                    Integer.parseInt(need(kv, "faces", file)),
                    Long.parseLong(need(kv, "unmatched", file)),
                    Long.parseLong(need(kv, "missing", file)),
                    kv.entrySet().stream()
                            .filter(e -> e.getKey().startsWith("dropped."))
                            .map(Map.Entry::getValue)
                            .toList(),
                    kv.getOrDefault("missing.byId", "").isEmpty()
                            ? List.of()
                            : Arrays.stream(kv.get("missing.byId").split(","))
                                    .map(Long::parseLong)
                                    .toList());
        } catch (NumberFormatException e) {
            throw new RmferException(
                    file + ": a number is malformed (" + e.getMessage() + "); delete the folder " + file.getParent()
                            + " to rebuild that video",
                    e);
        }
    }

    private static String need(Map<String, String> kv, String key, Path file) {
        String v = kv.get(key);
        if (v == null) {
            throw new RmferException(file + ": no '" + key + "=' line; delete the folder " + file.getParent()
                    + " to rebuild that video");
        }
        return v;
    }

    /** The settings that differ, as {@code key old -> new}. */
    private static String changed(String before, String after) {
        Map<String, String> a = split(before);
        Map<String, String> b = split(after);
        StringBuilder sb = new StringBuilder();
        Set<String> keys = new LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        for (String k : keys) {
            String x = a.getOrDefault(k, "(none)");
            String y = b.getOrDefault(k, "(none)");
            if (!x.equals(y)) {
                sb.append(sb.length() == 0 ? "" : ", ")
                        .append(k)
                        .append(' ')
                        .append(x)
                        .append(" -> ")
                        .append(y);
            }
        }
        return sb.toString();
    }

    private static Map<String, String> split(String settings) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String part : settings.split(";")) {
            int eq = part.indexOf('=');
            m.put(eq < 0 ? part : part.substring(0, eq), eq < 0 ? "true" : part.substring(eq + 1));
        }
        return m;
    }
}
