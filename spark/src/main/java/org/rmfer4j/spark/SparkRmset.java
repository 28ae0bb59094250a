package org.rmfer4j.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.rmset.CropLayout;
import org.rmfer4j.rmset.FaceDetector;
import org.rmfer4j.rmset.IdRule;
import org.rmfer4j.rmset.IouTracker;
import org.rmfer4j.rmset.RemovalAreas;
import org.rmfer4j.rmset.RmsetBuilder;
import org.rmfer4j.rmset.RmsetIndex;
import org.rmfer4j.rmset.TrackingSearch;
import org.rmfer4j.spark.hadoop.HadoopPaths;
import org.rmfer4j.spark.hadoop.HadoopStage;

/**
 * The RMset construction as a Spark job. One task per video; each task runs {@link RmsetBuilder#buildVideo}, the very
 * per-video builder of {@code ./rmfer rmset build}, writing crops to the shared output folder through a private
 * {@code .partial-<video>} folder that is moved into place only when the video is complete. A task whose video fails
 * throws, so Spark retries it ({@code spark.task.maxFailures}, or {@code local[N,F]}); a failed attempt leaves nothing.
 * Finished videos are skipped on a re-run. The driver then writes the merged {@code index.csv} (the same file the local
 * command writes) and the index as Parquet partitioned by video ({@code index.parquet/video=<id>/}).
 */
public final class SparkRmset {
    private SparkRmset() {}

    /**
     * What every task needs, as plain serialisable values (paths must be visible to every executor).
     *
     * @param segmentFrames videos longer than this many frames run as segments of this length, one task each; 0: one
     *                      task per video
     * @param failOnceVideo fault injection for tests: this video's first attempt fails mid-way (its second segment's
     *                      when segmented; marker kept in {@code <out>/.fail-once-<video>}); null in real use
     */
    public record Options(
            String videos,
            String out,
            int every,
            @Nullable String removalCsv,
            @Nullable String manualCsv,
            String track,
            int cropSize,
            TrackingSearch search,
            FaceDetector.Spec detector,
            IdRule idRule,
            CropLayout crops,
            int segmentFrames,
            @Nullable String failOnceVideo)
            implements Serializable {
        public Options {
            Objects.requireNonNull(videos, "videos");
            Objects.requireNonNull(out, "out");
            if (every < 1) {
                throw new RmferException("every must be >= 1, got " + every);
            }
            if (segmentFrames < 0) {
                throw new RmferException("segmentFrames must be >= 0, got " + segmentFrames);
            }
        }
    }

    /** A video's outcome as a task reports it. */
    public record Outcome(String video, String status, int frames, int ids, int faces, int attempt)
            implements Serializable {}

    /** What the job produced. */
    public record Result(List<Outcome> videos, RmsetIndex index, Path parquet, double seconds) {
        public String headline() {
            long people = videos.stream().mapToLong(Outcome::ids).sum();
            return String.format(
                    Locale.ROOT,
                    "RMset (Spark): %d videos, %d people, %d face images in %.1f s",
                    videos.size(),
                    people,
                    index.size(),
                    seconds);
        }
    }

    /**
     * Runs the job on {@code spark}. {@link Options#out()} is a local path every executor sees, or a URI of a
     * Hadoop-compatible file system ({@code hdfs://namenode:8020/rmset}, {@code s3a://bucket/rmset}): then each task
     * builds its video in a local scratch folder and uploads it whole ({@link HadoopStage}), the driver merges the index
     * the same way, and the result's paths are read back through {@link HadoopPaths}.
     */
    public static Result build(SparkSession spark, Options o, Consumer<String> log) {
        long t0 = System.nanoTime();
        List<String> paths = RmsetBuilder.listVideos(Path.of(o.videos())).stream()
                .map(p -> p.toAbsolutePath().toString())
                .toList();
        HadoopStage.@Nullable Remote remote = HadoopPaths.isRemote(o.out())
                ? new HadoopStage.Remote(
                        o.out(), HadoopPaths.changes(spark.sparkContext().hadoopConfiguration()))
                : null;
        try (HadoopStage stage = remote == null ? null : new HadoopStage(remote)) {
            Path out = stage == null ? Path.of(o.out()) : stage.local();
            if (stage == null) {
                try {
                    Files.createDirectories(out);
                } catch (IOException e) {
                    throw new RmferException("Cannot create " + o.out() + ": " + e.getMessage(), e);
                }
            } else {
                stage.createRoot();
            }
            log.accept("spark: " + paths.size() + " videos on "
                    + spark.sparkContext().master()
                    + (remote == null ? "" : " -> " + o.out() + " (each video staged locally, uploaded whole)"));
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            List<Outcome> outcomes = o.segmentFrames() > 0
                    ? buildSegmented(jsc, paths, o, remote, stage, log)
                    : jsc.parallelize(paths, Math.max(1, paths.size()))
                            .map(p -> buildOne(p, o, remote))
                            .collect();
            outcomes.forEach(x -> log.accept("spark: " + x.video() + " " + x.status() + " (" + x.faces()
                    + " faces, attempt " + x.attempt() + ")"));
            List<String> ids = outcomes.stream().map(Outcome::video).toList();
            if (stage != null) {
                ids.forEach(id -> stage.pullFile(id + "/index.csv"));
            }
            RmsetIndex index = RmsetBuilder.mergedIndex(out, ids);
            index.write(out.resolve("index.csv"));
            builder(o, Path.of(paths.get(0)), out).build().writeProvenance();
            String parquet = o.out().replaceAll("/+$", "") + "/index.parquet";
            if (stage != null) {
                stage.pushFile("index.csv");
                stage.pushFile(RmsetBuilder.PROVENANCE);
                Configuration conf = spark.sparkContext().hadoopConfiguration();
                index = RmsetIndex.of(HadoopPaths.of(o.out(), conf), index.rows());
            }
            rows(spark, index)
                    .write()
                    .mode(SaveMode.Overwrite)
                    .partitionBy("video")
                    .parquet(parquet);
            Path parquetPath = stage == null
                    ? Path.of(parquet)
                    : HadoopPaths.of(parquet, spark.sparkContext().hadoopConfiguration());
            return new Result(List.copyOf(outcomes), index, parquetPath, (System.nanoTime() - t0) / 1e9);
        }
    }

    /** The per-video builder with every setting the job was given (tasks and the provenance file use the same). */
    private static RmsetBuilder.Builder builder(Options o, Path videos, Path out) {
        return RmsetBuilder.builder()
                .setVideos(videos)
                .setOut(out)
                .optEvery(o.every())
                .optTrackMode(IouTracker.Mode.parse(o.track()))
                .optCropSize(o.cropSize())
                .optTrackingSearch(o.search())
                .optDetector(o.detector())
                .optIdRule(o.idRule())
                .optCropLayout(o.crops());
    }

    /** A video's plan: already built (skipped), one task, or segments from its first-frame IDs. */
    record Plan(String video, @Nullable Outcome skipped, RmsetBuilder.@Nullable FirstFrameIds ids, List<int[]> spans)
            implements Serializable {}

    /** One task of a segmented job: a whole video ({@code segment} -1) or one segment of one. */
    record Piece(String video, int segment, RmsetBuilder.@Nullable FirstFrameIds ids, int first, int end)
            implements Serializable {}

    /**
     * Long videos as segments: a first stage decides each video's IDs on its first frames (and skips finished
     * videos), a second runs every segment (and every short video) as a task of its own, and the driver merges each
     * video's segments into its folder.
     */
    private static List<Outcome> buildSegmented(
            JavaSparkContext jsc,
            List<String> paths,
            Options o,
            HadoopStage.@Nullable Remote remote,
            @Nullable HadoopStage stage,
            Consumer<String> log) {
        List<Plan> plans = jsc.parallelize(paths, Math.max(1, paths.size()))
                .map(p -> plan(p, o, remote))
                .collect();
        List<Piece> pieces = new ArrayList<>();
        for (Plan p : plans) {
            if (p.skipped() != null) {
                continue;
            }
            if (p.spans().size() == 1) {
                pieces.add(new Piece(p.video(), -1, null, 0, Integer.MAX_VALUE));
            } else {
                for (int i = 0; i < p.spans().size(); i++) {
                    pieces.add(new Piece(
                            p.video(),
                            i,
                            p.ids(),
                            p.spans().get(i)[0],
                            p.spans().get(i)[1]));
                }
            }
        }
        log.accept("spark: " + pieces.size() + " tasks for " + paths.size() + " videos (segments of "
                + o.segmentFrames() + " frames)");
        List<Outcome> done = pieces.isEmpty()
                ? List.of()
                : jsc.parallelize(pieces, pieces.size())
                        .map(x -> runPiece(x, o, remote))
                        .collect();
        List<Outcome> outcomes = new ArrayList<>();
        for (Plan p : plans) {
            String id = RmsetBuilder.videoId(Path.of(p.video()));
            List<Outcome> mine = done.stream().filter(x -> x.video().equals(id)).toList();
            if (p.skipped() != null) {
                outcomes.add(p.skipped());
            } else if (p.spans().size() == 1) {
                outcomes.add(mine.get(0));
            } else {
                RmsetBuilder.VideoResult r = merge(p, o, stage);
                int attempt = mine.stream().mapToInt(Outcome::attempt).max().orElse(0);
                outcomes.add(new Outcome(id, r.status(), r.frames(), r.ids(), r.faces(), attempt));
            }
        }
        return outcomes;
    }

    /** The driver's merge of a video's segments: in place, or (remote) pulled, merged, uploaded, segments removed. */
    private static RmsetBuilder.VideoResult merge(Plan p, Options o, @Nullable HadoopStage stage) {
        Path file = Path.of(p.video());
        if (stage == null) {
            return configured(o, file, Path.of(o.out())).build().mergeSegments(file, p.ids(), p.spans());
        }
        String segments = ".segments-" + p.ids().video();
        stage.pullTree(segments);
        RmsetBuilder.VideoResult r = configured(o, file, stage.local()).build().mergeSegments(file, p.ids(), p.spans());
        stage.push(p.ids().video());
        stage.deleteRemote(segments);
        return r;
    }

    /** Stage one of a segmented job, per video: skipped when finished, else its first-frame IDs and segments. */
    static Plan plan(String video, Options o, HadoopStage.@Nullable Remote remote) {
        if (remote == null) {
            return plan(video, o, Path.of(o.out()));
        }
        try (HadoopStage st = new HadoopStage(remote)) {
            st.pullFile(RmsetBuilder.videoId(Path.of(video)) + "/" + RmsetBuilder.DONE_RECORD);
            return plan(video, o, st.local());
        }
    }

    private static Plan plan(String video, Options o, Path out) {
        Path file = Path.of(video);
        RmsetBuilder b = configured(o, file, out).build();
        var built = b.alreadyBuilt(file);
        if (built.isPresent()) {
            RmsetBuilder.VideoResult r = built.get();
            return new Plan(
                    video, new Outcome(r.video(), r.status(), r.frames(), r.ids(), r.faces(), 0), null, List.of());
        }
        RmsetBuilder.FirstFrameIds ids = b.firstFrameIds(file);
        return new Plan(video, null, ids, RmsetBuilder.segments(ids.lengthInFrames(), o.every(), o.segmentFrames()));
    }

    /** Stage two: one segment (or a whole short video); a failure throws so that Spark retries the task. */
    static Outcome runPiece(Piece p, Options o, HadoopStage.@Nullable Remote remote) {
        if (p.segment() < 0) {
            return buildOne(p.video(), o, remote);
        }
        Path file = Path.of(p.video());
        String id = RmsetBuilder.videoId(file);
        String folder = ".segments-" + id + "/seg-" + p.segment();
        try (HadoopStage st = remote == null ? null : new HadoopStage(remote)) {
            if (st != null) {
                st.pullFile(folder + "/" + RmsetBuilder.DONE_RECORD);
            }
            RmsetBuilder.Builder b = configured(o, file, st == null ? Path.of(o.out()) : st.local());
            if (p.segment() == 1) {
                failOnce(b, o, id, p.first());
            }
            RmsetBuilder.VideoResult r = b.build().buildSegment(file, p.ids(), p.segment(), p.first(), p.end());
            if (st != null && !isSkip(r)) {
                st.push(folder);
            }
            int attempt = TaskContext.get() == null ? 0 : TaskContext.get().attemptNumber();
            return new Outcome(id, r.status(), r.frames(), r.ids(), r.faces(), attempt);
        }
    }

    private static boolean isSkip(RmsetBuilder.VideoResult r) {
        return r.status().startsWith("skipped");
    }

    /** The per-video builder of a task: the job's settings, the removal and manual boxes, one thread. */
    private static RmsetBuilder.Builder configured(Options o, Path video, Path out) {
        RmsetBuilder.Builder b = builder(o, video, out).optThreads(1);
        if (o.removalCsv() != null) {
            b.optRemoval(RemovalAreas.read(Path.of(o.removalCsv())));
        }
        if (o.manualCsv() != null) {
            b.optManual(RemovalAreas.read(Path.of(o.manualCsv())));
        }
        return b;
    }

    /** One task: the local per-video builder; a failed video throws so that Spark retries it. */
    static Outcome buildOne(String video, Options o, HadoopStage.@Nullable Remote remote) {
        String id = RmsetBuilder.videoId(Path.of(video));
        try (HadoopStage st = remote == null ? null : new HadoopStage(remote)) {
            if (st != null) {
                // the done record alone: the builder's own check decides whether the video is already built
                st.pullFile(id + "/" + RmsetBuilder.DONE_RECORD);
            }
            RmsetBuilder.Builder b = configured(o, Path.of(video), st == null ? Path.of(o.out()) : st.local());
            int attempt = TaskContext.get() == null ? 0 : TaskContext.get().attemptNumber();
            failOnce(b, o, id, 0);
            RmsetBuilder.VideoResult r = b.build().buildVideo(Path.of(video));
            if (r.status().equals("failed")) {
                throw new RmferException("Video " + id + " failed (attempt " + attempt + "): " + r.error());
            }
            if (st != null && !isSkip(r)) {
                st.push(id);
            }
            return new Outcome(id, r.status(), r.frames(), r.ids(), r.faces(), attempt);
        }
    }

    /** Test fault injection ({@link Options#failOnceVideo()}): the first attempt fails 3 samples after {@code from}. */
    private static void failOnce(RmsetBuilder.Builder b, Options o, String id, int from) {
        if (id.equals(o.failOnceVideo())) {
            // beside a local RMset, or (remote RMset) in this machine's temporary folder
            Path marker = HadoopPaths.isRemote(o.out())
                    ? Path.of(
                            System.getProperty("java.io.tmpdir"),
                            "rmfer-fail-once-" + Integer.toHexString(o.out().hashCode()) + "-" + id)
                    : Path.of(o.out()).resolve(".fail-once-" + id);
            if (!Files.exists(marker)) {
                b.optFrameHook(f -> {
                    if (f >= from + 3 * o.every()) {
                        try {
                            Files.writeString(marker, "failed once at frame " + f + "\n");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        throw new IllegalStateException("injected failure in " + id + " at frame " + f);
                    }
                });
            }
        }
    }

    /** The index as a DataFrame with the local CSV's columns. */
    public static Dataset<Row> rows(SparkSession spark, RmsetIndex index) {
        List<IndexRow> beans = new ArrayList<>(index.size());
        for (RmsetIndex.Row r : index.rows()) {
            beans.add(new IndexRow(r));
        }
        return spark.createDataset(beans, Encoders.bean(IndexRow.class))
                .toDF()
                .select("video", "frameNum", "faceID", "filePath", "faceConf", "x", "y", "w", "h", "every");
    }

    /** A Java bean for Spark's encoder (records are not beans). */
    public static final class IndexRow implements Serializable {
        private String video;
        private int frameNum;
        private int faceID;
        private String filePath;
        private double faceConf;
        private int x;
        private int y;
        private int w;
        private int h;
        private int every;

        public IndexRow() {}

        IndexRow(RmsetIndex.Row r) {
            video = r.video();
            frameNum = r.frame();
            faceID = r.faceId();
            filePath = r.filePath();
            faceConf = r.conf();
            x = r.x();
            y = r.y();
            w = r.w();
            h = r.h();
            every = r.every();
        }

        public String getVideo() {
            return video;
        }

        public void setVideo(String v) {
            video = v;
        }

        public int getFrameNum() {
            return frameNum;
        }

        public void setFrameNum(int v) {
            frameNum = v;
        }

        public int getFaceID() {
            return faceID;
        }

        public void setFaceID(int v) {
            faceID = v;
        }

        public String getFilePath() {
            return filePath;
        }

        public void setFilePath(String v) {
            filePath = v;
        }

        public double getFaceConf() {
            return faceConf;
        }

        public void setFaceConf(double v) {
            faceConf = v;
        }

        public int getX() {
            return x;
        }

        public void setX(int v) {
            x = v;
        }

        public int getY() {
            return y;
        }

        public void setY(int v) {
            y = v;
        }

        public int getW() {
            return w;
        }

        public void setW(int v) {
            w = v;
        }

        public int getH() {
            return h;
        }

        public void setH(int v) {
            h = v;
        }

        public int getEvery() {
            return every;
        }

        public void setEvery(int v) {
            every = v;
        }
    }
}
