package org.rmfer4j.data.manifest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.ClassOrder;
import org.rmfer4j.data.Expression;

/** Reads, validates and writes dataset manifests. The manifests in {@code datasets-manifest/} ship inside the jar. */
public final class Manifests {
    /** Names of the manifests bundled with the toolkit. */
    public static final List<String> BUNDLED = List.of("rafdb", "affectnet", "ferplus", "folder", "rmset");

    private static final String RESOURCE_DIR = "/org/rmfer4j/datasets-manifest/";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private Manifests() {}

    /** A manifest bundled with the toolkit, by name ({@code rafdb}, {@code affectnet}, …). */
    public static DatasetManifest bundled(String name) {
        String resource = RESOURCE_DIR + name + ".json";
        try (InputStream in = Manifests.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new RmferException("No bundled dataset manifest '" + name + "'; expected one of " + BUNDLED);
            }
            return validate(MAPPER.readValue(in, DatasetManifest.class), "bundled manifest " + name + ".json");
        } catch (JsonProcessingException e) {
            throw new RmferException("Bundled manifest " + name + ".json is malformed: " + describe(e), e);
        } catch (IOException e) {
            throw new RmferException("Could not read bundled manifest " + name + ".json: " + e.getMessage(), e);
        }
    }

    /** Reads a manifest file. */
    public static DatasetManifest load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new RmferException("Manifest file " + file + " does not exist");
        }
        try {
            return validate(MAPPER.readValue(file.toFile(), DatasetManifest.class), file.toString());
        } catch (JsonProcessingException e) {
            throw new RmferException("Manifest " + file + " is malformed: " + describe(e), e);
        } catch (IOException e) {
            throw new RmferException("Could not read manifest " + file + ": " + e.getMessage(), e);
        }
    }

    /** A bundled name, or a path to a JSON file. */
    public static DatasetManifest resolve(String nameOrPath) {
        if (nameOrPath.endsWith(".json")) {
            return load(Path.of(nameOrPath));
        }
        return bundled(nameOrPath);
    }

    /** Writes a manifest atomically (the synthetic writers use this). */
    public static Path write(DatasetManifest m, Path file) {
        validate(m, file.toString());
        return AtomicFiles.write(file, out -> MAPPER.writeValue(out, m));
    }

    /** Parses manifest JSON text. */
    public static DatasetManifest parse(String json, String where) {
        try {
            return validate(MAPPER.readValue(json, DatasetManifest.class), where);
        } catch (JsonProcessingException e) {
            throw new RmferException("Manifest " + where + " is malformed: " + describe(e), e);
        }
    }

    private static String describe(JsonProcessingException e) {
        StringBuilder sb = new StringBuilder();
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            sb.append("field ")
                    .append(jme.getPathReference().replaceFirst("^.*DatasetManifest", ""))
                    .append(": ");
        }
        sb.append(e.getOriginalMessage());
        if (e.getLocation() != null) {
            sb.append(" (line ")
                    .append(e.getLocation().getLineNr())
                    .append(", column ")
                    .append(e.getLocation().getColumnNr())
                    .append(')');
        }
        return sb.toString();
    }

    /** Checks the fields every loader relies on; the message names the file and the field. */
    static DatasetManifest validate(DatasetManifest m, String where) {
        List<String> errors = new ArrayList<>();
        if (m.name() == null || !m.name().matches("[a-z0-9][a-z0-9_-]*")) {
            errors.add("name: expected a lower-case id like 'rafdb', got '" + m.name() + "'");
        }
        if (m.title() == null || m.title().isBlank()) {
            errors.add("title: missing");
        }
        if (m.layout() == null || !DatasetManifest.LAYOUTS.contains(m.layout())) {
            errors.add("layout: expected one of " + DatasetManifest.LAYOUTS + ", got '" + m.layout() + "'");
        }
        if (m.access() == null || m.access().isBlank()) {
            errors.add("access: state the licence and access terms");
        }
        if (m.homepage() == null || m.homepage().isBlank()) {
            errors.add("homepage: say where to obtain the data");
        }
        if (m.classOrder() == null) {
            errors.add("classOrder: missing");
        } else {
            try {
                ClassOrder.byName(m.classOrder());
            } catch (RmferException e) {
                errors.add("classOrder: " + e.getMessage());
            }
        }
        if (m.normalization() == null) {
            errors.add("normalization: missing (mean, std, source)");
        }
        m.splits().forEach((split, spec) -> {
            if (spec.count() != null && spec.count() < 0) {
                errors.add("splits." + split + ".count: must be >= 0");
            }
            if (spec.perClass() != null) {
                spec.perClass().forEach((cls, n) -> {
                    if (Expression.tryParse(cls).isEmpty()) {
                        errors.add("splits." + split + ".perClass: unknown expression '" + cls + "'");
                    }
                    if (n == null || n < 0) {
                        errors.add("splits." + split + ".perClass." + cls + ": must be >= 0");
                    }
                });
                if (spec.count() != null) {
                    int sum = spec.perClass().values().stream()
                            .mapToInt(Integer::intValue)
                            .sum();
                    if (sum != spec.count()) {
                        errors.add("splits." + split + ": perClass sums to " + sum + " but count is " + spec.count());
                    }
                }
            }
        });
        if (!errors.isEmpty()) {
            throw new RmferException("Manifest " + where + " is invalid:\n  " + String.join("\n  ", errors));
        }
        return m;
    }
}
