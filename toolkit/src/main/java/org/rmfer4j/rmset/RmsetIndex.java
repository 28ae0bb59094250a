package org.rmfer4j.rmset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.core.SafePaths;
import org.rmfer4j.data.FaceDataset;
import org.rmfer4j.data.FaceSample;
import org.rmfer4j.data.FileImage;
import org.rmfer4j.data.ImageRef;
import org.rmfer4j.data.Problem;
import org.rmfer4j.data.ProblemSink;
import org.rmfer4j.data.SampleListDataset;
import org.rmfer4j.data.loader.CsvRows;
import org.rmfer4j.data.manifest.DatasetManifest;
import org.rmfer4j.data.manifest.Manifests;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The RMset index: one row per face crop with the information the ACL sampler needs — video, (subsampled) frame
 * number, face ID, crop path, detector confidence, the detected box in the source frame, and the subsampling step.
 * Read defensively (every field checked, paths confined to the root), written atomically.
 */
public final class RmsetIndex {
    /**
     * One face crop.
     *
     * @param video    video id (file name without extension)
     * @param frame    frame number in subsampled units (source frame = frame · every)
     * @param faceId   face ID assigned in the first frame, 0-based
     * @param filePath crop path relative to the RMset root
     * @param conf     detector confidence (≥ 0)
     * @param x        detected box left, source pixels
     * @param y        detected box top
     * @param w        detected box width (&gt; 0)
     * @param h        detected box height (&gt; 0)
     * @param every    temporal subsampling step (≥ 1)
     */
    public record Row(
            String video, int frame, int faceId, String filePath, double conf, int x, int y, int w, int h, int every) {
        public Row {
            Objects.requireNonNull(video, "video");
            Objects.requireNonNull(filePath, "filePath");
        }
    }

    private final Path root;
    private final List<Row> rows;
    private final DatasetManifest manifest;

    private RmsetIndex(Path root, List<Row> rows, DatasetManifest manifest) {
        this.root = root;
        this.rows = List.copyOf(rows);
        this.manifest = manifest;
    }

    /** An index over rows already in memory (the RMset builder uses this). */
    public static RmsetIndex of(Path root, List<Row> rows) {
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(
                Comparator.comparing(Row::video).thenComparingInt(Row::frame).thenComparingInt(Row::faceId));
        return new RmsetIndex(root, sorted, Manifests.bundled("rmset"));
    }

    /** Reads {@code <root>/index.csv} (the manifest's index file). */
    public static RmsetIndex read(Path root) {
        DatasetManifest m = Manifests.bundled("rmset");
        return read(root, m.file("index"), ProblemSink.failFast());
    }

    /**
     * Reads an index file relative to {@code root}, sending each malformed line to {@code problems}.
     */
    public static RmsetIndex read(Path root, String indexRel, ProblemSink problems) {
        DatasetManifest m = Manifests.bundled("rmset");
        Path file = SafePaths.resolveInside(root, indexRel, "RMset index");
        List<String> cols = m.columnsOf("index");
        List<Row> rows = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        boolean[] header = {true};
        CsvRows.forEach(file, indexRel, ',', r -> {
            if (header[0]) {
                header[0] = false;
                CsvRows.requireHeader(r, cols, indexRel);
                return;
            }
            if (r.size() != cols.size()) {
                problems.report(new Problem(
                        indexRel, r.line(), null, "has " + r.size() + " fields; expected " + cols.size() + " " + cols));
                return;
            }
            try {
                String video = r.get(0).trim();
                if (!video.matches("[A-Za-z0-9._-]+") || video.startsWith(".")) {
                    throw new FieldError("video", "'" + video + "' is not a video id (letters, digits, '.', '_', '-')");
                }
                int frame = intField(r.get(1), "frameNum", 0);
                int face = intField(r.get(2), "faceID", 0);
                String path = r.get(3).trim();
                try {
                    SafePaths.resolveInside(root, path, indexRel + ":" + r.line());
                } catch (RmferException e) {
                    throw new FieldError("filePath", e.getMessage());
                }
                double conf;
                try {
                    conf = Double.parseDouble(r.get(4).trim());
                } catch (NumberFormatException e) {
                    throw new FieldError("faceConf", "'" + r.get(4) + "' is not a number");
                }
                if (!Double.isFinite(conf) || conf < 0) {
                    throw new FieldError("faceConf", conf + " is not a finite value >= 0");
                }
                int x = intField(r.get(5), "x", Integer.MIN_VALUE);
                int y = intField(r.get(6), "y", Integer.MIN_VALUE);
                int w = intField(r.get(7), "w", 1);
                int h = intField(r.get(8), "h", 1);
                int every = intField(r.get(9), "every", 1);
                if (!keys.add(video + "/" + frame + "/" + face)) {
                    throw new FieldError(
                            "faceID", "video " + video + " frame " + frame + " face " + face + " is listed twice");
                }
                rows.add(new Row(video, frame, face, path, conf, x, y, w, h, every));
            } catch (FieldError e) {
                problems.report(new Problem(indexRel, r.line(), e.field, e.getMessage()));
            }
        });
        return of(root, rows);
    }

    private static final class FieldError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String field;

        FieldError(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }

    private static int intField(String text, String field, int min) {
        int v;
        try {
            v = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new FieldError(field, "'" + text + "' is not an integer");
        }
        if (v < min) {
            throw new FieldError(field, v + " is below the minimum " + min);
        }
        return v;
    }

    public Path root() {
        return root;
    }

    public List<Row> rows() {
        return rows;
    }

    public int size() {
        return rows.size();
    }

    /** Video ids in index order. */
    public List<String> videos() {
        Set<String> v = new LinkedHashSet<>();
        rows.forEach(r -> v.add(r.video()));
        return List.copyOf(v);
    }

    /** The rows of one video. */
    public List<Row> rowsOf(String video) {
        return rows.stream().filter(r -> r.video().equals(video)).toList();
    }

    /** The index as a Tablesaw table with the manifest's column names. */
    public Table table() {
        StringColumn video = StringColumn.create("video");
        IntColumn frame = IntColumn.create("frameNum");
        IntColumn face = IntColumn.create("faceID");
        StringColumn path = StringColumn.create("filePath");
        DoubleColumn conf = DoubleColumn.create("faceConf");
        IntColumn x = IntColumn.create("x");
        IntColumn y = IntColumn.create("y");
        IntColumn w = IntColumn.create("w");
        IntColumn h = IntColumn.create("h");
        IntColumn every = IntColumn.create("every");
        for (Row r : rows) {
            video.append(r.video());
            frame.append(r.frame());
            face.append(r.faceId());
            path.append(r.filePath());
            conf.append(r.conf());
            x.append(r.x());
            y.append(r.y());
            w.append(r.w());
            h.append(r.h());
            every.append(r.every());
        }
        return Table.create("RMset index @ " + root, video, frame, face, path, conf, x, y, w, h, every);
    }

    /** Writes the index atomically as CSV with the manifest's header. */
    public Path write(Path file) {
        List<String> cols = manifest.columnsOf("index");
        return AtomicFiles.writeText(file, w -> {
            w.write(String.join(",", cols));
            w.write('\n');
            for (Row r : rows) {
                w.write(r.video() + "," + r.frame() + "," + r.faceId() + "," + r.filePath() + "," + r.conf() + ","
                        + r.x() + "," + r.y() + "," + r.w() + "," + r.h() + "," + r.every() + "\n");
            }
        });
    }

    /**
     * The rows of a seeded choice of ⌈fraction · videos⌉ whole videos (the RMset-size ablation, Table 4). A fraction
     * of 1 returns this index.
     */
    public RmsetIndex fractionOfVideos(double fraction, long seed) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new RmferException("RMset fraction must be in (0, 1], got " + fraction);
        }
        if (fraction == 1) {
            return this;
        }
        List<String> vids = new ArrayList<>(videos());
        Collections.shuffle(vids, new Random(seed));
        Set<String> keep = new HashSet<>(vids.subList(0, (int) Math.ceil(fraction * vids.size())));
        List<Row> kept = rows.stream().filter(r -> keep.contains(r.video())).toList();
        return new RmsetIndex(root, kept, manifest);
    }

    /**
     * The crop a row names, resolved inside the RMset root (a path that would leave it is an error): a file, or a member
     * of a video's shard ({@code <video>/crops.tar#<crop>.jpg}, {@link CropShard}).
     */
    public ImageRef image(Row r) {
        String p = r.filePath();
        if (CropShard.isMember(p)) {
            int at = p.lastIndexOf(CropShard.MEMBER);
            return new ShardImage(
                    SafePaths.resolveInside(root, p.substring(0, at), "RMset index"), p.substring(at + 1));
        }
        return new FileImage(SafePaths.resolveInside(root, p, "RMset index"));
    }

    /** The crops as an unlabelled dataset (identity = {@code video#faceId}). */
    public FaceDataset asDataset() {
        List<FaceSample> samples = new ArrayList<>(rows.size());
        for (Row r : rows) {
            samples.add(new FaceSample(
                    r.video() + "_" + r.frame() + "_" + r.faceId(),
                    image(r),
                    null,
                    null,
                    r.video() + "#" + r.faceId(),
                    r.video(),
                    r.frame()));
        }
        return new SampleListDataset(manifest, "all", manifest.order(), root.toString(), samples);
    }
}
