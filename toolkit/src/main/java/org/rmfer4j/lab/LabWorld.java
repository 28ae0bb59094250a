package org.rmfer4j.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.core.Seeds;
import org.rmfer4j.rmset.Box;
import org.rmfer4j.rmset.FaceDetector;
import org.rmfer4j.rmset.IdRule;
import org.rmfer4j.rmset.RemovalAreas;
import org.rmfer4j.rmset.RmsetBuilder;
import org.rmfer4j.synth.FilmTimeline;
import org.rmfer4j.synth.Nuisance;
import org.rmfer4j.synth.Reactions;
import org.rmfer4j.synth.SynthFer;
import org.rmfer4j.synth.SynthMashup;
import org.rmfer4j.train.ExpressionOracle;

/**
 * The synthetic lab's world: one controlled instance of the paper's setting, with ground truth everywhere.
 *
 * <ul>
 *   <li><b>One domain.</b> Labelled faces are drawn as mashup viewers and cut out with the RMset's crop transform
 *       ({@link SynthFer.Framing#VIEWER_CROP}); the RMset crops come from the videos through the real pipeline at the
 *       same size. The seven classes are RAF-DB's, and the film ({@link FilmTimeline.Preset#LAB}) provokes exactly its
 *       six non-neutral expressions. Class proportions are uniform (stated in the manifest and the tables), so the
 *       majority-class rate is 1/7.</li>
 *   <li><b>Identity is the nuisance.</b> Labelled, RMset and test people are disjoint sets of generated identities
 *       (face shape, six tone groups, hair, glasses, age lines) whose differences are larger than a weak expression's.</li>
 *   <li><b>The semi-supervised regime.</b> A labelled pool from which a run takes a few images per class (and a
 *       validation split from the rest); an RMset many times larger, from many videos and viewers.</li>
 *   <li><b>A broken-prior twin.</b> The same videos (same people, same film) in which every viewer reacts to a film of
 *       their own, so the prior "other people at the same time share an expression" no longer holds: the control in
 *       which ACL must not help.</li>
 * </ul>
 *
 * Every step skips what an earlier (interrupted) run finished: SynthFER by its manifest, videos by their metadata, the
 * RMset by its finished videos.
 *
 * @param spec       what was generated
 * @param root       the world's folder
 * @param labelled   the SynthFER folder (RAF-DB layout)
 * @param manifest   its manifest
 * @param rmset      the RMset built from the videos
 * @param broken     the RMset of the broken-prior videos, or null when not generated
 * @param truth      true expressions of {@code rmset}'s faces
 * @param brokenTruth true expressions of {@code broken}'s faces, or null
 * @param heldOut    a small RMset of other people ({@link #HELD_OUT_VIDEOS} videos) that no run trains on: Fig. 4's
 *                   anchors come from it, as the paper's come from an RMset "not used during training"
 */
public record LabWorld(
        Spec spec,
        Path root,
        Path labelled,
        Path manifest,
        Path rmset,
        Path broken,
        ExpressionOracle truth,
        ExpressionOracle brokenTruth,
        Path heldOut) {
    /**
     * The lab's RMset detector: the cascades, as exact as SSD on rendered SynthMashup faces (both 100% recall and ID
     * accuracy, CnnRmsetTest) and ~6x faster; the lab's committed results were made with it and the paper's
     * first-frame ID rule.
     */
    public static final FaceDetector.Spec RMSET_DETECTOR = FaceDetector.Spec.CASCADE;

    /** The lab's ID rule (see {@link #RMSET_DETECTOR}). */
    public static final IdRule RMSET_ID_RULE = IdRule.FIRST_FRAME;

    /**
     * The lab's sizes. All SYNTHETIC.
     *
     * @param trainPool       labelled pool (uniform over the 7 classes); runs take {@code labelledPerClass} of it
     * @param testFaces       test split (uniform)
     * @param trainIdentities people in the labelled pool
     * @param testIdentities  people in the test split
     * @param imageSize       side of labelled images and RMset crops
     * @param videos          mashup videos (each {@code viewers} new people)
     * @param seconds         video length
     * @param viewers         viewers per video
     * @param every           RMset sampling: every n-th frame
     * @param brokenPrior     also build the broken-prior twin
     * @param seed            the data seed (faces, videos, identities)
     * @param reactions       how closely the viewers follow the film ({@link Reactions#LAB} in the lab's worlds)
     */
    public record Spec(
            int trainPool,
            int testFaces,
            int trainIdentities,
            int testIdentities,
            int imageSize,
            int videos,
            double seconds,
            int viewers,
            int every,
            boolean brokenPrior,
            long seed,
            Reactions reactions) {
        /** A world whose viewers react as the lab's do ({@link Reactions#LAB}). */
        public Spec(
                int trainPool,
                int testFaces,
                int trainIdentities,
                int testIdentities,
                int imageSize,
                int videos,
                double seconds,
                int viewers,
                int every,
                boolean brokenPrior,
                long seed) {
            this(
                    trainPool,
                    testFaces,
                    trainIdentities,
                    testIdentities,
                    imageSize,
                    videos,
                    seconds,
                    viewers,
                    every,
                    brokenPrior,
                    seed,
                    Reactions.LAB);
        }

        public Spec {
            Objects.requireNonNull(reactions, "reactions");
            if (trainPool < 7 || testFaces < 7 || videos < 1 || viewers < 2 || every < 1 || imageSize < 32) {
                throw new RmferException("Invalid lab spec: " + trainPool + " labelled, " + testFaces + " test, "
                        + videos + " videos of " + viewers + " viewers, every " + every + ", " + imageSize + " px");
            }
        }

        /** The same world with another data seed. */
        public Spec withSeed(long s) {
            return new Spec(
                    trainPool,
                    testFaces,
                    trainIdentities,
                    testIdentities,
                    imageSize,
                    videos,
                    seconds,
                    viewers,
                    every,
                    brokenPrior,
                    s,
                    reactions);
        }

        /** The held-out RMset's spec: {@link #HELD_OUT_VIDEOS} videos of people seeded apart from every other. */
        Spec heldOut() {
            return new Spec(
                    trainPool,
                    testFaces,
                    trainIdentities,
                    testIdentities,
                    imageSize,
                    HELD_OUT_VIDEOS,
                    seconds,
                    viewers,
                    every,
                    false,
                    Seeds.mix(seed, 0x4E1D),
                    reactions);
        }

        /** The same world without the broken-prior twin. */
        public Spec withoutBrokenPrior() {
            return new Spec(
                    trainPool,
                    testFaces,
                    trainIdentities,
                    testIdentities,
                    imageSize,
                    videos,
                    seconds,
                    viewers,
                    every,
                    false,
                    seed,
                    reactions);
        }

        /** The same world with viewers that react in another {@code style} (an experiment's world). */
        public Spec withReactions(Reactions style) {
            return new Spec(
                    trainPool,
                    testFaces,
                    trainIdentities,
                    testIdentities,
                    imageSize,
                    videos,
                    seconds,
                    viewers,
                    every,
                    brokenPrior,
                    seed,
                    style);
        }

        /** RMset people: videos × viewers. */
        public int rmsetIdentities() {
            return videos * viewers;
        }
    }

    /** Videos in the held-out RMset. */
    public static final int HELD_OUT_VIDEOS = 2;

    /** The videos' frame size: a 6 × 4 grid of 160 × 135 px cells, the cell SynthFER's viewer framing draws in. */
    public static final int VIDEO_WIDTH = 6 * SynthFer.VIEWER_CELL_W;

    public static final int VIDEO_HEIGHT = 4 * SynthFer.VIEWER_CELL_H;

    /** Generates (or reuses) the world under {@code root}. */
    public static LabWorld make(Spec spec, Path root, Consumer<String> log) {
        Objects.requireNonNull(spec);
        Path labelled = root.resolve("synthfer");
        Path manifest = labelled.resolve("manifest.json");
        long t0 = System.nanoTime();
        if (!Files.isRegularFile(manifest)) {
            log.accept(String.format(
                    Locale.ROOT,
                    "lab: SynthFER labelled pool (SYNTHETIC): %d + %d test faces, %d + %d people, "
                            + "viewer framing, uniform classes, data seed %d",
                    spec.trainPool(),
                    spec.testFaces(),
                    spec.trainIdentities(),
                    spec.testIdentities(),
                    spec.seed()));
            // the videos carry no lighting gradient, occluder or noise of SynthFER's default nuisances; H.264 softens
            // them a little, which a light blur stands in for
            manifest = SynthFer.builder()
                    .setOut(labelled)
                    .optLayout(SynthFer.Layout.RAFDB)
                    .optSizes(spec.trainPool(), spec.testFaces())
                    .optIdentities(spec.trainIdentities(), spec.testIdentities())
                    .optImageSize(spec.imageSize())
                    .optImbalance(SynthFer.Imbalance.UNIFORM)
                    .optFraming(SynthFer.Framing.VIEWER_CROP)
                    .optNuisance(LAB_NUISANCE)
                    .optSeed(spec.seed())
                    .build()
                    .write(log)
                    .manifest();
        } else {
            log.accept("lab: reusing " + labelled);
        }
        log.accept(String.format(Locale.ROOT, "lab: faces ready in %.1f s", (System.nanoTime() - t0) / 1e9));
        Side normal = side(spec, root, "videos", "rmset", false, log);
        Side broken =
                spec.brokenPrior() ? side(spec, root, "videos-broken-prior", "rmset-broken-prior", true, log) : null;
        Side held = side(spec.heldOut(), root, "videos-held-out", "rmset-held-out", false, log);
        return new LabWorld(
                spec,
                root,
                labelled,
                manifest,
                normal.rmset,
                broken == null ? null : broken.rmset,
                normal.truth,
                broken == null ? null : broken.truth,
                held.rmset);
    }

    /** SynthFER's nuisances for the lab: a light blur in a third of the images, faint noise, no occluders or gradients. */
    public static final Nuisance LAB_NUISANCE = new Nuisance(0, 0, 0.3, 2.0);

    private record Side(Path rmset, ExpressionOracle truth) {}

    private static Side side(
            Spec spec, Path root, String videosName, String rmsetName, boolean independent, Consumer<String> log) {
        long t0 = System.nanoTime();
        Path videos = root.resolve(videosName);
        Map<String, List<Box>> removal = new HashMap<>();
        Map<String, CandidateTruth> truth = new HashMap<>();
        for (int i = 0; i < spec.videos(); i++) {
            String name = String.format(Locale.ROOT, "lab%02d", i + 1);
            SynthMashup.Result v = SynthMashup.builder()
                    .setOut(videos)
                    .optName(name)
                    .optSeconds(spec.seconds())
                    .optSize(VIDEO_WIDTH, VIDEO_HEIGHT)
                    .optViewers(spec.viewers())
                    .optPreset(FilmTimeline.Preset.LAB)
                    .optIndependentReactions(independent)
                    .optReactions(spec.reactions())
                    .optSeed(Seeds.mix(spec.seed(), 0x1AB, i))
                    .build()
                    .writeOrReuse(s -> {});
            int[] r = v.removalArea();
            removal.put(name, List.of(new Box(r[0], r[1], r[2], r[3])));
            truth.put(name, new CandidateTruth(v));
        }
        log.accept(String.format(
                Locale.ROOT,
                "lab: %d %svideos (SYNTHETIC, %d viewers each) ready in %.1f s",
                spec.videos(),
                independent ? "broken-prior " : "",
                spec.viewers(),
                (System.nanoTime() - t0) / 1e9));
        Path rmset = root.resolve(rmsetName);
        RmsetBuilder.Summary summary = RmsetBuilder.builder()
                .optDetector(RMSET_DETECTOR)
                .optIdRule(RMSET_ID_RULE)
                .setVideos(videos)
                .setOut(rmset)
                .optRemoval(RemovalAreas.of(removal))
                .optEvery(spec.every())
                .optCropSize(spec.imageSize())
                .optThreads(Math.min(spec.videos(), Runtime.getRuntime().availableProcessors()))
                .build()
                .build(s -> {});
        if (summary.failed() > 0) {
            throw new RmferException(summary.failed() + " lab video(s) failed in the RMset pipeline under " + videos);
        }
        log.accept("lab: " + (independent ? "broken-prior " : "") + summary.headline());
        return new Side(rmset, ExpressionOracle.byVideo(truth));
    }
}
