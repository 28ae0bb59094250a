package org.rmfer4j.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.manifest.Manifests;
import org.rmfer4j.data.verify.DatasetVerifier;
import org.rmfer4j.data.verify.VerificationReport;
import org.rmfer4j.synth.FilmTimeline;
import org.rmfer4j.synth.SynthFer;
import org.rmfer4j.synth.SynthMashup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rmfer synth faces|mashup}: the synthetic default data. */
@Command(
        name = "synth",
        mixinStandardHelpOptions = true,
        description =
                "Synthetic data with ground truth: labelled faces (SynthFER) and reaction-mashup videos (SynthMashup).",
        subcommands = {SynthCommand.Faces.class, SynthCommand.Mashup.class})
final class SynthCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "faces",
            mixinStandardHelpOptions = true,
            description =
                    "Write SynthFER: labelled synthetic faces in the RAF-DB or AffectNet layout, with a manifest and ground truth.")
    static final class Faces implements Callable<Integer> {
        @Option(names = "--out", required = true, paramLabel = "DIR")
        Path out;

        @Option(
                names = "--layout",
                defaultValue = "rafdb",
                description = "rafdb or affectnet (default ${DEFAULT-VALUE}).")
        String layout;

        @Option(names = "--classes", defaultValue = "7", description = "7 or 8 (8 needs the affectnet layout).")
        int classes;

        @Option(names = "--train", defaultValue = "700", description = "Training images (default ${DEFAULT-VALUE}).")
        int train;

        @Option(names = "--test", defaultValue = "210", description = "Test images (default ${DEFAULT-VALUE}).")
        int test;

        @Option(
                names = "--identities",
                defaultValue = "60,20",
                split = ",",
                description = "People in train,test (disjoint).")
        int[] identities;

        @Option(
                names = "--imbalance",
                defaultValue = "uniform",
                description = "uniform, rafdb or affectnet proportions.")
        String imbalance;

        @Option(
                names = "--label-noise",
                defaultValue = "0",
                description = "Probability of flipping a label to its confusable partner.")
        double labelNoise;

        @Option(names = "--size", defaultValue = "100", description = "Image side in pixels (RAF-DB aligned: 100).")
        int size;

        @Option(names = "--seed", defaultValue = "42")
        long seed;

        @Override
        public Integer call() {
            SynthFer.Result r = SynthFer.builder()
                    .setOut(out)
                    .optLayout(SynthFer.Layout.valueOf(layout.toUpperCase(Locale.ROOT)))
                    .optClasses(classes)
                    .optSizes(train, test)
                    .optIdentities(identities[0], identities[1])
                    .optImbalance(SynthFer.Imbalance.valueOf(imbalance.toUpperCase(Locale.ROOT)))
                    .optLabelNoise(labelNoise)
                    .optImageSize(size)
                    .optSeed(seed)
                    .build()
                    .write(System.out::println);
            System.out.printf(
                    Locale.ROOT,
                    "wrote SynthFER (SYNTHETIC, seed %d) to %s in %.1f s; manifest %s%n",
                    seed,
                    r.root(),
                    r.seconds(),
                    r.manifest());
            VerificationReport v =
                    DatasetVerifier.verify(Manifests.load(r.manifest()), r.root(), DatasetVerifier.Options.defaults());
            System.out.print(v.format(20));
            return v.ok() ? 0 : 1;
        }
    }

    @Command(
            name = "mashup",
            mixinStandardHelpOptions = true,
            description = "Write SynthMashup videos (H.264 MP4) with per-frame ground truth and the removal area.")
    static final class Mashup implements Callable<Integer> {
        @Option(names = "--out", required = true, paramLabel = "DIR")
        Path out;

        @Option(names = "--videos", defaultValue = "1", description = "How many videos (default ${DEFAULT-VALUE}).")
        int videos;

        @Option(names = "--seconds", defaultValue = "20")
        double seconds;

        @Option(names = "--fps", defaultValue = "25")
        int fps;

        @Option(names = "--size", defaultValue = "1280x720", description = "WIDTHxHEIGHT (default ${DEFAULT-VALUE}).")
        String size;

        @Option(names = "--viewers", defaultValue = "12", description = "1 to 20 (default ${DEFAULT-VALUE}).")
        int viewers;

        @Option(names = "--preset", defaultValue = "mixed", description = "funny, scary, sad, disgusting or mixed.")
        String preset;

        @Option(names = "--seed", defaultValue = "42")
        long seed;

        @Override
        public Integer call() {
            String[] wh = size.toLowerCase(Locale.ROOT).split("x");
            if (wh.length != 2) {
                throw new RmferException("--size must look like 1280x720, got " + size);
            }
            for (int i = 0; i < videos; i++) {
                SynthMashup.Result r = SynthMashup.builder()
                        .setOut(out)
                        .optName(String.format(Locale.ROOT, "mashup%02d", i + 1))
                        .optSeconds(seconds)
                        .optFps(fps)
                        .optSize(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]))
                        .optViewers(viewers)
                        .optPreset(FilmTimeline.Preset.parse(preset))
                        .optSeed(seed + i)
                        .build()
                        .write(System.out::println);
                System.out.printf(
                        Locale.ROOT,
                        "wrote %s (SYNTHETIC, seed %d): %d frames, %d viewers in %.1f s; truth %s%n",
                        r.video(),
                        seed + i,
                        r.frames(),
                        r.viewers(),
                        r.seconds(),
                        r.truth());
            }
            return 0;
        }
    }
}
