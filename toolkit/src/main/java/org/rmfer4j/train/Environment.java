package org.rmfer4j.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.rmfer4j.core.Nd4jSupport;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.model.Engine;
import org.rmfer4j.model.EngineProvider;

/**
 * What ran a run: toolkit version, Java, OS, cores, heap, the ND4J backend and the engine's threading — the facts a
 * reader needs to compare two runs' numbers.
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
