package org.rmfer4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.loader.RafDb;

class RafDbTest {
    @TempDir
    Path root;

    @Test
    void readsLabelsSplitsAndAlignedImages() {
        Fixtures.rafdb(root);
        FaceDataset train = RafDb.builder().setRoot(root).setSplit("train").build();
        FaceDataset test = RafDb.builder().setRoot(root).setSplit("test").build();
        assertEquals(3, train.size());
        assertEquals(2, test.size());
        assertEquals(ClassOrder.RAFDB, train.classOrder());
        assertEquals(
                List.of(Expression.SURPRISE, Expression.HAPPINESS, Expression.HAPPINESS),
                train.samples().stream().map(FaceSample::label).toList());
        assertEquals(Expression.NEUTRAL, test.get(0).label());
        // class counts in RAF-DB order: Surprise 1, Happiness 2
        assertEquals(1, train.classCounts()[0]);
        assertEquals(2, train.classCounts()[3]);
        BufferedImage img = train.get(1).image().load();
        assertEquals(100, img.getWidth());
        int gray = img.getRGB(50, 50) & 0xFF;
        assertTrue(Math.abs(gray - 120) <= 3, "label 4 was written as grey 120, got " + gray);
        assertTrue(train.get(0).image().source().endsWith("Image/aligned/train_00001_aligned.jpg"));
    }

    @Test
    void malformedLineIsNamedWithFileAndLine() {
        Fixtures.rafdb(root);
        Fixtures.writeText(root.resolve("EmoLabel/list_patition_label.txt"), "train_00001.jpg 1\ntrain_00002.jpg\n");
        DatasetException e = assertThrows(
                DatasetException.class,
                () -> RafDb.builder().setRoot(root).setSplit("train").build());
        assertEquals("EmoLabel/list_patition_label.txt", e.problem().file());
        assertEquals(2, e.problem().line());
        assertTrue(e.getMessage().contains("expected '<name> <label>'"), e.getMessage());
    }

    @Test
    void unknownLabelCodeIsNamed() {
        Fixtures.rafdb(root);
        Fixtures.writeText(root.resolve("EmoLabel/list_patition_label.txt"), "train_00001.jpg 8\n");
        DatasetException e = assertThrows(
                DatasetException.class,
                () -> RafDb.builder().setRoot(root).setSplit("train").build());
        assertEquals("label", e.problem().field());
        assertTrue(e.getMessage().contains("unknown label code 8; expected 1..7"), e.getMessage());
    }

    @Test
    void missingLabelFileWrongRootAndEmptySplit() {
        DatasetException missing = assertThrows(
                DatasetException.class,
                () -> RafDb.builder().setRoot(root).setSplit("train").build());
        assertTrue(missing.getMessage().contains("file is missing"), missing.getMessage());
        Fixtures.writeText(root.resolve("EmoLabel/list_patition_label.txt"), "test_0001.jpg 1\n");
        DatasetException empty = assertThrows(
                DatasetException.class,
                () -> RafDb.builder().setRoot(root).setSplit("train").build());
        assertTrue(empty.getMessage().contains("no images for split 'train'"), empty.getMessage());
        assertThrows(
                RmferException.class,
                () -> RafDb.builder().setRoot(root).setSplit("validation").build());
    }

    @Test
    void namesCannotEscapeTheRoot() {
        Fixtures.writeText(root.resolve("EmoLabel/list_patition_label.txt"), "train_/../../../../etc/passwd 1\n");
        DatasetException e = assertThrows(
                DatasetException.class,
                () -> RafDb.builder()
                        .setRoot(root)
                        .setSplit("train")
                        .optImages(RafDb.Images.ORIGINAL)
                        .build());
        assertTrue(e.getMessage().contains("escapes the dataset root"), e.getMessage());
    }

    @Test
    void undecodableImageNamesTheFile() {
        Fixtures.rafdb(root);
        Fixtures.writeText(root.resolve("Image/aligned/train_00002_aligned.jpg"), "not a jpeg");
        FaceDataset train = RafDb.builder().setRoot(root).setSplit("train").build();
        DatasetException e =
                assertThrows(DatasetException.class, () -> train.get(1).image().load());
        assertTrue(e.problem().file().endsWith("train_00002_aligned.jpg"));
        assertTrue(e.getMessage().contains("not a decodable image"), e.getMessage());
    }
}
