package org.rmfer4j.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.Expression;

class ReactionsTest {
    private static SynthMashup mashup(Reactions style) {
        return SynthMashup.builder()
                .setOut(Path.of("unused"))
                .optSeconds(60)
                .optViewers(20)
                .optPreset(FilmTimeline.Preset.LAB)
                .optReactions(style)
                .optSeed(5)
                .build();
    }

    /** Share of viewer pairs, over frames where someone reacts, that show the same expression. */
    private static double agreement(Reactions style) {
        SynthMashup m = mashup(style);
        FilmTimeline film = FilmTimeline.generate(FilmTimeline.Preset.LAB, 60, 5);
        List<SynthMashup.Viewer> viewers = m.viewers();
        long same = 0;
        long pairs = 0;
        for (double t = 0; t < 60; t += 0.2) {
            Expression[] x = new Expression[viewers.size()];
            boolean anyone = false;
            for (int i = 0; i < x.length; i++) {
                x[i] = (Expression) SynthMashup.reaction(viewers.get(i), film, FilmTimeline.Preset.LAB, style, t, 5)[0];
                anyone |= x[i] != Expression.NEUTRAL;
            }
            if (!anyone) {
                continue;
            }
            for (int i = 0; i < x.length; i++) {
                for (int j = i + 1; j < x.length; j++) {
                    pairs++;
                    same += x[i] == x[j] ? 1 : 0;
                }
            }
        }
        return (double) same / pairs;
    }

    @Test
    void theLabStyleDrawsTheLagsAndGainsItAlwaysDid() {
        for (SynthMashup.Viewer v : mashup(Reactions.LAB).viewers()) {
            assertTrue(v.lag() >= 0.2 && v.lag() < 1.0, "lag " + v.lag());
            assertTrue(v.gain() >= 0.5 && v.gain() < 1.2, "gain " + v.gain());
        }
        assertEquals(Reactions.LAB, new Reactions(0.2, 0.8, 0.5, 0.7, 0.1, 0.1));
    }

    @Test
    void viewersInStepAgreeMoreOftenThanTheLabsViewers() {
        double lab = agreement(Reactions.LAB);
        double inStep = agreement(Reactions.IN_STEP);
        assertTrue(inStep > lab + 0.1, "in step " + inStep + " vs lab " + lab);
        for (SynthMashup.Viewer v : mashup(Reactions.IN_STEP).viewers()) {
            assertTrue(v.lag() >= 0.2 && v.lag() < 0.4, "lag " + v.lag());
        }
    }

    @Test
    void nobodyReactsWhenEveryViewerIgnoresTheFilm() {
        Reactions deaf = new Reactions(0.2, 0.8, 0.5, 0.7, 1.0, 0.0);
        SynthMashup m = mashup(deaf);
        FilmTimeline film = FilmTimeline.generate(FilmTimeline.Preset.LAB, 60, 5);
        for (SynthMashup.Viewer v : m.viewers()) {
            for (double t = 0; t < 60; t += 0.5) {
                assertEquals(Expression.NEUTRAL, SynthMashup.reaction(v, film, FilmTimeline.Preset.LAB, deaf, t, 5)[0]);
            }
        }
    }

    @Test
    void badStylesAreRefusedWithTheirValues() {
        var e = assertThrows(RmferException.class, () -> new Reactions(0.2, 0.8, 0.5, 0.7, 0.6, 0.6));
        assertTrue(e.getMessage().contains("noReaction (0.6)"), e.getMessage());
        assertThrows(RmferException.class, () -> new Reactions(-1, 0.8, 0.5, 0.7, 0.1, 0.1));
        assertThrows(RmferException.class, () -> new Reactions(0.2, 0.8, 0, 0.7, 0.1, 0.1));
        assertThrows(RmferException.class, () -> new Reactions(0.2, Double.NaN, 0.5, 0.7, 0.1, 0.1));
    }
}
