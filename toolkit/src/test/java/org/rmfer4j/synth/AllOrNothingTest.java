package org.rmfer4j.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.core.FullDiskDrill;
import org.rmfer4j.core.RmferException;

/** The generators' outputs appear whole or not at all (issue 18, case 9). */
class AllOrNothingTest {
    @TempDir
    Path dir;

    private static List<String> names(Path d) throws Exception {
        if (!Files.exists(d)) {
            return List.of();
        }
        try (var s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aMashupWhoseTruthDoesNotFitLeavesNoVideo() throws Exception {
        Path out = dir.resolve("videos");
        Files.createDirectories(out);
        SynthMashup m = SynthMashup.builder()
                .setOut(out)
                .optName("clip")
                .optSeconds(1)
                .optFps(5)
                .optViewers(4)
                .optSeed(3)
                .build();
        try (FullDiskDrill drill = FullDiskDrill.start(out, 100)) {
            RmferException e = assertThrows(RmferException.class, () -> m.write(s -> {}));
            assertTrue(e.getMessage().startsWith("no space left on device"), e.getMessage());
        }
        assertEquals(List.of(), names(out), "no video without its ground truth, no temporary file");
        SynthMashup.Result r = m.write(s -> {});
        assertEquals(List.of("clip.json", "clip.mp4", "clip.truth.csv"), names(out));
        assertTrue(Files.size(r.truth()) > 0);
    }

    @Test
    void facesThatDoNotFitLeaveThePreviousDatasetAsItWas() throws Exception {
        Path out = dir.resolve("faces");
        SynthFer.Builder b = SynthFer.builder()
                .setOut(out)
                .optSizes(28, 14)
                .optIdentities(4, 2)
                .optImageSize(32)
                .optSeed(2)
                .optThreads(2);
        b.build().write(s -> {});
        List<String> before = names(out);
        String manifest = Files.readString(out.resolve("manifest.json"));
        Files.writeString(out.resolve("my-notes.txt"), "the user's own file");
        try (FullDiskDrill drill = FullDiskDrill.start(dir, 20_000)) {
            RmferException e = assertThrows(
                    RmferException.class, () -> b.optSeed(3).build().write(s -> {}));
            assertTrue(e.getMessage().startsWith("no space left on device"), e.getMessage());
        }
        assertEquals(manifest, Files.readString(out.resolve("manifest.json")), "the old dataset is intact");
        assertEquals(names(dir), List.of("faces"), "no partial folder left beside it");
        b.optSeed(3).build().write(s -> {});
        assertTrue(names(out).containsAll(before));
        assertEquals(
                "the user's own file",
                Files.readString(out.resolve("my-notes.txt")),
                "files the generator did not make are kept");
        assertTrue(Files.readString(out.resolve("manifest.json")).contains("seed 3"));
    }
}
