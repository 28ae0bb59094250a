package org.rmfer4j.synth;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.core.Seeds;
import org.rmfer4j.core.StagedFolder;
import org.rmfer4j.data.ClassOrder;
import org.rmfer4j.data.Expression;
import org.rmfer4j.data.manifest.DatasetManifest;
import org.rmfer4j.data.manifest.Manifests;
import org.rmfer4j.data.transform.Normalization;
import org.rmfer4j.rmset.Box;
import org.rmfer4j.rmset.RmsetBuilder;

/**
 * SynthFER: a labelled synthetic FER benchmark written in a real dataset layout (RAF-DB's or AffectNet's), so the
 * same loaders, verifier and trainer read it. Train and test identities are disjoint; class proportions follow a
 * preset (uniform, RAF-DB's or AffectNet's); labels can be flipped between confusable pairs at a chosen rate; a
 * ground-truth sidecar records identity, skin-tone group, true expression and intensity. Deterministic from the
 * seed, whatever the thread count. Its manifest says {@code "synthetic": true}: numbers measured on it are never a
 * real benchmark.
 */
public final class SynthFer {
    /** Layouts SynthFER can write. */
    public enum Layout {
        RAFDB,
        AFFECTNET
    }

    /**
     * How a labelled face is framed. {@link #PORTRAIT} (the original SynthFER): the face fills about 55% of a square
     * image on a random background. {@link #VIEWER_CROP} (the synthetic lab): the face is drawn as a mashup viewer in a
     * grid cell of {@link #VIEWER_CELL_W} × {@link #VIEWER_CELL_H} px, at a viewer's size and pose, then cut out with the
     * RMset's crop transform (its box widened by 0.31·w around the centre, height kept) and resized to a square, so a
     * labelled sample looks like an RMset crop: one domain, as the paper's crop transform intends for AffectNet.
     */
    public enum Framing {
        PORTRAIT,
        VIEWER_CROP
    }

    /** The grid cell a {@link Framing#VIEWER_CROP} face is drawn in: a 960×540 mashup's cell (6 × 4 grid). */
    public static final int VIEWER_CELL_W = 160;

    public static final int VIEWER_CELL_H = 135;

    /** Class proportions. */
    public enum Imbalance {
        UNIFORM,
        RAFDB,
        AFFECTNET;

        /** Relative weights per expression, from the real training sets' counts. */
        double weight(Expression e) {
            return switch (this) {
                case UNIFORM -> 1;
                case RAFDB ->
                    switch (e) {
                        case SURPRISE -> 1290;
                        case FEAR -> 281;
                        case DISGUST -> 717;
                        case HAPPINESS -> 4772;
                        case SADNESS -> 1982;
                        case ANGER -> 705;
                        case NEUTRAL -> 2524;
                        case CONTEMPT -> 0;
                    };
                case AFFECTNET ->
                    switch (e) {
                        case NEUTRAL -> 74874;
                        case HAPPINESS -> 134415;
                        case SADNESS -> 25459;
                        case SURPRISE -> 14090;
                        case FEAR -> 6378;
                        case DISGUST -> 3803;
                        case ANGER -> 24882;
                        case CONTEMPT -> 3750;
                    };
            };
        }
    }

    /** The classic confusable partner of an expression (label noise flips to it), or itself. */
    public static Expression partner(Expression e, ClassOrder order) {
        Expression p = switch (e) {
            case FEAR -> Expression.SURPRISE;
            case SURPRISE -> Expression.FEAR;
            case DISGUST -> Expression.ANGER;
            case ANGER -> Expression.DISGUST;
            case SADNESS -> Expression.NEUTRAL;
            case NEUTRAL -> Expression.SADNESS;
            case CONTEMPT -> Expression.NEUTRAL;
            case HAPPINESS -> Expression.HAPPINESS;
        };
        return order.contains(p) ? p : e;
    }

    /** What was written. */
    public record Result(Path root, Path manifest, Map<String, int[]> counts, ClassOrder order, double seconds) {}

    /** One sample's ground truth. */
    record Truth(
            String split,
            String name,
            long identity,
            int toneGroup,
            Expression expression,
            Expression label,
            double intensity) {}

    private final Path out;
    private final Layout layout;
    private final int classes;
    private final int trainSize;
    private final int testSize;
    private final int trainIdentities;
    private final int testIdentities;
    private final Imbalance imbalance;
    private final double labelNoise;
    private final int imageSize;
    private final long seed;
    private final int threads;
    private final Nuisance nuisance;
    private final Framing framing;

    private SynthFer(Builder b) {
        this.out = b.out;
        this.layout = b.layout;
        this.classes = b.classes;
        this.trainSize = b.trainSize;
        this.testSize = b.testSize;
        this.trainIdentities = b.trainIdentities;
        this.testIdentities = b.testIdentities;
        this.imbalance = b.imbalance;
        this.labelNoise = b.labelNoise;
        this.imageSize = b.imageSize;
        this.seed = b.seed;
        this.threads = b.threads;
        this.nuisance = b.nuisance;
        this.framing = b.framing;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Required: {@code setOut}. Everything else has a small, fast default. */
    public static final class Builder {
        private @Nullable Path out;
        private Layout layout = Layout.RAFDB;
        private int classes = 7;
        private int trainSize = 700;
        private int testSize = 210;
        private int trainIdentities = 60;
        private int testIdentities = 20;
        private Imbalance imbalance = Imbalance.UNIFORM;
        private double labelNoise;
        private int imageSize = 100;
        private long seed = 42;
        private int threads = Runtime.getRuntime().availableProcessors();
        private Nuisance nuisance = Nuisance.DEFAULT;
        private Framing framing = Framing.PORTRAIT;

        public Builder setOut(Path out) {
            this.out = Objects.requireNonNull(out);
            return this;
        }

        public Builder optLayout(Layout layout) {
            this.layout = Objects.requireNonNull(layout);
            return this;
        }

        /** 7 (RAF-DB layout always) or 8 (AffectNet layout with Contempt). */
        public Builder optClasses(int classes) {
            if (classes != 7 && classes != 8) {
                throw new RmferException("SynthFER has 7 or 8 classes, got " + classes);
            }
            this.classes = classes;
            return this;
        }

        public Builder optSizes(int train, int test) {
            if (train < 1 || test < 1) {
                throw new RmferException("SynthFER split sizes must be >= 1, got " + train + "/" + test);
            }
            this.trainSize = train;
            this.testSize = test;
            return this;
        }

        /** Number of distinct people in each split (disjoint between splits). */
        public Builder optIdentities(int train, int test) {
            if (train < 1 || test < 1) {
                throw new RmferException("SynthFER needs at least one identity per split");
            }
            this.trainIdentities = train;
            this.testIdentities = test;
            return this;
        }

        public Builder optImbalance(Imbalance imbalance) {
            this.imbalance = Objects.requireNonNull(imbalance);
            return this;
        }

        /** Probability of replacing a label by its confusable partner (fear↔surprise, disgust↔anger, sadness↔neutral, contempt→neutral). */
        public Builder optLabelNoise(double p) {
            if (p < 0 || p > 1) {
                throw new RmferException("label noise must be in [0, 1], got " + p);
            }
            this.labelNoise = p;
            return this;
        }

        public Builder optImageSize(int size) {
            if (size < 32 || size > 512) {
                throw new RmferException("SynthFER image size must be in 32..512, got " + size);
            }
            this.imageSize = size;
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

        public Builder optNuisance(Nuisance nuisance) {
            this.nuisance = Objects.requireNonNull(nuisance);
            return this;
        }

        /** How faces are framed (default {@link Framing#PORTRAIT}; the synthetic lab uses {@link Framing#VIEWER_CROP}). */
        public Builder optFraming(Framing framing) {
            this.framing = Objects.requireNonNull(framing);
            return this;
        }

        public SynthFer build() {
            if (out == null) {
                throw new RmferException("SynthFer.builder(): setOut(..) is required");
            }
            if (layout == Layout.RAFDB && classes != 7) {
                throw new RmferException("The RAF-DB layout has 7 classes");
            }
            return new SynthFer(this);
        }
    }

    private ClassOrder order() {
        return layout == Layout.RAFDB
                ? ClassOrder.RAFDB
                : (classes == 7 ? ClassOrder.AFFECTNET_7 : ClassOrder.AFFECTNET_8);
    }

    /** Per-class counts for a split size, by largest remainder, in the order's class order. */
    static int[] allocate(int n, ClassOrder order, Imbalance imbalance) {
        double[] w = new double[order.size()];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            w[i] = imbalance.weight(order.at(i));
            sum += w[i];
        }
        int[] c = new int[w.length];
        double[] rem = new double[w.length];
        int given = 0;
        for (int i = 0; i < w.length; i++) {
            double exact = n * w[i] / sum;
            c[i] = (int) Math.floor(exact);
            rem[i] = exact - c[i];
            given += c[i];
        }
        while (given < n) {
            int best = 0;
            for (int i = 1; i < w.length; i++) {
                if (rem[i] > rem[best]) {
                    best = i;
                }
            }
            c[best]++;
            rem[best] = -1;
            given++;
        }
        return c;
    }

    /** Renders one face image for a sample. */
    public static BufferedImage renderSample(
            Identity id, Expression e, double intensity, int size, Nuisance nuisance, SplittableRandom r) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(40 + r.nextInt(160), 40 + r.nextInt(160), 40 + r.nextInt(160)));
        g.fillRect(0, 0, size, size);
        double faceW = size * (0.52 + 0.1 * r.nextDouble());
        FaceRenderer.Pose pose = new FaceRenderer.Pose(
                size / 2.0 + size * 0.04 * r.nextGaussian(),
                size / 2.0 + size * 0.03 * r.nextGaussian(),
                faceW,
                5 * r.nextGaussian(),
                0.85 + 0.15 * r.nextDouble());
        FaceRenderer.draw(g, id, ActionUnits.of(e, intensity), pose);
        g.dispose();
        return nuisance.apply(img, FaceRenderer.box(id, pose), r);
    }

    /**
     * Renders a face as a mashup viewer and cuts it out as the RMset pipeline does ({@link Framing#VIEWER_CROP}): a
     * viewer's cell background, face size and pose ({@link SynthMashup#viewerPose}), the face box widened by
     * {@link org.rmfer4j.rmset.RmsetBuilder#WIDENING}·w around its centre with the height kept, resized to
     * {@code size}² by area averaging. The box is the true box mapped to where the cascade detector puts it
     * ({@link #detectorLike}), so labelled faces are framed like the RMset's detections.
     */
    public static BufferedImage renderViewerCrop(
            Identity id, Expression e, double intensity, int size, Nuisance nuisance, SplittableRandom r) {
        int cw = VIEWER_CELL_W;
        int ch = VIEWER_CELL_H;
        BufferedImage cell = new BufferedImage(cw, ch, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = cell.createGraphics();
        g.setColor(new Color(50 + r.nextInt(130), 50 + r.nextInt(130), 50 + r.nextInt(130)));
        g.fillRect(0, 0, cw, ch);
        double tau = 2 * Math.PI;
        FaceRenderer.Pose pose = SynthMashup.viewerPose(
                0,
                0,
                cw,
                ch,
                SynthMashup.viewerFaceWidth(cw, ch, r.nextDouble()),
                Math.sin(tau * r.nextDouble()),
                Math.cos(tau * r.nextDouble()),
                Math.sin(tau * r.nextDouble()),
                Math.cos(tau * r.nextDouble()));
        FaceRenderer.draw(g, id, ActionUnits.of(e, intensity), pose);
        g.dispose();
        double[] box = FaceRenderer.box(id, pose);
        cell = nuisance.apply(cell, box, r);
        double[] d = detectorLike(box);
        Box crop = new Box(
                        (int) Math.round(d[0]), (int) Math.round(d[1]), (int) Math.round(d[2]), (int) Math.round(d[3]))
                .widenForCrop(RmsetBuilder.WIDENING, cw, ch);
        BufferedImage face = cell.getSubimage(crop.x(), crop.y(), crop.w(), crop.h());
        BufferedImage out = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D o = out.createGraphics();
        o.drawImage(face.getScaledInstance(size, size, Image.SCALE_AREA_AVERAGING), 0, 0, null);
        o.dispose();
        return out;
    }

    /**
     * The box OpenCV's cascades report for a rendered face, from its true box: measured on 1,180 lab RMset crops
     * against the mashup's ground truth (the cascades' boxes are square-ish: 1.32× the true width, 0.935× its height,
     * centred 5.5% of the height lower; width ratio sd 0.09). Cutting labelled faces around this box rather than the
     * true one is what makes their framing match the RMset's.
     */
    static double[] detectorLike(double[] box) {
        double w = box[2] * DETECTOR_WIDTH;
        double h = box[3] * DETECTOR_HEIGHT;
        double cx = box[0] + box[2] / 2;
        double cy = box[1] + box[3] / 2 + DETECTOR_DOWN * box[3];
        return new double[] {cx - w / 2, cy - h / 2, w, h};
    }

    static final double DETECTOR_WIDTH = 1.32;
    static final double DETECTOR_HEIGHT = 0.935;
    static final double DETECTOR_DOWN = 0.055;

    /**
     * Writes the dataset, all or nothing: into a private folder first, moved into {@code out} (manifest last) only
     * when every image and label is written; a failure leaves {@code out} as it was. {@code progress} receives one line
     * per 10% done.
     */
    public Result write(Consumer<String> progress) {
        try (StagedFolder stage = StagedFolder.begin(out)) {
            Result r = writeInto(stage.path(), progress);
            stage.commit("manifest.json");
            return new Result(out, out.resolve("manifest.json"), r.counts(), r.order(), r.seconds());
        }
    }

    private Result writeInto(Path dir, Consumer<String> progress) {
        long t0 = System.nanoTime();
        ClassOrder order = order();
        String train = "train";
        String test = layout == Layout.RAFDB ? "test" : "validation";
        List<Truth> truth = new ArrayList<>();
        Map<String, int[]> counts = new LinkedHashMap<>();
        double[] stats = new double[6]; // sum r, g, b, sumsq r, g, b over train pixels
        long[] pixels = new long[1];
        for (String split : List.of(train, test)) {
            int n = split.equals(train) ? trainSize : testSize;
            // Test proportions: RAF-DB's test split is as imbalanced as its train split; AffectNet's validation is
            // balanced.
            Imbalance imb = split.equals(train) || layout == Layout.RAFDB ? imbalance : Imbalance.UNIFORM;
            int[] perClass = allocate(n, order, imb);
            List<Expression> plan = new ArrayList<>();
            for (int c = 0; c < perClass.length; c++) {
                for (int k = 0; k < perClass[c]; k++) {
                    plan.add(order.at(c));
                }
            }
            // a seeded shuffle so file order does not reveal the class
            SplittableRandom shuffle = new SplittableRandom(Seeds.mix(seed, split.hashCode(), 1));
            for (int i = plan.size() - 1; i > 0; i--) {
                int j = shuffle.nextInt(i + 1);
                Expression t = plan.get(i);
                plan.set(i, plan.get(j));
                plan.set(j, t);
            }
            int people = split.equals(train) ? trainIdentities : testIdentities;
            long idBase = split.equals(train) ? 1_000_000L : 2_000_000L; // disjoint identity seeds
            List<Truth> splitTruth = renderSplit(
                    dir, split, plan, people, idBase, order, progress, split.equals(train) ? stats : null, pixels);
            truth.addAll(splitTruth);
            int[] labelled = new int[order.size()];
            splitTruth.forEach(t -> labelled[order.indexOf(t.label())]++);
            counts.put(split, labelled);
        }
        writeLabels(dir, truth, order);
        writeTruth(dir, truth);
        Normalization norm = normalization(stats, pixels[0]);
        DatasetManifest m = manifest(order, counts, norm);
        Path manifestFile = Manifests.write(m, dir.resolve("manifest.json"));
        return new Result(dir, manifestFile, counts, order, (System.nanoTime() - t0) / 1e9);
    }

    private List<Truth> renderSplit(
            Path dir,
            String split,
            List<Expression> plan,
            int people,
            long idBase,
            ClassOrder order,
            Consumer<String> progress,
            double @Nullable [] stats,
            long[] pixels) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Truth>> futures = new ArrayList<>();
            for (int i = 0; i < plan.size(); i++) {
                final int index = i;
                final Expression expr = plan.get(i);
                futures.add(pool.submit(() -> {
                    SplittableRandom r = new SplittableRandom(Seeds.mix(seed, split.hashCode(), index));
                    long person = idBase + r.nextInt(people);
                    Identity id = Identity.of(Seeds.mix(seed, person), Math.floorMod(person, 6));
                    double intensity = 0.25 + 0.75 * r.nextDouble();
                    Expression label = r.nextDouble() < labelNoise ? partner(expr, order) : expr;
                    BufferedImage img = framing == Framing.VIEWER_CROP
                            ? renderViewerCrop(id, expr, intensity, imageSize, nuisance, r)
                            : renderSample(id, expr, intensity, imageSize, nuisance, r);
                    String name = fileName(split, index);
                    writeJpeg(img, dir.resolve(imagePath(split, name, person)));
                    if (stats != null) {
                        accumulate(img, stats, pixels);
                    }
                    return new Truth(split, name, person, Math.floorMod(person, 6), expr, label, intensity);
                }));
            }
            List<Truth> result = new ArrayList<>();
            int step = Math.max(1, futures.size() / 10);
            for (int i = 0; i < futures.size(); i++) {
                result.add(futures.get(i).get());
                if ((i + 1) % step == 0 || i + 1 == futures.size()) {
                    progress.accept(String.format(Locale.ROOT, "synth faces: %s %d/%d", split, i + 1, futures.size()));
                }
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RmferException("Interrupted while writing SynthFER", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RmferException r
                    ? new RmferException(r.getMessage(), r)
                    : new RmferException("Writing SynthFER failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
            try {
                // a failed split must not go on writing into a folder that is about to be removed
                pool.awaitTermination(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static synchronized void accumulate(BufferedImage img, double[] stats, long[] pixels) {
        int[] px = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        for (int p : px) {
            double r = ((p >> 16) & 0xFF) / 255.0;
            double g = ((p >> 8) & 0xFF) / 255.0;
            double b = (p & 0xFF) / 255.0;
            stats[0] += r;
            stats[1] += g;
            stats[2] += b;
            stats[3] += r * r;
            stats[4] += g * g;
            stats[5] += b * b;
        }
        pixels[0] += px.length;
    }

    private static Normalization normalization(double[] s, long n) {
        double[] mean = new double[3];
        double[] std = new double[3];
        for (int c = 0; c < 3; c++) {
            mean[c] = Math.round(s[c] / n * 1e6) / 1e6;
            std[c] = Math.round(Math.sqrt(Math.max(1e-12, s[3 + c] / n - (s[c] / n) * (s[c] / n))) * 1e6) / 1e6;
        }
        return new Normalization(mean, std, "computed from this SynthFER train split");
    }

    private String fileName(String split, int index) {
        if (layout == Layout.RAFDB) {
            return split.equals("train")
                    ? String.format(Locale.ROOT, "train_%05d.jpg", index + 1)
                    : String.format(Locale.ROOT, "test_%04d.jpg", index + 1);
        }
        return String.format(Locale.ROOT, "%s_%06d.jpg", split, index + 1);
    }

    private String imagePath(String split, String name, long person) {
        if (layout == Layout.RAFDB) {
            return "Image/aligned/" + name.substring(0, name.length() - 4) + "_aligned.jpg";
        }
        return "Manually_Annotated_Images/" + (person % 1000) + "/" + name;
    }

    private void writeLabels(Path dir, List<Truth> truth, ClassOrder order) {
        if (layout == Layout.RAFDB) {
            StringBuilder sb = new StringBuilder();
            truth.forEach(t -> sb.append(t.name())
                    .append(' ')
                    .append(order.codeOf(t.label()))
                    .append('\n'));
            AtomicFiles.writeString(dir.resolve("EmoLabel/list_patition_label.txt"), sb.toString());
            return;
        }
        ClassOrder full = ClassOrder.AFFECTNET_8;
        for (String split : List.of("train", "validation")) {
            StringBuilder sb = new StringBuilder(
                    "subDirectory_filePath,face_x,face_y,face_width,face_height,facial_landmarks,expression,valence,arousal\n");
            truth.stream()
                    .filter(t -> t.split().equals(split))
                    .forEach(t -> sb.append(t.identity() % 1000)
                            .append('/')
                            .append(t.name())
                            .append(",0,0,")
                            .append(imageSize)
                            .append(',')
                            .append(imageSize)
                            .append(",,")
                            .append(full.codeOf(t.label()))
                            .append(",0,0\n"));
            AtomicFiles.writeString(
                    dir.resolve(split.equals("train") ? "training.csv" : "validation.csv"), sb.toString());
        }
    }

    private void writeTruth(Path dir, List<Truth> truth) {
        StringBuilder sb = new StringBuilder("split,name,identity,toneGroup,expression,label,intensity\n");
        truth.forEach(t -> sb.append(t.split())
                .append(',')
                .append(t.name())
                .append(',')
                .append(t.identity())
                .append(',')
                .append(t.toneGroup())
                .append(',')
                .append(t.expression().name())
                .append(',')
                .append(t.label().name())
                .append(',')
                .append(String.format(Locale.ROOT, "%.4f", t.intensity()))
                .append('\n'));
        AtomicFiles.writeString(dir.resolve("synth-truth.csv"), sb.toString());
    }

    private DatasetManifest manifest(ClassOrder order, Map<String, int[]> counts, Normalization norm) {
        DatasetManifest base = Manifests.bundled(layout == Layout.RAFDB ? "rafdb" : "affectnet");
        Map<String, DatasetManifest.SplitSpec> splits = new LinkedHashMap<>();
        counts.forEach((split, c) -> {
            Map<String, Integer> per = new LinkedHashMap<>();
            for (int i = 0; i < c.length; i++) {
                per.put(order.at(i).displayName(), c[i]);
            }
            splits.put(split, new DatasetManifest.SplitSpec(Arrays.stream(c).sum(), per, "as written by SynthFER"));
        });
        Map<String, String> params = new LinkedHashMap<>(base.params());
        if (layout == Layout.AFFECTNET) {
            params.put("defaultClasses", String.valueOf(classes));
        }
        String name = "synthfer-" + layout.name().toLowerCase(Locale.ROOT);
        return new DatasetManifest(
                name,
                "SynthFER (synthetic faces, " + layout.name().toLowerCase(Locale.ROOT) + " layout, seed " + seed + ")",
                base.layout(),
                true,
                "generated by ./rmfer synth faces",
                "Synthetic images generated by rmfer4j; free to use. " + "Never a real benchmark.",
                null,
                base.classOrder(),
                base.files(),
                base.columns(),
                params,
                base.tree(),
                splits,
                norm,
                List.of("synthetic: seed " + seed + ", imbalance " + imbalance + ", label noise " + labelNoise
                        + ", " + trainIdentities + "/" + testIdentities + " disjoint identities, framing " + framing
                        + "; ground truth in synth-truth.csv"));
    }

    private static void writeJpeg(BufferedImage img, Path file) {
        try {
            Files.createDirectories(file.getParent());
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpg").next();
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.92f);
            AtomicFiles.write(file, os -> {
                try (ImageOutputStream ios = ImageIO.createImageOutputStream(new NonClosing(os))) {
                    writer.setOutput(ios);
                    writer.write(null, new IIOImage(img, null, null), p);
                } finally {
                    writer.dispose();
                }
            });
        } catch (IOException e) {
            throw new RmferException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Keeps ImageIO from closing the atomic writer's stream before it is flushed to disk. */
    private static final class NonClosing extends FilterOutputStream {
        NonClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
