package org.rmfer4j.notebook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rendered copies in docs/rendered (what a reader browsing the repository sees, with outputs) stay the notebooks
 * of notebooks/: the same code cells, every code cell executed, no error output. Regenerate with
 * {@code ./rmfer notebooks --render}.
 */
class RenderedNotebooksTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static List<String> codeCells(JsonNode nb) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : nb.get("cells")) {
            if (c.get("cell_type").asText().equals("code")) {
                StringBuilder sb = new StringBuilder();
                JsonNode src = c.get("source");
                if (src.isArray()) {
                    src.forEach(l -> sb.append(l.asText()));
                } else {
                    sb.append(src.asText());
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    @Test
    void everyNotebookHasAnUpToDateRenderedCopy() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Path> sources;
        try (Stream<Path> s = Files.list(ROOT.resolve("notebooks"))) {
            sources = s.filter(p -> p.getFileName().toString().matches("\\d\\d_.*\\.ipynb"))
                    .sorted()
                    .toList();
        }
        assertTrue(sources.size() >= 7, sources.toString());
        for (Path src : sources) {
            Path rendered = ROOT.resolve("docs/rendered").resolve(src.getFileName());
            assertTrue(Files.isRegularFile(rendered), rendered + " is missing: run ./rmfer notebooks --render");
            JsonNode a = json.readTree(src.toFile());
            JsonNode b = json.readTree(rendered.toFile());
            assertEquals(
                    codeCells(a),
                    codeCells(b),
                    src.getFileName() + " changed since it was rendered: run ./rmfer notebooks --render");
            for (JsonNode c : b.get("cells")) {
                if (c.get("cell_type").asText().equals("code")) {
                    assertTrue(c.hasNonNull("execution_count"), src.getFileName() + ": a code cell was not executed");
                    for (JsonNode o : c.path("outputs")) {
                        assertTrue(
                                !o.path("output_type").asText().equals("error"),
                                src.getFileName() + ": an error output in the rendered copy");
                    }
                }
            }
        }
    }
}
