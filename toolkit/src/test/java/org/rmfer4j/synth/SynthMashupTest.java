package org.rmfer4j.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.data.Expression;
import org.rmfer4j.rmset.CascadeFaceDetector;

class SynthMashupTest {
    @Test
    void aShortClipDecodesWithItsFrameCountAndTheDetectorFindsTheViewers(@TempDir Path dir) throws Exception {
        SynthMashup.Result r = SynthMashup.builder()
                .setOut(dir)
                .optName("clip")
                .optSeconds(2)
                .optFps(10)
                .optViewers(20)
                .optSeed(5)
                .build()
                .write(s -> {});
        assertEquals(20, r.frames());
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(r.video().toFile())) {
            g.start();
            assertEquals(1280, g.getImageWidth());
            assertEquals(720, g.getImageHeight());
            int n = 0;
            while (g.grabImage() != null) {
                n++;
            }
            g.stop();
            assertEquals(20, n, "decoded frames");
        }
        List<String> truth = Files.readAllLines(r.truth());
        assertEquals(1 + 20 * 20, truth.size());
        assertTrue(
                Files.readString(r.meta()).contains("\"removalArea\": [426, 180, 426, 360]"),
                Files.readString(r.meta()));
        try (CascadeFaceDetector d = new CascadeFaceDetector()) {
            DetectionCheck.Report rep = DetectionCheck.check(r, d, 4);
            assertTrue(rep.recall() >= 0.9, rep.toString());
            assertTrue(rep.precision() >= 0.9, rep.toString());
        }
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no partial output left");
        }
    }

    @Test
    void sameSeedSameVideoFileWhateverTheThreadCount(@TempDir Path dir) throws Exception {
        // x264 with frame threads is not deterministic; the recorder is set to one encoder thread
        SynthMashup.Result a = SynthMashup.builder()
                .setOut(dir.resolve("a"))
                .optName("same")
                .optSeconds(1)
                .optFps(10)
                .optSize(320, 240)
                .optViewers(4)
                .optSeed(3)
                .optThreads(2)
                .build()
                .write(s -> {});
        SynthMashup.Result b = SynthMashup.builder()
                .setOut(dir.resolve("b"))
                .optName("same")
                .optSeconds(1)
                .optFps(10)
                .optSize(320, 240)
                .optViewers(4)
                .optSeed(3)
                .optThreads(1)
                .build()
                .write(s -> {});
        Assertions.assertEquals(-1L, Files.mismatch(a.video(), b.video()), "byte-identical videos");
    }

    @Test
    void sameSeedSameFramesAndTruth() {
        SynthMashup a = SynthMashup.builder()
                .setOut(Path.of("unused"))
                .optSeconds(4)
                .optSeed(11)
                .build();
        SynthMashup b = SynthMashup.builder()
                .setOut(Path.of("unused"))
                .optSeconds(4)
                .optSeed(11)
                .build();
        FilmTimeline film = FilmTimeline.generate(FilmTimeline.Preset.MIXED, 4, 11);
        List<SynthMashup.Truth> ta = new ArrayList<>();
        List<SynthMashup.Truth> tb = new ArrayList<>();
        var fa = a.renderFrame(37, a.viewers(), film, ta);
        var fb = b.renderFrame(37, b.viewers(), film, tb);
        assertEquals(ta, tb);
        assertArrayEquals(fa.getRGB(0, 0, 1280, 720, null, 0, 1280), fb.getRGB(0, 0, 1280, 720, null, 0, 1280));
    }

    /** Mean colour of a box's central quarter. */
    private static double[] meanColour(BufferedImage img, SynthMashup.Truth t) {
        double[] m = new double[3];
        int n = 0;
        for (int y = t.y() + t.h() * 3 / 8; y < t.y() + t.h() * 5 / 8; y++) {
            for (int x = t.x() + t.w() * 3 / 8; x < t.x() + t.w() * 5 / 8; x++) {
                int p = img.getRGB(x, y);
                m[0] += (p >> 16) & 0xFF;
                m[1] += (p >> 8) & 0xFF;
                m[2] += p & 0xFF;
                n++;
            }
        }
        for (int i = 0; i < 3; i++) {
            m[i] /= n;
        }
        return m;
    }

    private static double distance(double[] a, double[] b) {
        return Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) + (a[2] - b[2]) * (a[2] - b[2]));
    }

    @Test
    void eachViewerKeepsTheirLookAcrossFrames() {
        SynthMashup m = SynthMashup.builder()
                .setOut(Path.of("unused"))
                .optSeconds(10)
                .optViewers(12)
                .optSeed(4)
                .build();
        FilmTimeline film = FilmTimeline.generate(FilmTimeline.Preset.MIXED, 10, 4);
        List<SynthMashup.Truth> t0 = new ArrayList<>();
        List<SynthMashup.Truth> t1 = new ArrayList<>();
        var f0 = m.renderFrame(0, m.viewers(), film, t0);
        var f1 = m.renderFrame(200, m.viewers(), film, t1);
        int same = 0;
        for (int v = 3; v < 12; v++) { // viewers 1 and 2 leave or are covered in this clip
            double self = distance(meanColour(f0, t0.get(v)), meanColour(f1, t1.get(v)));
            double nearestOther = Double.MAX_VALUE;
            for (int o = 3; o < 12; o++) {
                if (o != v
                        && m.viewers().get(o).identity().toneGroup()
                                != m.viewers().get(v).identity().toneGroup()) {
                    nearestOther =
                            Math.min(nearestOther, distance(meanColour(f0, t0.get(v)), meanColour(f1, t1.get(o))));
                }
            }
            if (self < nearestOther) {
                same++;
            }
            assertEquals(m.viewers().get(v).identity(), m.viewers().get(v).identity());
        }
        assertTrue(
                same >= 8,
                "a viewer's face 8 s later looks like themselves, not like someone of another skin tone: " + same
                        + "/9");
    }

    @Test
    void viewersReactToTheFilmWithLagAndSomeDoNot() {
        SynthMashup m = SynthMashup.builder()
                .setOut(Path.of("unused"))
                .optSeconds(60)
                .optViewers(20)
                .optPreset(FilmTimeline.Preset.SCARY)
                .optSeed(2)
                .build();
        FilmTimeline film = FilmTimeline.generate(FilmTimeline.Preset.SCARY, 60, 2);
        assertTrue(film.events().size() >= 8, "a minute of film has many events");
        FilmTimeline.Event e = film.events().get(2);
        double t = e.start() + e.duration() / 2;
        int reacting = 0;
        int matching = 0;
        for (SynthMashup.Viewer v : m.viewers()) {
            Object[] re = SynthMashup.reaction(v, film, FilmTimeline.Preset.MIXED, Reactions.LAB, t, 2);
            if (re[0] != Expression.NEUTRAL) {
                reacting++;
                if (re[0] == e.expression()) {
                    matching++;
                }
            }
        }
        assertTrue(reacting >= 12, "most viewers react: " + reacting);
        assertTrue(matching < 20, "not everyone reacts identically");
        // before the event nobody reacts to it
        for (SynthMashup.Viewer v : m.viewers()) {
            assertEquals(
                    Expression.NEUTRAL,
                    SynthMashup.reaction(
                            v,
                            new FilmTimeline(List.of(e)),
                            FilmTimeline.Preset.MIXED,
                            Reactions.LAB,
                            e.start() - 0.01,
                            2)[0]);
        }
    }
}
