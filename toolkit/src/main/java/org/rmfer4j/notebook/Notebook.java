package org.rmfer4j.notebook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.Nd4jSupport;
import org.rmfer4j.core.RmferException;

/**
 * What every notebook's setup cell calls, and what JShell's start-up script calls: initialises ND4J under the current
 * class loader and reads the knobs that let CI run the notebooks small.
 *
 * <ul>
 *   <li>{@code MAX_EPOCH}: cap on training epochs (default: the notebook's own value)</li>
 *   <li>{@code DATASET_LIMIT}: cap on images per split (default: no cap)</li>
 *   <li>{@code RMFER_WORK}: where notebooks write data and runs (default {@code runs/notebooks} from the toolkit's folder)</li>
 * </ul>
 * Knobs come from system properties first, then the environment.
 *
 * <p>Progress lines from long work go through {@link #progress()}: printed in a terminal, and updated in place in a
 * notebook whose kernel installs a display (the one piece of static mutable state, because a kernel demands it).
 */
public final class Notebook {
    private static volatile @Nullable Function<String, Consumer<String>> progressDisplay;

    private Notebook() {}

    /** Initialises ND4J and prints the knobs in force; returns a one-line summary. */
    public static String setup() {
        Nd4jSupport.init();
        String s = String.format(
                Locale.ROOT,
                "rmfer4j ready: MAX_EPOCH=%s, DATASET_LIMIT=%s, work dir %s",
                maxEpoch(Integer.MAX_VALUE) == Integer.MAX_VALUE ? "unset" : maxEpoch(Integer.MAX_VALUE),
                datasetLimit(Integer.MAX_VALUE) == Integer.MAX_VALUE ? "unset" : datasetLimit(Integer.MAX_VALUE),
                workDir());
        System.out.println(s);
        return s;
    }

    /** {@code MAX_EPOCH} if set, else {@code fallback}; the smaller of the two when both are given. */
    public static int maxEpoch(int fallback) {
        return Math.min(fallback, knob("MAX_EPOCH", fallback));
    }

    /** {@code DATASET_LIMIT} if set, else {@code fallback}; the smaller of the two when both are given. */
    public static int datasetLimit(int fallback) {
        return Math.min(fallback, knob("DATASET_LIMIT", fallback));
    }

    /** Where notebooks write what they make. */
    public static Path workDir() {
        String v = value("RMFER_WORK");
        if (v != null) {
            return Path.of(v);
        }
        String home = System.getProperty("rmfer.home");
        return home != null ? Path.of(home, "runs", "notebooks") : Path.of("runs", "notebooks");
    }

    private static int knob(String name, int fallback) {
        String v = value(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new RmferException(name + " must be a positive integer, got '" + v + "'");
        }
    }

    private static @Nullable String value(String name) {
        String p = System.getProperty(name);
        return p != null ? p : System.getenv(name);
    }

    /**
     * A progress sink for long work ({@code Trainer.builder().optProgress(Notebook.progress())}): one line updated in
     * place in a notebook, printed lines elsewhere.
     */
    public static Consumer<String> progress() {
        Function<String, Consumer<String>> d = progressDisplay;
        return d == null ? System.out::println : d.apply("progress");
    }

    /** Installed by a notebook kernel: makes a sink that updates one display in place. */
    public static void installProgressDisplay(@Nullable Function<String, Consumer<String>> display) {
        progressDisplay = display;
    }

    /** The JShell start-up script (imports and set-up) that notebooks and {@code ./rmfer jshell} share. */
    public static String startupScript() {
        try (var in = Objects.requireNonNull(Notebook.class.getResourceAsStream("startup.jsh"), "startup.jsh")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RmferException("Cannot read the JShell start-up script", e);
        }
    }
}
