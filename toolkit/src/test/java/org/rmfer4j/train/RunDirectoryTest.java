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

class RunDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void epochCheckpointsAreListedInEpochOrderWithoutOtherFiles() throws Exception {
        RunDirectory run = new RunDirectory(dir);
        assertEquals(List.of(), run.epochCheckpoints(), "no checkpoints folder yet");
        Path cps = Files.createDirectories(dir.resolve("checkpoints"));
        for (String n : List.of(
                "epoch-010.rmfer",
                "epoch-002.rmfer",
                "epoch-1000.rmfer",
                "epoch-001.rmfer",
                "epoch-003.rmfer.tmp",
                "last.rmfer",
                "epoch-x.rmfer")) {
            Files.writeString(cps.resolve(n), "x");
        }
        List<String> names = run.epochCheckpoints().stream()
                .map(p -> p.getFileName().toString())
                .toList();
        assertEquals(List.of("epoch-001.rmfer", "epoch-002.rmfer", "epoch-010.rmfer", "epoch-1000.rmfer"), names);
        assertEquals(run.epochCheckpoint(1), run.epochCheckpoints().get(1), "the writer's name for epoch index 1");
    }

    @Test
    void anEnsembleOfARunWithoutCheckpointsSaysWhatIsMissing() {
        RmferException e = assertThrows(RmferException.class, () -> EpochEnsemble.of(new RunDirectory(dir)));
        assertTrue(e.getMessage().contains("not a training run directory"), e.getMessage());
    }
}
