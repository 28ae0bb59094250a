package org.rmfer4j.notebook.kernel;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the real kernel the way Jupyter does: a kernelspec (written into a temporary JUPYTER_PATH) whose argv runs
 * this build's classes with the module's runtime class path and the project's JVM options (the build's
 * {@code jvm.args}, as the launcher uses). Fails — never skips — when Jupyter is missing: {@code ./rmfer test}
 * installs Debian's.
 */
final class KernelHarness {
    static final Path JUPYTER = onPath("jupyter");
    static final Path PYTHON = Path.of("/usr/bin/python3");

    /** The first executable {@code name} on PATH (as the launcher finds it; RMFER_JUPYTER overrides), or /usr/bin/name. */
    private static Path onPath(String name) {
        String override = System.getenv("RMFER_JUPYTER");
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d.isEmpty() ? "." : d, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return Path.of("/usr/bin", name);
    }

    /** The build's JVM options file ({@code toolkit/target/launch/jvm.args}, from the root pom's jvm.options). */
    static Path jvmArgs() {
        Path f = Path.of(System.getProperty("rmfer.launch", "../toolkit/target/launch"), "jvm.args");
        if (!Files.isRegularFile(f)) {
            throw new IllegalStateException(
                    f + " is missing: run the tests through Maven (the toolkit's build writes it)");
        }
        return f.toAbsolutePath();
    }

    private KernelHarness() {}

    static String classPath() {
        try {
            String deps =
                    Files.readString(Path.of("target", "kernel-classpath.txt")).trim();
            return Path.of("target", "classes").toAbsolutePath() + File.pathSeparator + deps;
        } catch (IOException e) {
            throw new UncheckedIOException("target/kernel-classpath.txt is missing: run the tests through Maven", e);
        }
    }

    /** Writes {@code <dir>/kernels/rmfer4j/kernel.json} and returns {@code dir} (a JUPYTER_PATH entry). */
    static Path kernelspec(Path dir) {
        if (!Files.isExecutable(JUPYTER) || !Files.isExecutable(PYTHON)) {
            throw new IllegalStateException(
                    "Jupyter is not installed (no " + JUPYTER + " and none on PATH); run ./rmfer test, which installs "
                            + "jupyter-nbconvert python3-nbclient jupyter-client python3-jupyter-kernel-test");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String json = "{\"argv\": [\"" + java + "\", \"@" + jvmArgs() + "\", \"-cp\", \""
                + classPath() + "\", \"org.rmfer4j.notebook.kernel.RmferKernel\", \"{connection_file}\"], "
                + "\"display_name\": \"Java (rmfer4j, test)\", \"language\": \"java\", \"interrupt_mode\": \"message\"}";
        try {
            Path k = dir.resolve("kernels").resolve("rmfer4j");
            Files.createDirectories(k);
            Files.writeString(k.resolve("kernel.json"), json);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Result of a child process. */
    record Run(int exit, String output) {}

    static Run run(List<String> command, Map<String, String> env, Path workDir, long timeoutSeconds) {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command))
                .directory(workDir.toFile())
                .redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        try {
            Path log = Files.createTempFile("rmfer-kernel-test", ".log");
            pb.redirectOutput(log.toFile());
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Run(-1, "timed out after " + timeoutSeconds + " s\n" + Files.readString(log));
            }
            return new Run(p.exitValue(), Files.readString(log));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
