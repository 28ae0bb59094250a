package org.rmfer4j.notebook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Jupyter messaging protocol, checked by Debian's python3-jupyter-kernel-test (execute, display, errors,
 * completion, inspect, is_complete) plus our own interrupt check, all in {@code src/test/python/test_kernel_protocol.py}.
 */
class KernelProtocolTest {
    @TempDir
    Path tmp;

    @Test
    void protocolSuitePasses() {
        Path jupyterPath = KernelHarness.kernelspec(tmp.resolve("jupyter"));
        Path tests = Path.of("src", "test", "python").toAbsolutePath();
        KernelHarness.Run r = KernelHarness.run(
                List.of(KernelHarness.PYTHON.toString(), "-m", "unittest", "-v", "test_kernel_protocol"),
                Map.of("JUPYTER_PATH", jupyterPath.toString()),
                tests,
                600);
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().matches("(?s).*test_interrupt_stops_a_long_cell \\([^)]*\\) \\.\\.\\. ok.*"), r.output());
        assertTrue(r.output().matches("(?s).*test_kernel_info \\([^)]*\\) \\.\\.\\. ok.*"), r.output());
        assertTrue(r.output().contains("OK"), r.output());
    }
}
