package org.rmfer4j.data;

import java.nio.file.Path;
import java.util.ServiceLoader;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.data.manifest.DatasetManifest;

/**
 * A dataset layout read by a feature above {@code data} (the RMset's {@code index.csv}), found through
 * {@link ServiceLoader} ({@code META-INF/services/org.rmfer4j.data.DatasetLayout}) so that {@link Datasets} opens it by
 * its manifest without the data package depending on that feature.
 */
public interface DatasetLayout {
    /** The manifest's {@code layout} value this reads. */
    String layout();

    /** Reads the dataset; {@code split} as the manifest names it, or null where the layout has none. */
    FaceDataset open(DatasetManifest manifest, Path root, @Nullable String split, ProblemSink problems);

    /** The registered layout named {@code layout}, or null. */
    static @Nullable DatasetLayout find(String layout) {
        for (DatasetLayout l : ServiceLoader.load(DatasetLayout.class, DatasetLayout.class.getClassLoader())) {
            if (l.layout().equals(layout)) {
                return l;
            }
        }
        return null;
    }
}
