package org.rmfer4j.engine.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * The glibc allocator settings live in two places a process can start from, the launcher and the Jupyter kernelspec,
 * and the torch engine reports whether they are in force. This keeps the three in step.
 */
class MallocSettingsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theLauncherAndTheKernelspecSetTheSameAllocatorSettings() throws Exception {
        String launcher = Files.readString(ROOT.resolve("rmfer"));
        JsonNode env = new ObjectMapper().readTree(ROOT.resolve("jupyter-kernel/src/main/jupyter/kernel.json").toFile()).get("env");
        assertEquals(TorchRuntime.MALLOC_ENV.size(), env.size(), "kernel.json env: " + env);
        for (String key : TorchRuntime.MALLOC_ENV) {
            Matcher m = Pattern.compile("export " + Pattern.quote(key) + "=\"\\$\\{" + Pattern.quote(key) + ":-(\\d+)}\"").matcher(launcher);
            assertTrue(m.find(), key + " is not exported by the launcher's tune_malloc");
            assertEquals(m.group(1), env.get(key).asText(), key + ": launcher and kernelspec differ");
        }
        assertTrue(launcher.contains("build_if_needed\n    tune_malloc\n    # the CLI runs"), "the CLI commands start with the settings");
        assertEquals(TorchRuntime.MALLOC_ENV.stream().allMatch(k -> System.getenv(k) != null), TorchRuntime.setup().mallocTuned());
    }
}
