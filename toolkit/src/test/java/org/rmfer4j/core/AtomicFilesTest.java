package org.rmfer4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes and the scratch-folder helpers. */
class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void writeStringReplacesTheFileAndLeavesNoTemporaryFile() throws Exception {
        Path f = dir.resolve("report.md");
        AtomicFiles.writeString(f, "first");
        AtomicFiles.writeString(f, "second");
        assertEquals("second", Files.readString(f));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "only the target is left");
        }
    }

    @Test
    void deleteTreeQuietlyRemovesANestedFolderAndReportsNothing() throws Exception {
        Path scratch = AtomicFiles.createTempDirectory("rmfer-test");
        Files.createDirectories(scratch.resolve("a/b"));
        Files.writeString(scratch.resolve("a/b/c.txt"), "x");
        assertTrue(scratch.getFileName().toString().startsWith("rmfer-test"));
        assertNull(AtomicFiles.deleteTreeQuietly(scratch));
        assertFalse(Files.exists(scratch));
        assertNull(AtomicFiles.deleteTreeQuietly(scratch), "a folder that is already gone is not an error");
    }
}
