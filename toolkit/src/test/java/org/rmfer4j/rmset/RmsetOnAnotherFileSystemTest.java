package org.rmfer4j.rmset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.core.Locations;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.DatasetException;
import org.rmfer4j.data.FaceDataset;
import org.rmfer4j.data.ImageRef;

/**
 * The RMset readers take any {@code java.nio.file} path, not only local files: here an RMset inside a zip archive
 * (the JDK's zip file system, the one non-default file system every JDK has), in both crop layouts. This is what the
 * Spark module's Hadoop route relies on: no {@code toFile()}, no {@code RandomAccessFile}, paths resolved as strings.
 */
class RmsetOnAnotherFileSystemTest {
    @TempDir
    Path dir;

    private static byte[] png(int seed) throws Exception {
        BufferedImage img = new BufferedImage(20, 24, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color((seed * 53) % 256, (seed * 97) % 256, (seed * 31) % 256));
        g.fillRect(0, 0, 20, 24);
        g.setColor(Color.WHITE);
        g.fillRect(seed % 14, 3, 5, 5);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void indexShardsAndFilesReadFromAZipArchive() throws Exception {
        // local RMset: video "shard" in a tar, video "files" as files
        Path local = dir.resolve("rmset");
        List<RmsetIndex.Row> rows = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Files.createDirectories(local.resolve("shard"));
        Files.createDirectories(local.resolve("files"));
        for (int f = 0; f < 4; f++) {
            String name = "shard_" + f + "_0.png";
            Files.write(local.resolve("shard").resolve(name), png(f));
            names.add(name);
            rows.add(new RmsetIndex.Row("shard", f, 0, "shard/crops.tar#" + name, 1, 0, 0, 20, 24, 1));
            String file = "files/files_" + f + "_0.png";
            Files.write(local.resolve(file), png(10 + f));
            rows.add(new RmsetIndex.Row("files", f, 0, file, 1, 0, 0, 20, 24, 1));
        }
        CropShard.pack(local.resolve("shard"), names);
        RmsetIndex.of(local, rows).write(local.resolve("index.csv"));

        Path zip = dir.resolve("rmset.zip");
        try (FileSystem z = FileSystems.newFileSystem(zip, Map.of("create", "true"))) {
            for (String rel : List.of("index.csv", "shard/crops.tar")) {
                Path to = z.getPath("/rmset/" + rel);
                Files.createDirectories(to.getParent());
                Files.copy(local.resolve(rel), to);
            }
            for (int f = 0; f < 4; f++) {
                Path to = z.getPath("/rmset/files/files_" + f + "_0.png");
                Files.createDirectories(to.getParent());
                Files.copy(local.resolve("files/files_" + f + "_0.png"), to);
            }
        }
        try (FileSystem z = FileSystems.newFileSystem(zip)) {
            Path root = z.getPath("/rmset");
            assertFalse(Locations.isLocal(root));
            RmsetIndex here = RmsetIndex.read(local);
            RmsetIndex there = RmsetIndex.read(root);
            assertEquals(here.rows(), there.rows());
            for (int i = 0; i < here.size(); i++) {
                ImageRef a = here.image(here.rows().get(i));
                ImageRef b = there.image(there.rows().get(i));
                b.check();
                BufferedImage x = a.load();
                BufferedImage y = b.load();
                assertArrayEquals(x.getRGB(0, 0, 20, 24, null, 0, 20), y.getRGB(0, 0, 20, 24, null, 0, 20), b.source());
            }
            FaceDataset ds = there.asDataset();
            assertEquals(8, ds.size());
            // the root check holds on that file system too
            assertThrows(RmferException.class, () -> org.rmfer4j.core.SafePaths.resolveInside(root, "../x", "t"));
            // a member missing from the shard is named with its shard
            DatasetException e = assertThrows(
                    DatasetException.class, () -> new ShardImage(root.resolve("shard/crops.tar"), "nope.png").load());
            assertTrue(e.getMessage().contains("nope.png"), e.getMessage());
        }
    }
}
