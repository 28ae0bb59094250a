package org.rmfer4j.data;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Writes tiny datasets in the real layouts, so loader tests need no download. */
public final class Fixtures {
    private Fixtures() {}

    public static BufferedImage solid(int w, int h, Color c) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    public static void writeImage(Path file, BufferedImage img) {
        try {
            Files.createDirectories(file.getParent());
            String fmt = file.toString().endsWith(".png") ? "png" : "jpg";
            if (!ImageIO.write(img, fmt, file.toFile())) {
                throw new IllegalStateException("no writer for " + fmt);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void writeText(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * RAF-DB: train_00001 (Surprise), train_00002 (Happiness), train_00003 (Happiness), test_0001 (Neutral),
     * test_0002 (Anger). Aligned 100×100 JPEGs whose grey level encodes the label.
     */
    public static Path rafdb(Path root) {
        List<String> lines = List.of(
                "train_00001.jpg 1", "train_00002.jpg 4", "train_00003.jpg 4", "test_0001.jpg 7", "test_0002.jpg 6");
        writeText(root.resolve("EmoLabel/list_patition_label.txt"), String.join("\n", lines) + "\n");
        for (String l : lines) {
            String name = l.split(" ")[0];
            int label = Integer.parseInt(l.split(" ")[1]);
            String stem = name.substring(0, name.length() - 4);
            writeImage(
                    root.resolve("Image/aligned/" + stem + "_aligned.jpg"),
                    solid(100, 100, new Color(label * 30, label * 30, label * 30)));
        }
        return root;
    }

    public static final String AFFECTNET_HEADER =
            "subDirectory_filePath,face_x,face_y,face_width,face_height,facial_landmarks,expression,valence,arousal";

    /**
     * AffectNet: training.csv with codes 0, 1, 1, 7 (Contempt), 8 (None), 10 (No-Face); validation.csv with 0, 6.
     * Each image is 40×30 grey with a red 10×8 box at (5, 4), which is the face box.
     */
    public static Path affectnet(Path root) {
        String[] train = {
            "1/a.jpg,5,4,10,8,\"1.0;2.0\",0,0.1,0.2",
            "1/b.jpg,5,4,10,8,\"1.0;2.0\",1,0.1,0.2",
            "2/c.jpg,5,4,10,8,\"1.0;2.0\",1,0.1,0.2",
            "2/d.jpg,5,4,10,8,\"1.0;2.0\",7,0.1,0.2",
            "3/e.jpg,5,4,10,8,\"1.0;2.0\",8,0.1,0.2",
            "3/f.jpg,5,4,10,8,\"1.0;2.0\",10,0.1,0.2"
        };
        String[] val = {"9/v1.jpg,5,4,10,8,,0,0,0", "9/v2.jpg,5,4,10,8,,6,0,0"};
        writeText(root.resolve("training.csv"), AFFECTNET_HEADER + "\n" + String.join("\n", train) + "\n");
        writeText(root.resolve("validation.csv"), AFFECTNET_HEADER + "\n" + String.join("\n", val) + "\n");
        for (String row : concat(train, val)) {
            BufferedImage img = solid(40, 30, Color.GRAY);
            Graphics2D g = img.createGraphics();
            g.setColor(Color.RED);
            g.fillRect(5, 4, 10, 8);
            g.dispose();
            writeImage(root.resolve("Manually_Annotated_Images/" + row.split(",")[0]), img);
        }
        return root;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    public static final String FERPLUS_VOTES_HEADER =
            "Usage,Image name,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF";

    /** 48×48 pixel string whose every value is {@code v}. */
    public static String pixels(int v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 48 * 48; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(v);
        }
        return sb.toString();
    }

    /**
     * FERPlus: 6 rows. Row 0 Training happiness (8 votes); row 1 Training tie neutral/surprise (4/4, neutral wins);
     * row 2 Training unnamed (all NF); row 3 Training unknown wins; row 4 PublicTest sadness; row 5 PrivateTest anger.
     */
    public static Path ferplus(Path root) {
        String pixels = "emotion,pixels,Usage\n"
                + "3," + pixels(10) + ",Training\n"
                + "6," + pixels(20) + ",Training\n"
                + "6," + pixels(30) + ",Training\n"
                + "6," + pixels(40) + ",Training\n"
                + "4," + pixels(50) + ",PublicTest\n"
                + "0," + pixels(60) + ",PrivateTest\n";
        String votes = FERPLUS_VOTES_HEADER + "\n"
                + "Training,fer0000000.png,1,8,0,0,0,0,0,0,1,0\n"
                + "Training,fer0000001.png,4,0,4,0,0,0,0,0,2,0\n"
                + "Training,,0,0,0,0,0,0,0,0,0,10\n"
                + "Training,fer0000003.png,2,0,0,0,0,0,0,0,6,2\n"
                + "PublicTest,fer0000004.png,0,0,0,9,1,0,0,0,0,0\n"
                + "PrivateTest,fer0000005.png,0,0,0,0,7,3,0,0,0,0\n";
        writeText(root.resolve("fer2013.csv"), pixels);
        writeText(root.resolve("fer2013new.csv"), votes);
        return root;
    }
}
