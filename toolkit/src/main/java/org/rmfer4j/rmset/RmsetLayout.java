package org.rmfer4j.rmset;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.data.DatasetLayout;
import org.rmfer4j.data.FaceDataset;
import org.rmfer4j.data.ProblemSink;
import org.rmfer4j.data.manifest.DatasetManifest;

/** The {@code rmset} layout (an RMset folder's {@code index.csv}) for {@link org.rmfer4j.data.Datasets}. */
public final class RmsetLayout implements DatasetLayout {
    @Override
    public String layout() {
        return "rmset";
    }

    @Override
    public FaceDataset open(DatasetManifest manifest, Path root, @Nullable String split, ProblemSink problems) {
        return RmsetIndex.read(root, manifest.file("index"), problems).asDataset();
    }
}
