package org.rmfer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.core.RmferException;

/** One training per run directory, and logs that say when they were damaged. */
class RunLockTest {
    @Test
    void aSecondTrainingIntoTheSameRunIsRefusedUntilTheFirstEnds(@TempDir Path run) {
        try (RunLock first = RunLock.take(run)) {
            String m =
                    assertThrows(RmferException.class, () -> RunLock.take(run)).getMessage();
            assertTrue(m.contains("is being trained by another process or thread") && m.contains(run.toString()), m);
        }
        RunLock.take(run).close(); // released: the run can be resumed
    }

    @Test
    void aLogWithAMixedRowIsAnErrorNamingTheLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("metrics-steps.csv");
        CsvLog log = new CsvLog(f, List.of("step", "epoch", "loss"));
        log.reset();
        log.append(0, 0, 1.5);
        log.append(1, 0, 1.25);
        Files.writeString(f, "70\n", java.nio.file.StandardOpenOption.APPEND); // a row torn by two writers
        log.append(2, 0, 1.0);
        String m = assertThrows(RmferException.class, () -> log.means(List.of("loss"), r -> true))
                .getMessage();
        assertTrue(m.contains(f + " line 4 has 1 fields, expected 3"), m);
        // a resume keeps the whole rows and drops the torn one
        log.keepOnly(r -> true);
        assertEquals(3, log.means(List.of("loss"), r -> true).rows());
        assertEquals(
                (1.5 + 1.25 + 1.0) / 3, log.means(List.of("loss"), r -> true).values()[0], 1e-12);
    }
}
