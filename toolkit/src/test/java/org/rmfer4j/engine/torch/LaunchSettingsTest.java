package org.rmfer4j.engine.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Launch settings are written once: JVM options and Spark's opens in the root pom (the build writes them to
 * {@code toolkit/target/launch}), the allocator settings in {@code toolkit/src/main/launch/malloc.env}. The launcher,
 * JShell, the kernel and the kernel tests read those files; nothing else spells a setting out again.
 */
class LaunchSettingsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path LAUNCH = Path.of(System.getProperty(
            "rmfer.launch", ROOT.resolve("toolkit/target/launch").toString()));

    @Test
    void theBuildWritesTheJvmOptionsTheTestsRunWith() throws IOException {
        String args = Files.readString(LAUNCH.resolve("jvm.args")).strip();
        List<String> mine = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String a : args.split("\\s+")) {
            assertTrue(mine.contains(a), a + " of jvm.args is not among this test JVM's options " + mine);
        }
        assertTrue(args.contains("-Xmx") && args.contains("-Dorg.bytedeco.javacpp.platform.extension="), args);
        assertTrue(
                Files.readString(LAUNCH.resolve("spark.args")).contains("--add-opens=java.base/java.nio=ALL-UNNAMED"));
    }

    @Test
    void theAllocatorNamesComeFromTheOneFile() throws IOException {
        List<String> names = Files.readAllLines(ROOT.resolve("toolkit/src/main/launch/malloc.env")).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> l.substring(0, l.indexOf('=')))
                .toList();
        assertEquals(names, TorchRuntime.MALLOC_ENV);
        assertEquals(
                List.of("MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "MALLOC_TOP_PAD_", "MALLOC_MMAP_MAX_"),
                names);
        assertEquals(
                TorchRuntime.MALLOC_ENV.stream().allMatch(k -> System.getenv(k) != null),
                TorchRuntime.setup().mallocTuned());
    }

    @Test
    void theLauncherAndTheKernelReadTheGeneratedFiles() throws IOException {
        String launcher = Files.readString(ROOT.resolve("rmfer"));
        assertTrue(launcher.contains("done < \"$HERE/$LAUNCH/malloc.env\""), "tune_malloc reads malloc.env");
        assertTrue(
                launcher.contains("build_if_needed\n    tune_malloc\n    # the CLI runs"),
                "the CLI commands start with the settings");
        long javaStarts =
                launcher.lines().filter(l -> l.matches("\\s*(exec )?java .*")).count();
        long withArgs = launcher.lines()
                .filter(l -> l.matches("\\s*(exec )?java @\"\\$(HERE/\\$)?LAUNCH/jvm.args\".*"))
                .count();
        assertEquals(javaStarts, withArgs, "every java the launcher starts takes jvm.args");
        JsonNode kernel = new ObjectMapper()
                .readTree(ROOT.resolve("jupyter-kernel/src/main/jupyter/kernel.json")
                        .toFile());
        assertTrue(
                kernel.get("argv").get(0).asText().endsWith("/rmfer")
                        && kernel.get("argv").get(1).asText().equals("kernel"),
                "the kernelspec starts the kernel through the launcher: " + kernel);
        assertFalse(kernel.has("env"), "no settings of its own in kernel.json");
    }

    @Test
    void noOtherFileSpellsASettingOut() throws IOException {
        List<String> copies = new ArrayList<>();
        List<String> settings = List.of(
                "javacpp.maxbytes=",
                "ND4J_IGNORE_AVX=true",
                "MALLOC_MMAP_THRESHOLD_=",
                "--add-opens=java.base/sun.nio.ch");
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(LaunchSettingsTest::isSource)
                    .toList()) {
                String rel = ROOT.relativize(f).toString();
                if (rel.equals("pom.xml")
                        || rel.startsWith("toolkit/src/main/launch/")
                        || rel.endsWith("LaunchSettingsTest.java")) {
                    continue;
                }
                String text = Files.readString(f);
                for (String s : settings) {
                    if (text.contains(s)) {
                        copies.add(rel + " spells out " + s);
                    }
                }
            }
        }
        assertTrue(
                copies.isEmpty(), "launch settings copied outside their one place:\n  " + String.join("\n  ", copies));
    }

    private static boolean isSource(Path f) {
        String s = f.toString();
        return !s.contains("/target/")
                && !s.contains("/.git/")
                && !s.contains("/.cache/")
                && !s.contains("/runs/")
                && (s.endsWith(".java")
                        || s.endsWith(".kt")
                        || s.endsWith(".xml")
                        || s.endsWith(".json")
                        || s.endsWith(".sh")
                        || s.endsWith("/rmfer")
                        || s.endsWith(".jsh"));
    }
}
