package org.rmfer4j.notebook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every notebook in {@code notebooks/} executes headless through the real kernel with {@code jupyter nbconvert
 * --execute}, one test per notebook, with the CI knobs (MAX_EPOCH=1, DATASET_LIMIT=140). A cell error fails its test.
 */
class NotebookExecutionTest {
    @TempDir
    static Path tmp;

    @TestFactory
    Stream<DynamicTest> everyNotebookExecutes() throws IOException {
        Path notebooks = Path.of("..", "notebooks").toAbsolutePath().normalize();
        List<Path> all;
        try (Stream<Path> s = Files.list(notebooks)) {
            all = s.filter(p -> p.getFileName().toString().matches("\\d\\d_.*\\.ipynb"))
                    .sorted()
                    .toList();
        }
        assertEquals(7, all.size(), "notebooks 00-06");
        Path jupyterPath = KernelHarness.kernelspec(tmp.resolve("jupyter"));
        Map<String, String> env = Map.of(
                "JUPYTER_PATH",
                jupyterPath.toString(),
                "MAX_EPOCH",
                "1",
                "DATASET_LIMIT",
                "140",
                "RMFER_WORK",
                tmp.resolve("work").toString());
        return all.stream()
                .map(nb -> DynamicTest.dynamicTest(nb.getFileName().toString(), () -> {
                    Path out = tmp.resolve("executed");
                    KernelHarness.Run r = KernelHarness.run(
                            List.of(
                                    KernelHarness.JUPYTER.toString(),
                                    "nbconvert",
                                    "--to",
                                    "notebook",
                                    "--execute",
                                    "--ExecutePreprocessor.timeout=600",
                                    "--output-dir",
                                    out.toString(),
                                    nb.toString()),
                            env,
                            notebooks,
                            900);
                    assertEquals(0, r.exit(), nb.getFileName() + " failed:\n" + tail(r.output()));
                    String executed = Files.readString(out.resolve(nb.getFileName()));
                    assertFalse(executed.contains("\"output_type\": \"error\""), "a cell errored");
                    assertTrue(executed.contains("rmfer4j ready"), "the setup cell ran");
                }));
    }

    static String tail(String s) {
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }
}
