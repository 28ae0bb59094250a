package org.rmfer4j.data;

import java.nio.file.Path;

import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.loader.AffectNet;
import org.rmfer4j.data.loader.FerPlus;
import org.rmfer4j.data.loader.ImageFolder;
import org.rmfer4j.data.loader.RafDb;
import org.rmfer4j.data.manifest.DatasetManifest;
import org.rmfer4j.data.manifest.Manifests;
import org.rmfer4j.rmset.RmsetIndex;

/**
 * One entry point for every layout: picks the loader from the manifest's {@code layout}. Use the specific builders
 * ({@link RafDb}, {@link AffectNet}, {@link FerPlus}, {@link ImageFolder}) for their options.
 */
public final class Datasets {
    private Datasets() {
    }

    /** Loads a split of a bundled dataset (by name) or of a manifest file (path ending in .json). */
    public static FaceDataset load(String manifest, Path root, @Nullable String split) {
        return load(Manifests.resolve(manifest), root, split, ProblemSink.failFast());
    }

    /** Loads a split with default options, sending problems to {@code problems}. */
    public static FaceDataset load(DatasetManifest m, Path root, @Nullable String split, ProblemSink problems) {
        return switch (m.layout()) {
            case "rafdb" -> RafDb.builder().setRoot(root).setSplit(required(m, split)).optManifest(m).optProblems(problems).build();
            case "affectnet" -> AffectNet.builder().setRoot(root).setSplit(required(m, split)).optManifest(m).optProblems(problems).build();
            case "ferplus" -> FerPlus.builder().setRoot(root).setSplit(required(m, split)).optManifest(m).optProblems(problems).build();
            case "folder" -> ImageFolder.builder().setRoot(root).optSplit(split).optManifest(m).optProblems(problems).build();
            case "rmset" -> RmsetIndex.read(root, m.file("index"), problems).asDataset();
            default -> throw new RmferException("Manifest " + m.name() + " has layout '" + m.layout() + "', which no loader reads");
        };
    }

    private static String required(DatasetManifest m, @Nullable String split) {
        if (split == null) {
            throw new RmferException("Dataset '" + m.name() + "' needs a split; expected one of " + m.splitNames());
        }
        return m.requireSplit(split);
    }
}
