package org.rmfer4j.rmset;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import java.util.stream.Stream;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.Provenance;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.ProblemSink;

/**
 * Turns reaction-mashup videos into an RMset (paper Sec. 3): blank the removal area, detect faces, give the first
 * frame's faces IDs, track them by IoU, crop each face with the 0.31·w_f widening, and index every crop. Videos run in
 * parallel; each is written to a private folder and renamed into place only when complete, so a failed video leaves
 * nothing behind and a re-run skips finished videos. Every grabber and converter is closed.
 */
public final class RmsetBuilder {
    /** The paper's widening of the face box: Δw = 0.31·w_f. */
    public static final double WIDENING = 0.31;

    static final String DONE = ".done";

    /** The file in a finished video (or segment) folder that records what it was built from and with. */
    public static final String DONE_RECORD = DONE;

    /** How one video went. */
    public record VideoResult(
            String video,
            String status,
            int frames,
            int ids,
            int faces,
            long unmatched,
            long missing,
            @Nullable String error,
            List<String> droppedIds,
            List<Long> missingById)
            implements Serializable {
        public VideoResult {
            droppedIds = List.copyOf(droppedIds);
            missingById = List.copyOf(missingById);
        }

        static VideoResult failed(String video, @Nullable String error) {
            return new VideoResult(video, "failed", 0, 0, 0, 0, 0, error, List.of(), List.of());
        }

        /** What a re-run reports for a folder whose done record matches: the counts it recorded. */
        static VideoResult skipped(String video, BuildRecord.Done old) {
            return new VideoResult(
                    video,
                    "skipped (already built)",
                    old.frames(),
                    old.ids(),
                    old.faces(),
                    old.unmatched(),
                    old.missing(),
                    null,
                    old.droppedIds(),
                    old.missingById());
        }

        VideoResult withStatus(String status) {
            return new VideoResult(
                    video, status, frames, ids, faces, unmatched, missing, error, droppedIds, missingById);
        }
    }

    /** What a build produced. */
    public record Summary(List<VideoResult> videos, RmsetIndex index, double seconds, long decodedFrames) {
        public long failed() {
            return videos.stream().filter(v -> v.status().equals("failed")).count();
        }

        /** A line like the paper's: videos, frames, people, face images. */
        public String headline() {
            int frames = videos.stream()
                    .filter(v -> !v.status().equals("failed"))
                    .mapToInt(VideoResult::frames)
                    .sum();
            int people = videos.stream()
                    .filter(v -> !v.status().equals("failed"))
                    .mapToInt(VideoResult::ids)
                    .sum();
            return String.format(
                    Locale.ROOT,
                    "RMset: %d videos, %d frames, %d people, %d face images (%d failed) in %.1f s, %.1f decoded frames/s",
                    videos.size() - failed(),
                    frames,
                    people,
                    index.size(),
                    failed(),
                    seconds,
                    decodedFrames / Math.max(1e-9, seconds));
        }
    }

    private final List<Path> videos;
    private final Path out;
    private final RemovalAreas removal;
    private final RemovalAreas manual;
    private final int every;
    private final int threads;
    private final IouTracker.Mode mode;
    private final int cropSize;
    private final double minIou;
    private final TrackingSearch search;
    private final boolean cropThread;
    private final IntConsumer frameHook;
    private final FaceDetector.Spec detectorSpec;
    private final boolean allowTruncated;
    private final IdRule idRule;
    private final CropLayout layout;
    /** The detector and its weights (checked when the builder is made), for the records and the provenance file. */
    private final String detectorDescription;
    /** Search regions after the first frame: each ID's box grown by this fraction of its size on every side. */
    static final double ROI_MARGIN = 0.5;

    private RmsetBuilder(Builder b) {
        this.videos = List.copyOf(b.videos);
        this.out = b.out;
        this.removal = b.removal;
        this.manual = b.manual;
        this.every = b.every;
        this.threads = b.threads;
        this.mode = b.mode;
        this.cropSize = b.cropSize;
        this.minIou = b.minIou;
        this.search = b.search;
        this.cropThread = b.cropThread;
        this.frameHook = b.frameHook;
        this.detectorSpec = b.detectorSpec;
        this.allowTruncated = b.allowTruncated;
        this.idRule = b.idRule;
        this.layout = b.layout;
        this.detectorDescription = b.detectorSpec.describe();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Required: {@code setVideos}, {@code setOut}. */
    public static final class Builder {
        private List<Path> videos = List.of();
        private @Nullable Path out;
        private RemovalAreas removal = RemovalAreas.none();
        private RemovalAreas manual = RemovalAreas.none();
        private int every = 1;
        private int threads = 1;
        private IouTracker.Mode mode = IouTracker.Mode.FIRST_FRAME;
        private int cropSize = 112;
        private double minIou = 0.3;
        private TrackingSearch search = TrackingSearch.LAST_SEEN_FIRST;
        private boolean cropThread = true;
        private IntConsumer frameHook = f -> {};
        private FaceDetector.Spec detectorSpec = FaceDetector.Spec.DEFAULT;
        private boolean allowTruncated;
        private IdRule idRule = IdRule.CONFIRMED;
        private CropLayout layout = CropLayout.FILES;

        /** The video files (or a folder: every .mp4/.avi/.mkv/.mov/.webm in it, sorted). */
        public Builder setVideos(Path fileOrFolder) {
            this.videos = listVideos(fileOrFolder);
            return this;
        }

        public Builder setOut(Path out) {
            this.out = Objects.requireNonNull(out);
            return this;
        }

        public Builder optRemoval(RemovalAreas removal) {
            this.removal = Objects.requireNonNull(removal);
            return this;
        }

        /** Boxes for faces the detector misses in the first frame (same CSV columns as removal areas). */
        public Builder optManual(RemovalAreas manual) {
            this.manual = Objects.requireNonNull(manual);
            return this;
        }

        /** Process every k-th frame (recorded in the index; frame numbers are in these units). */
        public Builder optEvery(int every) {
            if (every < 1) {
                throw new RmferException("--every must be >= 1, got " + every);
            }
            this.every = every;
            return this;
        }

        public Builder optThreads(int threads) {
            this.threads = Math.max(1, threads);
            return this;
        }

        public Builder optTrackMode(IouTracker.Mode mode) {
            this.mode = Objects.requireNonNull(mode);
            return this;
        }

        public Builder optCropSize(int size) {
            if (size < 16 || size > 1024) {
                throw new RmferException("crop size must be in 16..1024, got " + size);
            }
            this.cropSize = size;
            return this;
        }

        /**
         * Called with each sampled frame's number before it is processed. For progress displays and for fault
         * injection in tests (a hook that throws is a video failing mid-way: its partial output is removed).
         */
        public Builder optFrameHook(IntConsumer hook) {
            this.frameHook = Objects.requireNonNull(hook);
            return this;
        }

        /**
         * The face detector (default {@link FaceDetector.Spec#DEFAULT}, SSD-MobileNet-v1); YuNet needs the user's ONNX
         * file. Checked here, not mid-run.
         */
        public Builder optDetector(FaceDetector.Spec spec) {
            this.detectorSpec = Objects.requireNonNull(spec);
            if (spec.kind().equals("yunet")) {
                spec.create().close(); // fail now, with the file's name, rather than once per video
            }
            return this;
        }

        /**
         * Where the frames after the first are searched ({@link TrackingSearch}): by default near each ID's last-seen
         * face first, then around its box; {@link TrackingSearch#FULL_FRAME} is the paper's literal whole-frame search.
         * The ID rule is the same in every mode (highest IoU with the ID's box). Measured in bench/NOTES.md.
         */
        public Builder optTrackingSearch(TrackingSearch search) {
            this.search = Objects.requireNonNull(search);
            return this;
        }

        /**
         * Encode and write each video's crops on a thread of its own (the default), overlapping them with detection in
         * the next frames; {@code false} does it in line. The files are the same either way. Measured in bench/NOTES.md.
         */
        public Builder optCropThread(boolean cropThread) {
            this.cropThread = cropThread;
            return this;
        }

        /**
         * Keep the frames of a video that ends before its container says it should (a cut download): by default such
         * a video fails, naming the frame it ended at and the count it announced.
         */
        public Builder optAllowTruncated(boolean allow) {
            this.allowTruncated = allow;
            return this;
        }

        /**
         * Which first-frame faces become IDs: {@link IdRule#CONFIRMED} (the default), which drops a false first-frame
         * detection that the detector does not find again, or the paper's {@link IdRule#FIRST_FRAME}.
         */
        public Builder optIdRule(IdRule rule) {
            this.idRule = Objects.requireNonNull(rule);
            return this;
        }

        /** One JPEG file per face (default) or one shard per video ({@link CropLayout#TAR}); the crops are the same. */
        public Builder optCropLayout(CropLayout layout) {
            this.layout = Objects.requireNonNull(layout);
            return this;
        }

        public RmsetBuilder build() {
            if (out == null || videos.isEmpty()) {
                throw new RmferException("RmsetBuilder.builder(): setVideos(..) and setOut(..) are required");
            }
            return new RmsetBuilder(this);
        }
    }

    /** A video file as a one-element list, or every .mp4/.avi/.mkv/.mov/.webm in a folder, sorted. */
    public static List<Path> listVideos(Path fileOrFolder) {
        if (Files.isRegularFile(fileOrFolder)) {
            return List.of(fileOrFolder);
        }
        if (!Files.isDirectory(fileOrFolder)) {
            throw new RmferException("Video path " + fileOrFolder + " does not exist");
        }
        List<Path> found;
        try (Stream<Path> s = Files.list(fileOrFolder)) {
            found = s.filter(p ->
                            p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(mp4|avi|mkv|mov|webm)$"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new RmferException("Cannot list " + fileOrFolder + ": " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw new RmferException("No videos (.mp4, .avi, .mkv, .mov, .webm) in " + fileOrFolder);
        }
        return found;
    }

    /** The video id (file name without extension) a video file gets in the RMset; an error when it has unsafe characters. */
    public static String videoId(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        String id = dot > 0 ? n.substring(0, dot) : n;
        if (!id.matches("[A-Za-z0-9._-]+") || id.startsWith(".")) {
            throw new RmferException(
                    "Video file name " + n + " cannot be an RMset id (letters, digits, '.', '_', '-')");
        }
        return id;
    }

    /** Builds (or resumes) the RMset; {@code progress} gets a line every few seconds with frames/s and ETA. */
    public Summary build(Consumer<String> progress) {
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new RmferException("Cannot create " + out + ": " + e.getMessage(), e);
        }
        Set<String> known = new TreeSet<>(finishedVideos(out));
        Set<Path> folders = new LinkedHashSet<>(); // each folder listed once, not once per video
        for (Path v : videos) {
            folders.add(v.toAbsolutePath().getParent());
        }
        for (Path dir : folders) {
            for (Path sibling : listVideos(dir)) {
                try {
                    known.add(videoId(sibling));
                } catch (RmferException ignored) {
                    // an unusable name fails as that video's own result
                }
            }
        }
        removal.requireKnown(known);
        manual.requireKnown(known);
        AtomicLong decoded = new AtomicLong();
        AtomicLong total = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, videos.size()));
        Thread reporter = new Thread(
                () -> {
                    try {
                        while (!Thread.currentThread().isInterrupted()) {
                            Thread.sleep(3000);
                            double el = (System.nanoTime() - t0) / 1e9;
                            long d = decoded.get();
                            long t = total.get();
                            double rate = d / el;
                            progress.accept(String.format(
                                    Locale.ROOT,
                                    "rmset: %d/%d frames, %.1f frames/s, ETA %.0f s, resident memory %d MB",
                                    d,
                                    t,
                                    rate,
                                    rate > 0 ? Math.max(0, t - d) / rate : Double.NaN,
                                    Pointer.physicalBytes() >> 20));
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "rmset-progress");
        reporter.setDaemon(true);
        reporter.start();
        List<VideoResult> results = new ArrayList<>();
        try {
            List<Future<VideoResult>> futures = new ArrayList<>();
            for (Path v : videos) {
                futures.add(pool.submit(() -> processOrSkip(v, decoded, total)));
            }
            for (Future<VideoResult> f : futures) {
                VideoResult r = f.get();
                results.add(r);
                progress.accept("rmset: " + r.video() + " " + r.status()
                        + (r.error() == null
                                ? String.format(
                                                Locale.ROOT,
                                                " (%d frames, %d people, %d faces, %d unmatched detections, %d missing faces)",
                                                r.frames(),
                                                r.ids(),
                                                r.faces(),
                                                r.unmatched(),
                                                r.missing())
                                        + (r.missing() > 0 ? "; missing per ID " + r.missingById() : "")
                                        + (r.droppedIds().isEmpty()
                                                ? ""
                                                : "; ID rule " + idRule + " dropped "
                                                        + r.droppedIds().size() + ": "
                                                        + String.join("; ", r.droppedIds()))
                                : ": " + r.error()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RmferException("Interrupted", e);
        } catch (ExecutionException e) {
            throw new RmferException("RMset build failed: " + e.getCause(), e.getCause());
        } finally {
            reporter.interrupt();
            pool.shutdownNow();
        }
        // the index covers every finished video in the folder, not only this run's (a subset build keeps the others),
        // except a video that failed now: its older folder, if any, no longer matches its file or settings
        Set<String> failedNow = new HashSet<>();
        results.stream().filter(r -> r.status().equals("failed")).forEach(r -> failedNow.add(r.video()));
        List<String> ids = finishedVideos(out).stream()
                .filter(id -> !failedNow.contains(id))
                .toList();
        RmsetIndex index = mergedIndex(out, ids);
        AtomicFiles.removeStaleTemps(out, "index.csv");
        index.write(out.resolve("index.csv"));
        writeProvenance();
        return new Summary(results, index, (System.nanoTime() - t0) / 1e9, decoded.get());
    }

    /** The file beside index.csv that says how the RMset was made. */
    public static final String PROVENANCE = "rmset-provenance.txt";

    /** Writes {@link #PROVENANCE}: toolkit commit, date, detector and weights, ID rule and sampling. */
    public void writeProvenance() {
        AtomicFiles.writeString(
                out.resolve(PROVENANCE),
                "rmfer4j RMset build\ncommit=" + Provenance.commit() + "\ndate=" + Provenance.now() + "\ndetector="
                        + detectorDescription + "\nidRule=" + idRule + "\nevery=" + every + "\ntrack=" + mode
                        + "\nsearch=" + search + "\ncropSize=" + cropSize + "\nminIou=" + minIou + "\n");
    }

    /**
     * Builds (or skips, when already finished) one video into {@code <out>/<video>/}, exactly as {@link #build} does
     * for each of its videos: the crops and the video's own {@code index.csv} appear together or not at all. The unit
     * a distributed job (the Spark module) runs per task; it does not write the merged index.
     */
    public VideoResult buildVideo(Path file) {
        return processOrSkip(file, new AtomicLong(), new AtomicLong());
    }

    // ---- segments: one long video as several tasks (the Spark job); IDs still come from the video's first frames

    /**
     * A video's IDs as its first sampled frames decide them (the ID rule, manual boxes included), in ID order, with
     * the container's frame count: what every segment after the first resumes its tracker from.
     */
    public record FirstFrameIds(String video, List<Box> references, int lengthInFrames) implements Serializable {
        public FirstFrameIds {
            references = List.copyOf(references);
        }
    }

    /** Decodes the first sampled frames of {@code file} (as many as the ID rule looks at) and decides its IDs. */
    public FirstFrameIds firstFrameIds(Path file) {
        String id = videoId(file);
        int frames = idRule.firstFrameOnly() ? 1 : idRule.frames();
        List<List<Detection>> dets = new ArrayList<>();
        int length;
        try (FaceDetector detector = detectorSpec.create();
                FrameSource source = FrameSource.open(file, every, 0, every * frames, new AtomicLong())) {
            removal.check(id, source.width(), source.height());
            length = source.lengthInFrames();
            FrameSource.Sampled f;
            while ((f = source.next()) != null) {
                try (Mat bgr = f.bgr()) {
                    blank(bgr, removal.of(id));
                    dets.add(detector.detect(bgr));
                }
            }
        }
        if (dets.isEmpty()) {
            throw new RmferException("Video " + file + " has no frames");
        }
        List<Detection> kept = idRule.firstFrameOnly()
                ? dets.get(0)
                : idRule.decide(dets, minIou).kept();
        IouTracker t = IouTracker.start(kept, manual.of(id), mode, minIou);
        if (t.ids() == 0) {
            throw new RmferException("No face found in the first frame of video " + id
                    + "; add manual boxes for it with --manual FILE (columns video,x,y,w,h)");
        }
        List<Box> refs = new ArrayList<>();
        for (int i = 0; i < t.ids(); i++) {
            refs.add(t.reference(i));
        }
        return new FirstFrameIds(id, refs, length);
    }

    /**
     * The segments {@code [first, end)} of a video of {@code lengthInFrames} frames cut every {@code segmentFrames}
     * (rounded up to a multiple of {@code every}, so each segment samples the frames the whole video would); the last
     * runs to the end of the video whatever the container announced. One segment when the video is not longer.
     */
    public static List<int[]> segments(int lengthInFrames, int every, int segmentFrames) {
        if (segmentFrames < 1) {
            throw new RmferException("segment length must be >= 1 frame, got " + segmentFrames);
        }
        int step = (int) Math.min(Integer.MAX_VALUE / 2, ((long) segmentFrames + every - 1) / every * every);
        List<int[]> out = new ArrayList<>();
        int first = 0;
        while (lengthInFrames > 0 && (long) first + step < lengthInFrames) {
            out.add(new int[] {first, first + step});
            first += step;
        }
        out.add(new int[] {first, Integer.MAX_VALUE});
        return out;
    }

    private Path segmentsDir(String id) {
        return out.resolve(".segments-" + id);
    }

    private BuildRecord segmentRecord(Path file, FirstFrameIds ids, int segment, int first, int end) {
        return BuildRecord.expected(
                file,
                settings(ids.video()) + ";segment=" + segment + ":" + first + "-" + end + ";ids=" + ids.references());
    }

    /**
     * Builds segment {@code segment} (frames {@code [first, end)}) of {@code file} into
     * {@code <out>/.segments-<video>/seg-<n>/} through a private partial folder, or skips it when that folder is
     * already complete for the same video, settings, span and IDs. Segment 0 decides the IDs itself, exactly as the
     * whole-video build; a later segment resumes the tracker from {@code ids}, so each ID's search restarts around its
     * first-frame box (the only way a segmented build can differ from the one-task build). A failure throws, leaving
     * nothing, so a distributed job retries it.
     */
    public VideoResult buildSegment(Path file, FirstFrameIds ids, int segment, int first, int end) {
        Path folder = segmentsDir(ids.video()).resolve("seg-" + segment);
        BuildRecord wanted = segmentRecord(file, ids, segment, first, end);
        if (Files.isRegularFile(folder.resolve(DONE))) {
            BuildRecord.Done old = BuildRecord.read(folder.resolve(DONE));
            if (old.differenceFrom(wanted) == null) {
                return VideoResult.skipped(ids.video(), old);
            }
        }
        Path partial = segmentsDir(ids.video()).resolve(".partial-seg-" + segment);
        try (FaceDetector detector = detectorSpec.create()) {
            AtomicFiles.deleteTree(partial);
            Files.createDirectories(partial);
            VideoResult r = process(
                    file,
                    ids.video(),
                    partial,
                    detector,
                    new AtomicLong(),
                    new AtomicLong(),
                    new Span(first, end, segment == 0 ? null : ids.references()));
            BuildRecord.write(partial.resolve(DONE), wanted, r);
            AtomicFiles.deleteTree(folder);
            Files.move(partial, folder, StandardCopyOption.ATOMIC_MOVE);
            return r;
        } catch (IOException | RuntimeException e) {
            try {
                AtomicFiles.deleteTree(partial);
            } catch (RmferException ignored) {
                // the segment's own failure is what to report
            }
            throw e instanceof RmferException re
                    ? re
                    : new RmferException("Segment " + segment + " of video " + ids.video() + " failed: " + e, e);
        }
    }

    /**
     * Merges the {@code count} finished segments of {@code file} into {@code <out>/<video>/} (crops, index.csv, the
     * done record of the whole video, the tar shard when asked), atomically, and removes the segments' folder. Its
     * counts are the segments' sums; a missing or stale segment is an error naming it.
     */
    public VideoResult mergeSegments(Path file, FirstFrameIds ids, List<int[]> spans) {
        String id = ids.video();
        Path partial = out.resolve(".partial-" + id);
        List<RmsetIndex.Row> rows = new ArrayList<>();
        int frames = 0;
        long unmatched = 0;
        long missing = 0;
        long[] missingById = new long[ids.references().size()];
        List<String> dropped = List.of();
        try {
            AtomicFiles.deleteTree(partial);
            Files.createDirectories(partial);
            for (int n = 0; n < spans.size(); n++) {
                Path folder = segmentsDir(id).resolve("seg-" + n);
                BuildRecord want = segmentRecord(file, ids, n, spans.get(n)[0], spans.get(n)[1]);
                BuildRecord.Done d =
                        Files.isRegularFile(folder.resolve(DONE)) ? BuildRecord.read(folder.resolve(DONE)) : null;
                String stale = d == null ? "not built" : d.differenceFrom(want);
                if (stale != null) {
                    throw new RmferException("Segment " + n + " of video " + id + " (" + folder + "): " + stale);
                }
                frames += d.frames();
                unmatched += d.unmatched();
                missing += d.missing();
                for (int i = 0; i < missingById.length && i < d.missingById().size(); i++) {
                    missingById[i] += d.missingById().get(i);
                }
                if (n == 0) {
                    dropped = d.droppedIds();
                }
                rows.addAll(RmsetIndex.read(folder, "index.csv", ProblemSink.failFast())
                        .rows());
                try (Stream<Path> s = Files.list(folder)) {
                    for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".jpg"))
                            .toList()) {
                        Files.move(f, partial.resolve(f.getFileName()), StandardCopyOption.ATOMIC_MOVE);
                    }
                }
            }
            rows.sort(Comparator.comparingInt(RmsetIndex.Row::frame).thenComparingInt(RmsetIndex.Row::faceId));
            if (layout == CropLayout.TAR) {
                packShard(partial, rows);
            }
            RmsetIndex.of(out, rows).write(partial.resolve("index.csv"));
            List<Long> byId = new ArrayList<>();
            for (long m : missingById) {
                byId.add(m);
            }
            VideoResult r = new VideoResult(
                    id,
                    "built (" + spans.size() + " segments)",
                    frames,
                    ids.references().size(),
                    rows.size(),
                    unmatched,
                    missing,
                    null,
                    dropped,
                    byId);
            BuildRecord.write(partial.resolve(DONE), BuildRecord.expected(file, settings(id)), r);
            Path target = out.resolve(id);
            AtomicFiles.deleteTree(target);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.deleteTree(segmentsDir(id));
            return r;
        } catch (IOException e) {
            AtomicFiles.deleteTree(partial);
            throw AtomicFiles.failure("merge the segments of", out.resolve(id), e);
        } catch (RuntimeException e) {
            AtomicFiles.deleteTree(partial);
            throw e;
        }
    }

    /** {@code file}'s result when its folder is complete and up to date (what a re-run skips), else empty. */
    public Optional<VideoResult> alreadyBuilt(Path file) {
        String id = videoId(file);
        Path done = out.resolve(id).resolve(DONE);
        if (!Files.isRegularFile(done)) {
            return Optional.empty();
        }
        BuildRecord.Done old = BuildRecord.read(done);
        if (old.differenceFrom(BuildRecord.expected(file, settings(id))) != null) {
            return Optional.empty();
        }
        return Optional.of(VideoResult.skipped(id, old));
    }

    /** The videos under {@code out} whose folders are complete (hold the done record), sorted. */
    public static List<String> finishedVideos(Path out) {
        if (!Files.isDirectory(out)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".") && Files.isRegularFile(p.resolve(DONE)))
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw AtomicFiles.failure("list", out, e);
        }
    }

    /** The merged index of the finished videos among {@code ids} under {@code out}, as {@link #build} writes it. */
    public static RmsetIndex mergedIndex(Path out, List<String> ids) {
        List<RmsetIndex.Row> rows = new ArrayList<>();
        for (String id : ids) {
            rows.addAll(RmsetIndex.read(out, id + "/index.csv", ProblemSink.failFast())
                    .rows());
        }
        return RmsetIndex.of(out, rows);
    }

    private VideoResult processOrSkip(Path file, AtomicLong decoded, AtomicLong total) {
        String id;
        try {
            id = videoId(file);
        } catch (RmferException e) {
            return VideoResult.failed(file.getFileName().toString(), e.getMessage());
        }
        Path done = out.resolve(id).resolve(DONE);
        BuildRecord wanted;
        try {
            wanted = BuildRecord.expected(file, settings(id));
        } catch (RmferException e) {
            return VideoResult.failed(id, e.getMessage());
        }
        String rebuilt = null;
        if (Files.isRegularFile(done)) {
            BuildRecord.Done old = BuildRecord.read(done);
            String change = old.differenceFrom(wanted);
            if (change == null) {
                return VideoResult.skipped(id, old);
            }
            rebuilt = "rebuilt (" + change + ")";
        }
        Path partial = out.resolve(".partial-" + id);
        try (FaceDetector detector = detectorSpec.create()) {
            AtomicFiles.deleteTree(partial);
            Files.createDirectories(partial);
            VideoResult r = process(file, id, partial, detector, decoded, total, Span.WHOLE);
            BuildRecord.write(partial.resolve(DONE), wanted, r);
            Path target = out.resolve(id);
            AtomicFiles.deleteTree(target);
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            return rebuilt == null ? r : r.withStatus(rebuilt);
        } catch (IOException | RuntimeException e) {
            try {
                AtomicFiles.deleteTree(partial);
            } catch (RmferException ignored) {
                // the video's own failure is what to report
            }
            String msg = AtomicFiles.isDiskFull(e)
                            && !(e.getMessage() != null && e.getMessage().startsWith("no space left"))
                    ? AtomicFiles.describe("write the RMset of", out.resolve(id), e)
                    : e instanceof RmferException ? e.getMessage() : e.toString();
            return VideoResult.failed(id, msg);
        }
    }

    /** Every setting that changes what a video's folder holds, as recorded in its done record. */
    private String settings(String id) {
        return "every=" + every + ";track=" + mode + ";crop=" + cropSize + ";minIou=" + minIou + ";search=" + search
                + ";detector=" + detectorSpec.kind() + "/" + detectorSpec.tracking() + "/" + detectorSpec.model()
                + ";removal=" + removal.of(id) + ";manual=" + manual.of(id) + ";widening=" + WIDENING
                + (allowTruncated ? ";allowTruncated" : "")
                + (idRule.firstFrameOnly() ? "" : ";ids=" + idRule)
                + (layout == CropLayout.FILES ? "" : ";crops=" + layout.name().toLowerCase(Locale.ROOT))
                + (detectorSpec.provider().isPresent() ? ";weights=" + detectorDescription : "");
    }

    /** A sampled frame held back while the ID rule looks at the first frames. */
    private record Held(int index, Mat bgr, List<Detection> detections) {}

    /** The per-video state of a build: the tracker once IDs are known, the rows so far. */
    private final class VideoRun {
        final String id;
        final Path partial;
        final FaceDetector detector;
        final CropWriter crops;
        final int width;
        final int height;
        final List<RmsetIndex.Row> rows = new ArrayList<>();
        final List<Held> held = new ArrayList<>();
        List<String> dropped = List.of();

        @Nullable
        IouTracker tracker;

        int processed;

        VideoRun(String id, Path partial, FaceDetector detector, CropWriter crops, int width, int height) {
            this.id = id;
            this.partial = partial;
            this.detector = detector;
            this.crops = crops;
            this.width = width;
            this.height = height;
        }

        /** One sampled frame (already blanked); takes ownership of {@code bgr}. */
        void frame(int index, Mat bgr) {
            if (tracker == null && !idRule.firstFrameOnly()) {
                held.add(new Held(index, bgr, detector.detect(bgr)));
                if (held.size() == idRule.frames()) {
                    release();
                }
                return;
            }
            try (bgr) {
                List<Detection> dets = tracker == null || search == TrackingSearch.FULL_FRAME
                        ? detector.detect(bgr)
                        : search == TrackingSearch.AROUND_IDS
                                ? detector.detectIn(bgr, tracker.searchRegions(ROI_MARGIN), ROI_MARGIN)
                                : detector.detectNear(
                                        bgr, tracker.lastSeen(), tracker.searchRegions(ROI_MARGIN), ROI_MARGIN);
                if (tracker == null) {
                    dets = startTracker(dets);
                }
                emit(index, bgr, dets);
            }
        }

        /** Decides the IDs from the held frames, then processes them (their detections are reused). */
        void release() {
            if (held.isEmpty() || tracker != null) {
                return;
            }
            try {
                IdRule.Decision d =
                        idRule.decide(held.stream().map(Held::detections).toList(), minIou);
                dropped = d.dropped();
                List<Detection> first = startTracker(d.kept());
                for (int i = 0; i < held.size(); i++) {
                    Held h = held.get(i);
                    emit(h.index(), h.bgr(), i == 0 ? first : h.detections());
                }
            } finally {
                held.forEach(h -> h.bgr().close());
                held.clear();
            }
        }

        /** Starts the tracker from the first frame's faces; returns them with the manual boxes added. */
        private List<Detection> startTracker(List<Detection> firstDets) {
            IouTracker t = IouTracker.start(firstDets, manual.of(id), mode, minIou);
            if (t.ids() == 0) {
                throw new RmferException("No face found in the first frame of video " + id
                        + (dropped.isEmpty() ? "" : " (ID rule " + idRule + " dropped " + dropped + ")")
                        + "; add manual boxes for it with --manual FILE (columns video,x,y,w,h)");
            }
            tracker = t;
            // the first frame's faces are the references themselves (manual boxes included)
            List<Detection> dets = new ArrayList<>(firstDets);
            for (int i = 0; i < t.ids(); i++) {
                Box b = t.reference(i);
                if (dets.stream().noneMatch(d -> Box.of(d).iou(b) > 0.9)) {
                    dets.add(new Detection(b.x(), b.y(), b.w(), b.h(), 0));
                }
            }
            return dets;
        }

        private void emit(int index, Mat bgr, List<Detection> dets) {
            int sub = index / every;
            for (IouTracker.Match m : tracker.assign(dets)) {
                Box crop = Box.of(m.detection()).widenForCrop(WIDENING, width, height);
                if (crop.w() < 4 || crop.h() < 4) {
                    continue;
                }
                String name = id + "_" + sub + "_" + m.id() + ".jpg";
                crops.write(bgr, crop, partial.resolve(name));
                Detection d = m.detection();
                String file = layout == CropLayout.TAR
                        ? id + "/" + CropShard.FILE + CropShard.MEMBER + name
                        : id + "/" + name;
                rows.add(new RmsetIndex.Row(id, sub, m.id(), file, d.confidence(), d.x(), d.y(), d.w(), d.h(), every));
            }
            processed++;
        }
    }

    /** Packs the JPEGs the rows name (members of {@code <video>/crops.tar}) from {@code partial} into its shard. */
    private static void packShard(Path partial, List<RmsetIndex.Row> rows) {
        List<String> names = new ArrayList<>();
        for (RmsetIndex.Row r : rows) {
            names.add(r.filePath().substring(r.filePath().lastIndexOf(CropShard.MEMBER) + 1));
        }
        CropShard.pack(partial, names);
    }

    /** The frames {@code [first, end)} a run covers; {@code ids}: the IDs a later segment resumes from. */
    private record Span(int first, int end, @Nullable List<Box> ids) {
        static final Span WHOLE = new Span(0, Integer.MAX_VALUE, null);

        boolean whole() {
            return first == 0 && end == Integer.MAX_VALUE;
        }
    }

    private VideoResult process(
            Path file, String id, Path partial, FaceDetector detector, AtomicLong decoded, AtomicLong total, Span span)
            throws IOException {
        VideoRun run;
        try (FrameSource source = FrameSource.open(file, every, span.first(), span.end(), decoded)) {
            int width = source.width();
            int height = source.height();
            removal.check(id, width, height);
            total.addAndGet(Math.max(0, source.lengthInFrames()));
            List<Box> blanked = removal.of(id);
            try (CropWriter crops = new CropWriter(cropSize, cropThread, id)) {
                run = new VideoRun(id, partial, detector, crops, width, height);
                if (span.ids() != null) {
                    run.tracker = IouTracker.resume(span.ids(), mode, minIou);
                }
                try {
                    FrameSource.Sampled sampled;
                    while ((sampled = source.next()) != null) {
                        Mat bgr = sampled.bgr();
                        try {
                            frameHook.accept(sampled.index());
                            blank(bgr, blanked);
                        } catch (RuntimeException e) {
                            bgr.close();
                            throw e;
                        }
                        run.frame(sampled.index(), bgr);
                    }
                    run.release(); // a video shorter than the ID rule's frames
                } finally {
                    run.held.forEach(h -> h.bgr().close());
                }
                crops.finish();
            }
            if (span.end() == Integer.MAX_VALUE) {
                checkComplete(file, source.framesDecoded(), source.lengthInFrames());
            }
        }
        if (layout == CropLayout.TAR && run.tracker != null && span.whole()) {
            packShard(partial, run.rows);
        }
        if (run.tracker == null) {
            throw new RmferException("Video " + file + " has no frames");
        }
        List<RmsetIndex.Row> rows = run.rows;
        rows.sort(Comparator.comparingInt(RmsetIndex.Row::frame).thenComparingInt(RmsetIndex.Row::faceId));
        RmsetIndex.of(out, rows).write(partial.resolve("index.csv"));
        return new VideoResult(
                id,
                "built",
                run.processed,
                run.tracker.ids(),
                rows.size(),
                run.tracker.unmatchedDetections(),
                run.tracker.missingFaces(),
                null,
                run.dropped,
                run.tracker.missingById());
    }

    /**
     * A video that ends well before the frame count its container announces was cut (an interrupted download or
     * copy): FFmpeg decodes what is there and says "partial file" only on its own log. Short by more than
     * {@link #TRUNCATION_SLACK} frames or 0.5% (containers without an index estimate their count from the duration) is
     * an error unless {@link Builder#optAllowTruncated} is set.
     */
    private void checkComplete(Path file, int decodedFrames, int announced) {
        if (announced <= 0 || allowTruncated) {
            return;
        }
        int slack = Math.max(TRUNCATION_SLACK, (int) Math.ceil(announced * 0.005));
        if (decodedFrames < announced - slack) {
            throw new RmferException(
                    "Video " + file + " is truncated: it ends after " + decodedFrames + " frames but its container "
                            + "announces " + announced
                            + " (a cut download or copy?). Replace the file, or pass --allow-truncated to keep the "
                            + decodedFrames + " frames that decode");
        }
    }

    /** Frames a video may fall short of its announced count without being called truncated. */
    static final int TRUNCATION_SLACK = 2;

    static void blank(Mat bgr, List<Box> areas) {
        for (Box b : areas) {
            // long arithmetic: a huge width must clip to the frame, not overflow past it
            int x0 = (int) Math.max(0, b.x());
            int y0 = (int) Math.max(0, b.y());
            int x1 = (int) Math.min(bgr.cols(), (long) b.x() + b.w());
            int y1 = (int) Math.min(bgr.rows(), (long) b.y() + b.h());
            if (x1 > x0 && y1 > y0) {
                try (Rect r = new Rect(x0, y0, x1 - x0, y1 - y0);
                        Mat area = new Mat(bgr, r);
                        Scalar black = new Scalar(0, 0, 0, 0)) {
                    area.put(black);
                }
            }
        }
    }
}
