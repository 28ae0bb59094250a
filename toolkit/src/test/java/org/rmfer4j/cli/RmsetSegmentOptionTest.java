package org.rmfer4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code rmset build --segment-frames} is a Spark option: the local engine refuses it, saying what to add. */
class RmsetSegmentOptionTest {
    @TempDir
    Path dir;

    private static Object[] runWithErr(String... args) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int rc = RmferCli.execute(args);
            return new Object[] {rc, buf.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setErr(old);
        }
    }

    @Test
    void segmentsNeedTheSparkEngineAndAPositiveLength() {
        String videos = dir.toString();
        String out = dir.resolve("out").toString();
        Object[] local = runWithErr("rmset", "build", "--videos", videos, "--out", out, "--segment-frames", "3000");
        assertEquals(2, local[0]);
        assertTrue(
                ((String) local[1]).contains("--segment-frames splits videos into Spark tasks: add --engine spark"),
                (String) local[1]);
        Object[] negative = runWithErr("rmset", "build", "--videos", videos, "--out", out, "--segment-frames", "-1");
        assertEquals(2, negative[0]);
        assertTrue(((String) negative[1]).contains("--segment-frames must be >= 0, got -1"), (String) negative[1]);
    }
}
