package org.rmfer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.rmfer4j.model.Engine;

/** A run's environment names the processor, since float results differ between processors. */
class EnvironmentTest {
    @Test
    void namesTheProcessorAsCpuinfoStatesIt() throws Exception {
        String cpu = Environment.cpuModel();
        assertFalse(cpu.isBlank());
        Path info = Path.of("/proc/cpuinfo");
        if (Files.isReadable(info)) {
            String first = Files.readAllLines(info).stream()
                    .filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> l.split(":", 2)[1].trim())
                    .orElse(System.getProperty("os.arch"));
            assertEquals(first, cpu);
        }
        Environment e = Environment.describe(Engine.SAMEDIFF);
        assertEquals(cpu, e.facts().get("cpu"));
        assertTrue(e.toJson().contains("\"cpu\""), e.toJson());
    }
}
