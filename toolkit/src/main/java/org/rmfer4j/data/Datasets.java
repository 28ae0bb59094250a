package org.rmfer4j.data;

import java.nio.file.Path;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.loader.AffectNet;
import org.rmfer4j.data.loader.FerPlus;
import org.rmfer4j.data.loader.FerPlusLabels;
import org.rmfer4j.data.loader.ImageFolder;
import org.rmfer4j.data.loader.RafDb;
import org.rmfer4j.data.manifest.DatasetManifest;
import org.rmfer4j.data.manifest.Manifests;

/**
 * One entry point for every layout: picks the loader from the manifest's {@code layout}. Use the specific builders
 * ({@link RafDb}, {@link AffectNet}, {@link FerPlus}, {@link ImageFolder}) for their options.
 */
public final class Datasets {
    private Datasets() {}

    /**
     * Loader options that only some layouts take; null means the manifest's default.
     *
     * @param classes   AffectNet: 7 or 8
     * @param aligned   AffectNet: read a pre-aligned copy whole
     * @param labelMode FERPlus: majority-argmax, majority, probability, crossentropy, multi-target
     * @param images    RAF-DB: aligned or original
     */
    public record Options(
            @Nullable Integer classes,
            @Nullable Boolean aligned,
            @Nullable String labelMode,
            @Nullable String images) {
        public static final Options DEFAULTS = new Options(null, null, null, null);
    }

    /** Loads a split of a bundled dataset (by name) or of a manifest file (path ending in .json). */
    public static FaceDataset load(String manifest, Path root, @Nullable String split) {
        return load(Manifests.resolve(manifest), root, split, Options.DEFAULTS, ProblemSink.failFast());
    }

    /** Loads a split, sending problems to {@code problems}. */
    public static FaceDataset load(
            DatasetManifest m, Path root, @Nullable String split, Options o, ProblemSink problems) {
        return switch (m.layout()) {
            case "rafdb" -> {
                var b = RafDb.builder()
                        .setRoot(root)
                        .setSplit(required(m, split))
                        .optManifest(m)
                        .optProblems(problems);
                if (o.images() != null) {
                    b.optImages(RafDb.Images.valueOf(o.images().toUpperCase(Locale.ROOT)));
                }
                yield b.build();
            }
            case "affectnet" -> {
                var b = AffectNet.builder()
                        .setRoot(root)
                        .setSplit(required(m, split))
                        .optManifest(m)
                        .optProblems(problems);
                if (o.classes() != null) {
                    b.optClasses(o.classes());
                }
                if (o.aligned() != null) {
                    b.optAligned(o.aligned());
                }
                yield b.build();
            }
            case "ferplus" -> {
                var b = FerPlus.builder()
                        .setRoot(root)
                        .setSplit(required(m, split))
                        .optManifest(m)
                        .optProblems(problems);
                if (o.labelMode() != null) {
                    b.optLabelMode(FerPlusLabels.Mode.parse(o.labelMode()));
                }
                yield b.build();
            }
            case "folder" ->
                ImageFolder.builder()
                        .setRoot(root)
                        .optSplit(split)
                        .optManifest(m)
                        .optProblems(problems)
                        .build();
            default -> {
                DatasetLayout other = DatasetLayout.find(m.layout()); // the RMset's, registered by its package
                if (other == null) {
                    throw new RmferException(
                            "Manifest " + m.name() + " has layout '" + m.layout() + "', which no loader reads");
                }
                yield other.open(m, root, split, problems);
            }
        };
    }

    private static String required(DatasetManifest m, @Nullable String split) {
        if (split == null) {
            throw new RmferException("Dataset '" + m.name() + "' needs a split; expected one of " + m.splitNames());
        }
        return m.requireSplit(split);
    }
}
