package org.rmfer4j.synth;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.FfmpegLog;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.core.Seeds;
import org.rmfer4j.data.Expression;

/**
 * SynthMashup: a reaction-mashup video (H.264 MP4 through JavaCV's FFmpegFrameRecorder) with ground truth the real
 * RMset never has. A trigger film (which sometimes shows faces of its own — the reason the paper blanks it) sits
 * among a grid of viewers, each a fixed identity reacting to the film's emotional timeline with a personal lag and
 * intensity, sometimes not at all or with a different expression; heads drift, rotate and change scale a little; one
 * viewer is briefly occluded and one briefly leaves the frame. The sidecar records, per frame and viewer, the face
 * box, visibility, expression and intensity, and the film's rectangle (the removal area).
 */
public final class SynthMashup {
    /** A viewer: identity, grid cell, and reaction style. */
    record Viewer(
            int index,
            Identity identity,
            int cellX,
            int cellY,
            int cellW,
            int cellH,
            Color background,
            double lag,
            double gain,
            double faceWidth,
            double phase) {}

    /** One row of ground truth. */
    public record Truth(
            int frame,
            int viewer,
            int x,
            int y,
            int w,
            int h,
            boolean visible,
            boolean occluded,
            Expression expression,
            double intensity) {}

    /** Reads a ground-truth CSV written by {@link #write}, grouped by source frame. */
    public static Map<Integer, List<Truth>> readTruth(Path truthCsv) {
        Map<Integer, List<Truth>> byFrame = new HashMap<>();
        try {
            List<String> lines = Files.readAllLines(truthCsv);
            for (String l : lines.subList(1, lines.size())) {
                String[] f = l.split(",");
                Truth t = new Truth(
                        Integer.parseInt(f[0]),
                        Integer.parseInt(f[1]),
                        Integer.parseInt(f[2]),
                        Integer.parseInt(f[3]),
                        Integer.parseInt(f[4]),
                        Integer.parseInt(f[5]),
                        Boolean.parseBoolean(f[6]),
                        Boolean.parseBoolean(f[7]),
                        Expression.valueOf(f[8]),
                        Double.parseDouble(f[9]));
                byFrame.computeIfAbsent(t.frame(), k -> new ArrayList<>()).add(t);
            }
        } catch (IOException | RuntimeException e) {
            throw new RmferException("Cannot read the ground truth " + truthCsv + ": " + e.getMessage(), e);
        }
        return byFrame;
    }

    /** What was written. */
    public record Result(
            Path video, Path truth, Path meta, int frames, int viewers, int[] removalArea, double seconds) {}

    private final Path out;
    private final String name;
    private final int width;
    private final int height;
    private final int fps;
    private final double seconds;
    private final int viewerCount;
    private final FilmTimeline.Preset preset;
    private final long seed;
    private final int threads;
    private final boolean independentReactions;
    private final Reactions reactions;
    private final Map<Integer, FilmTimeline> ownFilms = new ConcurrentHashMap<>();

    private SynthMashup(Builder b) {
        this.out = b.out;
        this.name = b.name;
        this.width = b.width;
        this.height = b.height;
        this.fps = b.fps;
        this.seconds = b.seconds;
        this.viewerCount = b.viewers;
        this.preset = b.preset;
        this.seed = b.seed;
        this.threads = b.threads;
        this.independentReactions = b.independentReactions;
        this.reactions = b.reactions;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Required: {@code setOut}. Defaults: 1280×720, 25 fps, 20 s, 12 viewers, mixed film, seed 42. */
    public static final class Builder {
        private @Nullable Path out;
        private String name = "mashup";
        private int width = 1280;
        private int height = 720;
        private int fps = 25;
        private double seconds = 20;
        private int viewers = 12;
        private FilmTimeline.Preset preset = FilmTimeline.Preset.MIXED;
        private long seed = 42;
        private int threads = Runtime.getRuntime().availableProcessors();
        private boolean independentReactions;
        private Reactions reactions = Reactions.LAB;

        public Builder setOut(Path out) {
            this.out = Objects.requireNonNull(out);
            return this;
        }

        /** File name stem (letters, digits, '.', '_', '-'): it becomes the RMset video id. */
        public Builder optName(String name) {
            if (!name.matches("[A-Za-z0-9._-]+")) {
                throw new RmferException("Video name '" + name + "' must be letters, digits, '.', '_' or '-'");
            }
            this.name = name;
            return this;
        }

        public Builder optSize(int width, int height) {
            if (width < 320 || height < 240 || width % 2 != 0 || height % 2 != 0) {
                throw new RmferException("Video size must be even and at least 320x240, got " + width + "x" + height);
            }
            this.width = width;
            this.height = height;
            return this;
        }

        public Builder optFps(int fps) {
            if (fps < 1 || fps > 60) {
                throw new RmferException("fps must be in 1..60, got " + fps);
            }
            this.fps = fps;
            return this;
        }

        public Builder optSeconds(double seconds) {
            if (!(seconds > 0) || seconds > 3600) {
                throw new RmferException("Duration must be in (0, 3600] seconds, got " + seconds);
            }
            this.seconds = seconds;
            return this;
        }

        /** 1–20 viewers (the paper's videos have about 10 to 20). */
        public Builder optViewers(int viewers) {
            if (viewers < 1 || viewers > 20) {
                throw new RmferException("A mashup has 1 to 20 viewers, got " + viewers);
            }
            this.viewers = viewers;
            return this;
        }

        public Builder optPreset(FilmTimeline.Preset preset) {
            this.preset = Objects.requireNonNull(preset);
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder optThreads(int threads) {
            this.threads = Math.max(1, threads);
            return this;
        }

        /**
         * The broken-prior control: each viewer reacts to a film of their own (an independent timeline of the same
         * preset), so faces of different people in one frame no longer share an expression more often than chance.
         * The film shown is still the common one; only the reactions are decoupled. Default false.
         */
        public Builder optIndependentReactions(boolean on) {
            this.independentReactions = on;
            return this;
        }

        /** How closely viewers follow the film (lag, gain, non-reaction, other expressions). Default {@link Reactions#LAB}. */
        public Builder optReactions(Reactions reactions) {
            this.reactions = Objects.requireNonNull(reactions);
            return this;
        }

        public SynthMashup build() {
            if (out == null) {
                throw new RmferException("SynthMashup.builder(): setOut(..) is required");
            }
            return new SynthMashup(this);
        }
    }

    /** The grid: 6 × 4 cells; the film covers the central 2 × 2; viewers take the other cells in a fixed order. */
    static final int COLS = 6;

    static final int ROWS = 4;

    /** The trigger film's rectangle {x, y, w, h}: the removal area. */
    public int[] filmRect() {
        int cw = width / COLS;
        int ch = height / ROWS;
        return new int[] {2 * cw, ch, 2 * cw, 2 * ch};
    }

    List<Viewer> viewers() {
        int cw = width / COLS;
        int ch = height / ROWS;
        List<int[]> cells = new ArrayList<>();
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < COLS; c++) {
                boolean film = (c == 2 || c == 3) && (r == 1 || r == 2);
                if (!film) {
                    cells.add(new int[] {c, r});
                }
            }
        }
        List<Viewer> v = new ArrayList<>();
        for (int i = 0; i < viewerCount; i++) {
            SplittableRandom r = new SplittableRandom(Seeds.mix(seed, 0xE1, i));
            int[] cell = cells.get(i);
            Identity id = Identity.of(Seeds.mix(seed, 0xA1, i), i % 6);
            Color bg = new Color(50 + r.nextInt(130), 50 + r.nextInt(130), 50 + r.nextInt(130));
            v.add(new Viewer(
                    i,
                    id,
                    cell[0] * cw,
                    cell[1] * ch,
                    cw,
                    ch,
                    bg,
                    reactions.lagMin() + reactions.lagSpread() * r.nextDouble(),
                    reactions.gainMin() + reactions.gainSpread() * r.nextDouble(),
                    viewerFaceWidth(cw, ch, r.nextDouble()),
                    r.nextDouble() * Math.PI * 2));
        }
        return v;
    }

    /** A viewer's reaction at time t: expression and intensity (0 for neutral). */
    static Object[] reaction(
            Viewer v, FilmTimeline film, FilmTimeline.Preset preset, Reactions style, double t, long seed) {
        FilmTimeline.Event e = film.at(t - v.lag());
        if (e == null) {
            return new Object[] {Expression.NEUTRAL, 0.0};
        }
        SplittableRandom r = new SplittableRandom(Seeds.mix(seed, 0xB1, v.index(), (long) (e.start() * 1000)));
        double u = r.nextDouble();
        if (u < style.noReaction()) {
            return new Object[] {Expression.NEUTRAL, 0.0}; // does not react to this one
        }
        Expression x = e.expression();
        if (u >= 1 - style.otherExpression()) { // reacts differently
            Expression[] all = preset.alternatives();
            x = all[r.nextInt(all.length)];
        }
        double local = t - v.lag() - e.start();
        double envelope = Math.min(1, Math.min(local / 0.3, (e.duration() - local) / 0.5));
        double intensity = Math.max(0, Math.min(1, e.strength() * v.gain() * Math.max(0, envelope)));
        return new Object[] {intensity < 0.05 ? Expression.NEUTRAL : x, intensity < 0.05 ? 0.0 : intensity};
    }

    /** A viewer's face width in a cell: what the grid leaves for a head, scaled by a personal {@code u} in [0, 1). */
    static double viewerFaceWidth(int cellW, int cellH, double u) {
        return Math.min(cellW, cellH / 1.45) * (0.74 + 0.08 * u);
    }

    /**
     * A viewer's pose in its cell: the head drifts ({@code drift}, {@code bob} in [−1, 1] move it by 4% / 3% of the
     * cell and roll it by up to 3°), breathes in scale ({@code scale}: ±5%) and turns ({@code turn}: yaw 0.86–0.98).
     * SynthFER's viewer framing draws the same four waves at random, so its faces look like the mashups' viewers.
     */
    static FaceRenderer.Pose viewerPose(
            double cellX,
            double cellY,
            int cellW,
            int cellH,
            double faceWidth,
            double drift,
            double bob,
            double scale,
            double turn) {
        return new FaceRenderer.Pose(
                cellX + cellW / 2.0 + 0.04 * cellW * drift,
                cellY + cellH / 2.0 + 0.03 * cellH * bob,
                faceWidth * (1 + 0.05 * scale),
                3 * drift,
                0.92 + 0.06 * turn);
    }

    /** The timeline viewer {@code v} reacts to: the common film, or (broken prior) one of the viewer's own. */
    private FilmTimeline reactsTo(Viewer v, FilmTimeline film) {
        return independentReactions
                ? ownFilms.computeIfAbsent(
                        v.index(), i -> FilmTimeline.generate(preset, seconds, Seeds.mix(seed, 0x1DE, i)))
                : film;
    }

    /** Renders frame {@code f}, returning its ground truth. */
    BufferedImage renderFrame(int f, List<Viewer> viewers, FilmTimeline film, List<Truth> truth) {
        double t = (double) f / fps;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(20, 20, 24));
        g.fillRect(0, 0, width, height);
        for (Viewer v : viewers) {
            g.setColor(v.background());
            g.fillRect(v.cellX() + 2, v.cellY() + 2, v.cellW() - 4, v.cellH() - 4);
            boolean away = v.index() == 1 && t >= seconds * 0.5 && t < seconds * 0.5 + 2; // viewer 1 leaves the frame
            boolean occluded =
                    v.index() == 2 && t >= seconds * 0.3 && t < seconds * 0.3 + 1.5; // viewer 2 covers the face
            Object[] re = reaction(v, reactsTo(v, film), preset, reactions, t, seed);
            Expression x = (Expression) re[0];
            double intensity = (double) re[1];
            FaceRenderer.Pose pose = viewerPose(
                    v.cellX(),
                    v.cellY(),
                    v.cellW(),
                    v.cellH(),
                    v.faceWidth(),
                    Math.sin(t * 0.7 + v.phase()),
                    Math.cos(t * 0.5 + v.phase()),
                    Math.sin(t * 0.3 + v.phase()),
                    Math.cos(t * 0.4 + v.phase()));
            double[] box = FaceRenderer.box(v.identity(), pose);
            if (!away) {
                Shape clip = g.getClip();
                g.setClip(v.cellX() + 2, v.cellY() + 2, v.cellW() - 4, v.cellH() - 4);
                FaceRenderer.draw(g, v.identity(), ActionUnits.of(x, intensity), pose);
                if (occluded) {
                    g.setColor(new Color(200, 160, 130));
                    g.fill(new RoundRectangle2D.Double(
                            box[0] - 5, box[1] + box[3] * 0.3, box[2] + 10, box[3] * 0.45, 30, 30));
                }
                g.setClip(clip);
            }
            int x0 = (int) Math.round(Math.max(box[0], v.cellX()));
            int y0 = (int) Math.round(Math.max(box[1], v.cellY()));
            int x1 = (int) Math.round(Math.min(box[0] + box[2], v.cellX() + v.cellW()));
            int y1 = (int) Math.round(Math.min(box[1] + box[3], v.cellY() + v.cellH()));
            truth.add(new Truth(f, v.index(), x0, y0, x1 - x0, y1 - y0, !away, occluded, x, intensity));
        }
        drawFilm(g, f, t, film);
        g.dispose();
        return img;
    }

    /** The trigger film: moving shapes, tinted by its current mood, and at times a face of its own. */
    private void drawFilm(Graphics2D g, int f, double t, FilmTimeline film) {
        int[] r = filmRect();
        FilmTimeline.Event e = film.at(t);
        g.setColor(
                e == null
                        ? new Color(60, 70, 90)
                        : switch (e.expression()) {
                            case HAPPINESS -> new Color(200, 170, 60);
                            case FEAR, SURPRISE -> new Color(40, 30, 50);
                            case SADNESS -> new Color(60, 80, 120);
                            case DISGUST -> new Color(90, 120, 50);
                            default -> new Color(120, 50, 40);
                        });
        g.fillRect(r[0], r[1], r[2], r[3]);
        Shape clip = g.getClip();
        g.setClip(r[0], r[1], r[2], r[3]);
        SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, 0xC1, (long) (t / 2)));
        for (int k = 0; k < 5; k++) {
            g.setColor(new Color(rng.nextInt(256), rng.nextInt(256), rng.nextInt(256)));
            double px = r[0] + (rng.nextDouble() * r[2] + t * 60 * (k + 1)) % r[2];
            double py = r[1] + rng.nextDouble() * r[3];
            g.fillOval((int) px, (int) py, 20 + rng.nextInt(60), 20 + rng.nextInt(60));
        }
        // every other 4-second stretch the film shows a character's face: detections there are not viewers
        if (((int) (t / 4)) % 2 == 1) {
            Identity actor = Identity.of(Seeds.mix(seed, 0xAC, (long) (t / 4)), (int) ((t / 4) % 6));
            FaceRenderer.draw(
                    g,
                    actor,
                    ActionUnits.of(e == null ? Expression.NEUTRAL : e.expression(), 0.8),
                    new FaceRenderer.Pose(
                            r[0] + r[2] * (0.3 + 0.4 * ((t % 4) / 4)), r[1] + r[3] / 2.0, r[3] * 0.45, 0, 1));
        }
        g.setClip(clip);
    }

    /** Writes the video, the ground-truth CSV and a JSON description; progress every 10%. */
    public Result write(Consumer<String> progress) {
        long t0 = System.nanoTime();
        int frames = (int) Math.round(seconds * fps);
        List<Viewer> viewers = viewers();
        FilmTimeline film = FilmTimeline.generate(preset, seconds, seed);
        Path video = out.resolve(name + ".mp4");
        Path tmp = out.resolve("." + name + ".mp4.part");
        Path truthFile = out.resolve(name + ".truth.csv");
        Path truthTmp = out.resolve("." + name + ".truth.csv.part");
        Path metaFile = out.resolve(name + ".json");
        Path metaTmp = out.resolve("." + name + ".json.part");
        List<Truth> truth = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Files.createDirectories(out);
            FfmpegLog.quiet();
            try (FFmpegFrameRecorder rec = new FFmpegFrameRecorder(tmp.toFile(), width, height);
                    Java2DFrameConverter conv = new Java2DFrameConverter()) {
                rec.setFormat("mp4");
                rec.setVideoCodec(avcodec.AV_CODEC_ID_H264);
                rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                rec.setFrameRate(fps);
                rec.setVideoBitrate(width * height * 4);
                rec.setGopSize(fps * 2);
                // x264's frame threads make the bitstream differ from run to run (measured: 49 of 50 decoded frames
                // differed between two runs of one seed); one encoder thread makes the same seed give the same video
                rec.setVideoOption("threads", "1");
                rec.start();
                int ahead = threads * 2;
                List<Future<Object[]>> queue = new ArrayList<>();
                int next = 0;
                int step = Math.max(1, frames / 10);
                for (int f = 0; f < frames; f++) {
                    while (next < frames && next < f + ahead) {
                        final int k = next++;
                        queue.add(pool.submit(() -> {
                            List<Truth> rows = new ArrayList<>();
                            BufferedImage img = renderFrame(k, viewers, film, rows);
                            return new Object[] {img, rows};
                        }));
                    }
                    Object[] done = queue.remove(0).get();
                    rec.record(conv.convert((BufferedImage) done[0]));
                    @SuppressWarnings("unchecked")
                    List<Truth> rows = (List<Truth>) done[1];
                    truth.addAll(rows);
                    if ((f + 1) % step == 0 || f + 1 == frames) {
                        double el = (System.nanoTime() - t0) / 1e9;
                        progress.accept(String.format(
                                Locale.ROOT,
                                "synth mashup %s: frame %d/%d, %.1f frames/s, ETA %.0f s",
                                name,
                                f + 1,
                                frames,
                                (f + 1) / el,
                                (frames - f - 1) / ((f + 1) / el)));
                    }
                }
                rec.stop();
            }
            // all or nothing: the ground truth and the description are written beside the video's temporary file
            // first, then the three are moved into place, the description last (writeOrReuse trusts a video only
            // when its description matches)
            StringBuilder sb = new StringBuilder("frame,viewer,x,y,w,h,visible,occluded,expression,intensity\n");
            for (Truth r : truth) {
                sb.append(r.frame())
                        .append(',')
                        .append(r.viewer())
                        .append(',')
                        .append(r.x())
                        .append(',')
                        .append(r.y())
                        .append(',')
                        .append(r.w())
                        .append(',')
                        .append(r.h())
                        .append(',')
                        .append(r.visible())
                        .append(',')
                        .append(r.occluded())
                        .append(',')
                        .append(r.expression().name())
                        .append(',')
                        .append(String.format(Locale.ROOT, "%.4f", r.intensity()))
                        .append('\n');
            }
            AtomicFiles.writeString(truthTmp, sb.toString());
            AtomicFiles.writeString(metaTmp, metaJson(frames, film));
            Files.deleteIfExists(metaFile); // an old description must not vouch for a half-replaced set
            Files.move(tmp, video, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.move(truthTmp, truthFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.move(metaTmp, metaFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException | InterruptedException | ExecutionException e) {
            for (Path p : List.of(tmp, truthTmp, metaTmp)) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // the original failure matters
                }
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // FFmpeg reports a full disk as "error -28" (ENOSPC); say it in words
            throw AtomicFiles.isDiskFull(e)
                    ? AtomicFiles.failure("write", video, e)
                    : new RmferException("Writing " + video + " failed: " + e, e);
        } finally {
            pool.shutdownNow();
        }
        int[] film0 = filmRect();
        return new Result(video, truthFile, metaFile, frames, viewerCount, film0, (System.nanoTime() - t0) / 1e9);
    }

    private String metaJson(int frames, FilmTimeline film) {
        int[] film0 = filmRect();
        return String.format(
                Locale.ROOT,
                "{\"synthetic\": true, \"video\": \"%s\", \"width\": %d, \"height\": %d, \"fps\": %d, "
                        + "\"frames\": %d, \"viewers\": %d, \"preset\": \"%s\", \"seed\": %d, \"removalArea\": [%d, %d, %d, %d], "
                        + "\"events\": %d%s%s}%n",
                name,
                width,
                height,
                fps,
                frames,
                viewerCount,
                preset.name().toLowerCase(Locale.ROOT),
                seed,
                film0[0],
                film0[1],
                film0[2],
                film0[3],
                film.events().size(),
                independentReactions ? ", \"independentReactions\": true" : "",
                // the default style writes what earlier versions wrote, so their videos are still reused
                reactions.equals(Reactions.LAB) ? "" : ", \"reactions\": \"" + reactions + "\"");
    }

    /**
     * Returns the video already in the output folder when it was written by an identical builder (its metadata, which
     * is written last, matches), else writes it: an interrupted demo does not redo finished videos.
     */
    public Result writeOrReuse(Consumer<String> progress) {
        int frames = (int) Math.round(seconds * fps);
        Path video = out.resolve(name + ".mp4");
        Path truth = out.resolve(name + ".truth.csv");
        Path meta = out.resolve(name + ".json");
        try {
            if (Files.isRegularFile(video)
                    && Files.isRegularFile(truth)
                    && Files.isRegularFile(meta)
                    && Files.readString(meta).equals(metaJson(frames, FilmTimeline.generate(preset, seconds, seed)))) {
                progress.accept("synth mashup " + name + ": reusing " + video);
                return new Result(video, truth, meta, frames, viewerCount, filmRect(), 0);
            }
        } catch (IOException e) {
            // unreadable metadata: write the video again
        }
        return write(progress);
    }
}
