package org.rmfer4j.rmset;

import java.util.Map;
import java.util.TreeMap;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/** Coverage of an RMset index: per video and per face ID, how many of the processed frames hold that face. */
public final class RmsetStats {
    private RmsetStats() {}

    /** Per video: frames with faces, IDs, face images, and coverage = faces / (frames × IDs). */
    public static Table perVideo(RmsetIndex index) {
        StringColumn video = StringColumn.create("video");
        IntColumn frames = IntColumn.create("frames");
        IntColumn ids = IntColumn.create("ids");
        IntColumn faces = IntColumn.create("faces");
        DoubleColumn coverage = DoubleColumn.create("coverage");
        for (String v : index.videos()) {
            var rows = index.rowsOf(v);
            int f = (int)
                    rows.stream().mapToInt(RmsetIndex.Row::frame).distinct().count();
            int maxFrame = rows.stream().mapToInt(RmsetIndex.Row::frame).max().orElse(-1) + 1;
            int n = (int)
                    rows.stream().mapToInt(RmsetIndex.Row::faceId).distinct().count();
            video.append(v);
            frames.append(f);
            ids.append(n);
            faces.append(rows.size());
            coverage.append(
                    maxFrame * n == 0 ? 0 : Math.round(10000.0 * rows.size() / ((double) maxFrame * n)) / 10000.0);
        }
        return Table.create("RMset per video", video, frames, ids, faces, coverage);
    }

    /** Per video and ID: faces, first and last frame, coverage over the video's frame range. */
    public static Table perId(RmsetIndex index) {
        StringColumn video = StringColumn.create("video");
        IntColumn id = IntColumn.create("faceID");
        IntColumn faces = IntColumn.create("faces");
        IntColumn first = IntColumn.create("first");
        IntColumn last = IntColumn.create("last");
        DoubleColumn coverage = DoubleColumn.create("coverage");
        for (String v : index.videos()) {
            var rows = index.rowsOf(v);
            int span = rows.stream().mapToInt(RmsetIndex.Row::frame).max().orElse(-1) + 1;
            Map<Integer, int[]> per = new TreeMap<>();
            for (var r : rows) {
                int[] s = per.computeIfAbsent(r.faceId(), k -> new int[] {0, Integer.MAX_VALUE, -1});
                s[0]++;
                s[1] = Math.min(s[1], r.frame());
                s[2] = Math.max(s[2], r.frame());
            }
            per.forEach((k, s) -> {
                video.append(v);
                id.append(k);
                faces.append(s[0]);
                first.append(s[1]);
                last.append(s[2]);
                coverage.append(span == 0 ? 0 : Math.round(10000.0 * s[0] / span) / 10000.0);
            });
        }
        return Table.create("RMset per face ID", video, id, faces, first, last, coverage);
    }
}
