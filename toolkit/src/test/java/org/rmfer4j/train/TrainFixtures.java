package org.rmfer4j.train;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.rmfer4j.data.ClassOrder;
import org.rmfer4j.data.Expression;
import org.rmfer4j.rmset.RmsetIndex;
import org.rmfer4j.synth.SynthFer;

/** Tiny data for trainer tests: a SynthFER set and a hand-made RMset whose faces have a known expression. */
final class TrainFixtures {
    private TrainFixtures() {}

    /** 70 train / 28 test synthetic faces in the RAF-DB layout. */
    static SynthFer.Result labelled(Path dir) {
        return SynthFer.builder()
                .setOut(dir)
                .optSizes(70, 28)
                .optIdentities(10, 4)
                .optImageSize(48)
                .optSeed(5)
                .optThreads(2)
                .build()
                .write(s -> {});
    }

    /** The expression a fixture RMset face shows: everyone changes expression every 20 frames, in step. */
    static Expression truth(RmsetIndex.Row r) {
        return ClassOrder.AFFECTNET_7.at((r.frame() / 20 + (r.faceId() == 2 ? 1 : 0)) % 7);
    }

    /** Two videos × 3 faces × 80 frames of small flat-coloured "crops" whose hue encodes {@link #truth}. */
    static Path rmset(Path dir) {
        List<RmsetIndex.Row> rows = new ArrayList<>();
        try {
            for (String v : List.of("vidA", "vidB")) {
                Files.createDirectories(dir.resolve(v));
                for (int f = 0; f < 80; f++) {
                    for (int id = 0; id < 3; id++) {
                        String rel = v + "/" + v + "_" + f + "_" + id + ".png";
                        RmsetIndex.Row r = new RmsetIndex.Row(v, f, id, rel, 0.99, 10, 10, 20, 26, 1);
                        BufferedImage img = new BufferedImage(24, 32, BufferedImage.TYPE_INT_RGB);
                        Graphics2D g = img.createGraphics();
                        int e = ClassOrder.AFFECTNET_7.indexOf(truth(r));
                        g.setColor(Color.getHSBColor(e / 7f, 0.6f, 0.8f));
                        g.fillRect(0, 0, 24, 32);
                        g.setColor(new Color(40 * id, 30, 30));
                        g.fillOval(4 + id, 6, 16, 20);
                        g.setColor(new Color((f * 37) % 256, (f * 91) % 256, (f * 53 + id * 80) % 256));
                        g.fillRect(f % 18, 2 + (f / 18) % 6, 6, 4); // frame-specific detail: no two crops alike
                        g.dispose();
                        ImageIO.write(img, "png", dir.resolve(rel).toFile());
                        rows.add(r);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RmsetIndex.of(dir, rows).write(dir.resolve("index.csv"));
        return dir;
    }

    /** A small config over those: 32 px, batch 8, 2 + 1 epochs of 4 steps, 2 anchors of 12 + 12 candidates. */
    static TrainConfig.Builder config(SynthFer.Result labelled, Path rmset) {
        return TrainConfig.builder()
                .setDataset(labelled.manifest().toString())
                .setDatasetRoot(labelled.root())
                .optRmset(rmset)
                .optName("tiny")
                .optInputSize(32)
                .optBatchSize(8)
                .optEpochs(2, 1)
                .optStepsPerEpoch(4)
                .optAnchorsPerStep(2)
                .optCandidates(12)
                .optGamma(0.25)
                .optLambda1(0.1)
                .optEvalBatch(16)
                .optWorkers(1);
    }
}
