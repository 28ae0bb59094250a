package org.rmfer4j.data.loader;

import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.ProblemSink;
import org.rmfer4j.data.manifest.DatasetManifest;
import org.rmfer4j.data.manifest.Manifests;

/**
 * What every split loader's builder takes: the root and split (required), the manifest and where problems go
 * (optional). Subclasses add their own {@code opt*} options.
 *
 * @param <B> the concrete builder, so chained calls keep its type (in Java and Kotlin alike)
 */
public abstract class LoaderBuilder<B extends LoaderBuilder<B>> {
    protected @Nullable Path root;
    protected @Nullable String split;
    protected DatasetManifest manifest;
    protected ProblemSink problems = ProblemSink.failFast();

    protected LoaderBuilder(String bundledManifest) {
        this.manifest = Manifests.bundled(bundledManifest);
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    public B setRoot(Path root) {
        this.root = Objects.requireNonNull(root);
        return self();
    }

    public B setSplit(String split) {
        this.split = Objects.requireNonNull(split);
        return self();
    }

    public B optManifest(DatasetManifest manifest) {
        this.manifest = Objects.requireNonNull(manifest);
        return self();
    }

    /** Where to send problems; the default throws on the first. */
    public B optProblems(ProblemSink problems) {
        this.problems = Objects.requireNonNull(problems);
        return self();
    }

    /** Fails naming the loader if root or split is missing, or the split is not in the manifest. */
    protected void requireRootAndSplit(String loader) {
        if (root == null || split == null) {
            throw new RmferException(loader + ".builder(): setRoot(..) and setSplit(..) are required");
        }
        manifest.requireSplit(split);
    }
}
