package org.rmfer4j.rmset;

import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.RmferException;

/**
 * A way to run the RMset construction other than this JVM's thread pool, found through {@link ServiceLoader} (the
 * {@code rmfer4j-spark} module provides {@code spark}). Every engine runs {@link RmsetBuilder#buildVideo} per video and
 * writes the same {@code index.csv}.
 */
public interface RmsetEngine {
    /** The name {@code --engine} selects. */
    String name();

    /** Builds the RMset; returns a one-line summary. */
    String build(Request request, Consumer<String> log);

    /** What {@code ./rmfer rmset build} was asked ({@code segmentFrames}: 0 for one task per video). */
    record Request(
            Path videos,
            Path out,
            int every,
            @Nullable Path removal,
            @Nullable Path manual,
            String track,
            int cropSize,
            TrackingSearch search,
            String master,
            FaceDetector.Spec detector,
            IdRule idRule,
            CropLayout crops,
            int segmentFrames) {}

    /** The engine called {@code name}, or an error saying how to get it. */
    static RmsetEngine named(String name) {
        for (RmsetEngine e : ServiceLoader.load(RmsetEngine.class)) {
            if (e.name().equals(name)) {
                return e;
            }
        }
        throw new RmferException(
                "No RMset engine '" + name + "' on the class path. The Spark engine lives in the rmfer4j-spark "
                        + "module: run it through './rmfer rmset build --engine spark ...' (the launcher adds the module and Spark's "
                        + "--add-opens flags), or put spark/target/rmfer4j-spark.jar and spark/target/lib/* on the class path.");
    }
}
