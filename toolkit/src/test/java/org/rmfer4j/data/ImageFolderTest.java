package org.rmfer4j.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.data.loader.ImageFolder;

class ImageFolderTest {
    @TempDir
    Path root;

    @Test
    void classIndicesFollowAffectNetOrderNotAlphabetical() {
        Fixtures.writeImage(root.resolve("train/angry/1.png"), Fixtures.solid(8, 8, Color.RED));
        Fixtures.writeImage(root.resolve("train/Happy/1.png"), Fixtures.solid(8, 8, Color.YELLOW));
        Fixtures.writeImage(root.resolve("train/happy/2.png"), Fixtures.solid(8, 8, Color.YELLOW));
        Fixtures.writeImage(root.resolve("train/neutral/1.png"), Fixtures.solid(8, 8, Color.GRAY));
        FaceDataset ds = ImageFolder.builder()
                .setRoot(root)
                .optSplit("train")
                .optProblems(ProblemSink.collecting())
                .build();
        // Happy and happy are the same class: the second folder is reported, the first kept
        assertEquals(
                List.of(Expression.NEUTRAL, Expression.HAPPINESS, Expression.ANGER),
                ds.classOrder().expressions());
        assertEquals(3, ds.size());
        assertEquals(Expression.ANGER, ds.get(2).label());
        assertEquals(2, ds.labelIndices()[2]);
    }

    @Test
    void unknownFolderNamesAreProblems() {
        Fixtures.writeImage(root.resolve("bored/1.png"), Fixtures.solid(8, 8, Color.RED));
        Fixtures.writeImage(root.resolve("sad/1.png"), Fixtures.solid(8, 8, Color.BLUE));
        DatasetException e = assertThrows(
                DatasetException.class,
                () -> ImageFolder.builder().setRoot(root).build());
        assertTrue(e.getMessage().contains("bored"), e.getMessage());
        ProblemSink.Collecting sink = ProblemSink.collecting();
        FaceDataset ds = ImageFolder.builder().setRoot(root).optProblems(sink).build();
        assertEquals(1, ds.size());
        assertEquals(1, sink.problems().size());
    }

    @Test
    void allEightClassesGiveTheNamedOrder() {
        for (Expression e : Expression.values()) {
            Fixtures.writeImage(root.resolve(e.name().toLowerCase() + "/1.png"), Fixtures.solid(4, 4, Color.GRAY));
        }
        assertEquals(
                ClassOrder.AFFECTNET_8,
                ImageFolder.builder().setRoot(root).build().classOrder());
    }
}
