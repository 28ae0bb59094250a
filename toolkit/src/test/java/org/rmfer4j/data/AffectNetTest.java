package org.rmfer4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.data.loader.AffectNet;

class AffectNetTest {
    @TempDir
    Path root;

    @Test
    void sevenClassViewDropsContemptAndNonClassCodes() {
        Fixtures.affectnet(root);
        FaceDataset train = AffectNet.builder().setRoot(root).setSplit("train").build();
        assertEquals(ClassOrder.AFFECTNET_7, train.classOrder());
        assertEquals(3, train.size());
        assertEquals(
                List.of(Expression.NEUTRAL, Expression.HAPPINESS, Expression.HAPPINESS),
                train.samples().stream().map(FaceSample::label).toList());
        assertEquals(2, train.loadNotes().size(), train.loadNotes().toString());
        assertTrue(
                train.loadNotes().get(0).startsWith("skipped 2 rows with non-class codes"),
                train.loadNotes().toString());
        assertTrue(train.loadNotes().get(1).startsWith("skipped 1 rows whose class is outside the 7-class view"));
    }

    @Test
    void eightClassViewKeepsContempt() {
        Fixtures.affectnet(root);
        FaceDataset train = AffectNet.builder()
                .setRoot(root)
                .setSplit("train")
                .optClasses(8)
                .build();
        assertEquals(ClassOrder.AFFECTNET_8, train.classOrder());
        assertEquals(4, train.size());
        assertEquals(Expression.CONTEMPT, train.get(3).label());
        assertEquals(1, train.classCounts()[7]);
    }

    @Test
    void originalImagesAreCroppedToTheFaceBox() {
        Fixtures.affectnet(root);
        FaceDataset val =
                AffectNet.builder().setRoot(root).setSplit("validation").build();
        BufferedImage face = val.get(0).image().load();
        assertEquals(10, face.getWidth());
        assertEquals(8, face.getHeight());
        Color c = new Color(face.getRGB(5, 4));
        assertTrue(c.getRed() > 200 && c.getGreen() < 60, "the crop is the red face box, got " + c);
        FaceDataset aligned = AffectNet.builder()
                .setRoot(root)
                .setSplit("validation")
                .optAligned(true)
                .build();
        assertEquals(40, aligned.get(0).image().load().getWidth());
    }

    @Test
    void headerAndFieldErrorsNameTheColumn() {
        Fixtures.affectnet(root);
        Fixtures.writeText(root.resolve("training.csv"), "path,x\n1/a.jpg,1\n");
        DatasetException header = assertThrows(
                DatasetException.class,
                () -> AffectNet.builder().setRoot(root).setSplit("train").build());
        assertEquals("subDirectory_filePath", header.problem().field());
        Fixtures.writeText(root.resolve("training.csv"), Fixtures.AFFECTNET_HEADER + "\n1/a.jpg,5,4,10,8,,happy,0,0\n");
        DatasetException expr = assertThrows(
                DatasetException.class,
                () -> AffectNet.builder().setRoot(root).setSplit("train").build());
        assertEquals(2, expr.problem().line());
        assertEquals("expression", expr.problem().field());
        Fixtures.writeText(root.resolve("training.csv"), Fixtures.AFFECTNET_HEADER + "\n1/a.jpg,5,4,10,8,,12,0,0\n");
        DatasetException unknown = assertThrows(
                DatasetException.class,
                () -> AffectNet.builder().setRoot(root).setSplit("train").build());
        assertTrue(unknown.getMessage().contains("unknown expression code 12"), unknown.getMessage());
        Fixtures.writeText(root.resolve("training.csv"), Fixtures.AFFECTNET_HEADER + "\n../../x.jpg,5,4,10,8,,1,0,0\n");
        DatasetException escape = assertThrows(
                DatasetException.class,
                () -> AffectNet.builder().setRoot(root).setSplit("train").build());
        assertTrue(escape.getMessage().contains("escapes"), escape.getMessage());
        Fixtures.writeText(root.resolve("training.csv"), Fixtures.AFFECTNET_HEADER + "\n1/a.jpg,5,4,0,8,,1,0,0\n");
        DatasetException box = assertThrows(
                DatasetException.class,
                () -> AffectNet.builder().setRoot(root).setSplit("train").build());
        assertTrue(box.getMessage().contains("face box"), box.getMessage());
    }
}
