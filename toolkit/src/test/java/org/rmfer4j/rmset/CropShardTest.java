package org.rmfer4j.rmset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.synth.SynthMashup;

/** Crops in one tar shard per video: the same crops as the folder layout, readable by the trainer and by tar. */
class CropShardTest {
    @TempDir
    static Path dir;

    static SynthMashup.Result clip;
    static RmsetBuilder.Summary files;
    static RmsetBuilder.Summary tar;

    private static RmsetBuilder.Summary build(String out, CropLayout layout) {
        int[] r = clip.removalArea();
        return RmsetBuilder.builder()
                .optDetector(FaceDetector.Spec.CASCADE)
                .optIdRule(IdRule.FIRST_FRAME)
                .setVideos(clip.video())
                .setOut(dir.resolve(out))
                .optRemoval(RemovalAreas.of(Map.of("shardclip", List.of(new Box(r[0], r[1], r[2], r[3])))))
                .optEvery(2)
                .optCropLayout(layout)
                .build()
                .build(l -> {});
    }

    @BeforeAll
    static void buildBoth() {
        clip = SynthMashup.builder()
                .setOut(dir.resolve("videos"))
                .optName("shardclip")
                .optSeconds(2)
                .optFps(10)
                .optSize(640, 360)
                .optViewers(6)
                .optSeed(3)
                .build()
                .write(s -> {});
        files = build("files", CropLayout.FILES);
        tar = build("tar", CropLayout.TAR);
    }

    @Test
    void theShardHoldsTheSameCropsAsTheFolderLayout() throws Exception {
        List<RmsetIndex.Row> a = files.index().rows();
        List<RmsetIndex.Row> b = RmsetIndex.read(dir.resolve("tar")).rows();
        assertEquals(a.size(), b.size());
        assertTrue(a.size() > 50, "crops: " + a.size());
        for (int i = 0; i < a.size(); i++) {
            RmsetIndex.Row x = a.get(i);
            RmsetIndex.Row y = b.get(i);
            assertEquals(
                    x.video() + "/crops.tar#" + x.filePath().substring(x.video().length() + 1), y.filePath());
            assertEquals(
                    List.of(x.video(), x.frame(), x.faceId(), x.x(), x.y(), x.w(), x.h()),
                    List.of(y.video(), y.frame(), y.faceId(), y.x(), y.y(), y.w(), y.h()));
            byte[] file = Files.readAllBytes(dir.resolve("files").resolve(x.filePath()));
            byte[] member = CropShard.read(
                    dir.resolve("tar/shardclip/crops.tar"), x.filePath().substring(10));
            assertArrayEquals(file, member, "crop " + x.filePath() + " byte for byte");
        }
        // the trainer's path: the index's image reference decodes the member
        var img = RmsetIndex.read(dir.resolve("tar")).image(b.get(0)).load();
        assertEquals(112, img.getWidth());
        try (var list = Files.list(dir.resolve("tar/shardclip"))) {
            assertEquals(
                    List.of(RmsetBuilder.DONE, "crops.tar", "index.csv"),
                    list.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no loose crops beside the shard");
        }
        assertEquals(
                RmsetStats.perVideo(files.index()).printAll(),
                RmsetStats.perVideo(tar.index()).printAll());
        assertEquals(
                RmsetStats.perId(files.index()).printAll(),
                RmsetStats.perId(tar.index()).printAll());
    }

    @Test
    void tarReadsTheShard() throws Exception {
        Process p = new ProcessBuilder(
                        "tar", "-tf", dir.resolve("tar/shardclip/crops.tar").toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        List<String> names = Arrays.asList(out.strip().split("\n"));
        assertEquals(files.index().size(), names.size());
        assertEquals(files.index().rows().get(0).filePath().substring(10), names.get(0));
    }

    @Test
    void switchingTheLayoutRebuildsAndSaysWhy() {
        RmsetBuilder.Summary again = RmsetBuilder.builder()
                .optDetector(FaceDetector.Spec.CASCADE)
                .optIdRule(IdRule.FIRST_FRAME)
                .setVideos(clip.video())
                .setOut(dir.resolve("tar"))
                .optRemoval(RemovalAreas.of(Map.of(
                        "shardclip",
                        List.of(new Box(
                                clip.removalArea()[0],
                                clip.removalArea()[1],
                                clip.removalArea()[2],
                                clip.removalArea()[3])))))
                .optEvery(2)
                .build()
                .build(l -> {});
        assertEquals(
                "rebuilt (settings changed: crops tar -> (none))",
                again.videos().get(0).status());
        // and back, so the other tests see the shard
        build("tar", CropLayout.TAR);
    }

    @Test
    void craftedShardsAreRefused(@TempDir Path tmp) throws Exception {
        Path good = dir.resolve("tar/shardclip/crops.tar");
        byte[] bytes = Files.readAllBytes(good);
        Path cut = tmp.resolve("cut.tar");
        Files.write(cut, Arrays.copyOf(bytes, 700)); // the first member's header says more bytes than there are
        String m = assertThrows(RmferException.class, () -> CropShard.read(cut, "x.jpg"))
                .getMessage();
        assertTrue(m.contains("truncated"), m);
        byte[] evil = Arrays.copyOf(bytes, bytes.length);
        byte[] name = "../../etc/passwd".getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(evil, 0, 100, (byte) 0);
        System.arraycopy(name, 0, evil, 0, name.length);
        Path crafted = tmp.resolve("crafted.tar");
        Files.write(crafted, evil);
        m = assertThrows(RmferException.class, () -> CropShard.read(crafted, "x.jpg"))
                .getMessage();
        assertTrue(m.contains("not a plain file name"), m);
        m = assertThrows(RmferException.class, () -> CropShard.read(good, "nope.jpg"))
                .getMessage();
        assertTrue(m.contains("has no crop 'nope.jpg'"), m);
    }
}
