package org.rmfer4j.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.rmfer4j.core.Nd4jSupport;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.model.Engine;
import org.rmfer4j.model.EngineProvider;

/**
 * What ran a run: toolkit version, Java, OS, processor, cores, heap, the ND4J backend and the engine's threading — the
 * facts a reader needs to compare two runs' numbers.
 *
 * <p>The processor matters: libtorch picks its CPU kernels (vector width, summation order) by what the processor
 * offers, so the same seed and config give the same numbers on one machine but slightly different float results on
 * another, and training amplifies those into different runs (the lab's phase 1 of seed 1 peaks at 57.62% validation
 * accuracy on an AMD EPYC and 54.76% on an Intel Xeon, from the same labelled data). Compare or pair runs only when
 * their {@code cpu} facts agree.
 */
public record Environment(Map<String, String> facts) {
    public static Environment describe(Engine engine) {
        Map<String, String> m = new LinkedHashMap<>();
        String v = Environment.class.getPackage().getImplementationVersion();
        m.put("toolkit", "rmfer4j " + (v == null ? "dev" : v));
        m.put("java", System.getProperty("java.vendor") + " " + System.getProperty("java.version"));
        m.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        m.put("cpu", cpuModel());
        m.put("cores", String.valueOf(Runtime.getRuntime().availableProcessors()));
        m.put("maxHeapMiB", String.valueOf(Runtime.getRuntime().maxMemory() >> 20));
        m.put("engine", engine.name().toLowerCase(Locale.ROOT));
        m.put("nd4j", Nd4jSupport.backendInfo());
        m.put("dl4j", "1.0.0-M2.1");
        if (engine == Engine.TORCH) { // the key earlier runs' environment files use
            m.put("torch", EngineProvider.of(engine).runtime());
        }
        return new Environment(Map.copyOf(m));
    }

    /**
     * The processor's model name from {@code /proc/cpuinfo} (Linux), else the JVM's {@code os.arch}; never fails, since
     * it only labels a run.
     */
    public static String cpuModel() {
        Path info = Path.of("/proc/cpuinfo");
        if (Files.isReadable(info)) {
            try (Stream<String> lines = Files.lines(info, StandardCharsets.UTF_8)) {
                Optional<String> name = lines.filter(l -> l.startsWith("model name"))
                        .map(l -> l.substring(l.indexOf(':') + 1).trim())
                        .filter(n -> !n.isEmpty())
                        .findFirst();
                if (name.isPresent()) {
                    return name.get();
                }
            } catch (IOException | UncheckedIOException e) {
                // fall through: an unreadable cpuinfo only loses the label
            }
        }
        return System.getProperty("os.arch", "unknown");
    }

    public String toJson() {
        try {
            return new ObjectMapper()
                            .enable(SerializationFeature.INDENT_OUTPUT)
                            .writeValueAsString(new TreeMap<>(facts))
                    + "\n";
        } catch (JsonProcessingException e) {
            throw new RmferException("Cannot write the environment as JSON", e);
        }
    }
}
