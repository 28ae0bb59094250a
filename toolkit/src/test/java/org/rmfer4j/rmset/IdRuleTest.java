package org.rmfer4j.rmset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rmfer4j.core.RmferException;

/** The ID rules on hand-made detection lists. */
class IdRuleTest {
    static final Detection FACE = new Detection(100, 100, 50, 60, 0.99);
    static final Detection MOVED = new Detection(104, 102, 50, 60, 0.98); // IoU with FACE ~0.80
    static final Detection FALSE = new Detection(400, 10, 40, 40, 0.62);
    static final Detection WEAK = new Detection(250, 100, 50, 60, 0.55);

    @Test
    void theConfirmedRuleKeepsFacesFoundAgainAndDropsAOneFrameDetection() {
        List<List<Detection>> frames = List.of(
                List.of(FACE, FALSE, WEAK), List.of(MOVED, WEAK), List.of(FACE), List.of(), List.of(MOVED, WEAK));
        IdRule.Decision d = IdRule.CONFIRMED.decide(frames, 0.3);
        assertEquals(List.of(FACE, WEAK), d.kept(), "FACE in 4 of 5 frames, WEAK in 3 of 5: kept");
        assertEquals(
                List.of("candidate at 400,10 40x40 (score 0.62): found in 1 of the first 5 sampled frames, needs 3"),
                d.dropped());
        IdRule.Decision paper = IdRule.FIRST_FRAME.decide(frames, 0.3);
        assertEquals(List.of(FACE, FALSE, WEAK), paper.kept(), "the paper's rule: every first-frame detection");
        assertEquals(List.of(), paper.dropped());
    }

    @Test
    void aMinimumScoreDropsWeakFirstFrameFaces() {
        List<List<Detection>> frames = List.of(List.of(FACE, WEAK), List.of(FACE, WEAK), List.of(FACE, WEAK));
        IdRule.Decision d = IdRule.parse("confirmed:2/3:0.6").decide(frames, 0.3);
        assertEquals(List.of(FACE), d.kept());
        assertEquals(List.of("candidate at 250,100 50x60 (score 0.55): score below 0.6"), d.dropped());
    }

    @Test
    void aShortVideoNeedsAtMostTheFramesItHas() {
        // one sampled frame: nothing to confirm with, every face is kept
        assertEquals(
                List.of(FACE, FALSE),
                IdRule.CONFIRMED.decide(List.of(List.of(FACE, FALSE)), 0.3).kept());
        // two frames: needs min(3, 2) = 2
        assertEquals(
                List.of(FACE),
                IdRule.CONFIRMED
                        .decide(List.of(List.of(FACE, FALSE), List.of(MOVED)), 0.3)
                        .kept());
    }

    @Test
    void oneDetectionConfirmsOneCandidateOnly() {
        Detection twin = new Detection(102, 100, 50, 60, 0.9); // a second box on the same face
        IdRule.Decision d = IdRule.parse("confirmed:2/2").decide(List.of(List.of(FACE, twin), List.of(MOVED)), 0.3);
        assertEquals(1, d.kept().size(), "the later frame's one box confirms one of the two first-frame boxes");
        assertEquals(1, d.dropped().size());
    }

    @Test
    void rulesParseAndBadOnesAreRefused() {
        assertEquals(IdRule.FIRST_FRAME, IdRule.parse("first"));
        assertEquals(IdRule.CONFIRMED, IdRule.parse("Confirmed"));
        assertEquals(new IdRule(7, 4, 0.8), IdRule.parse("confirmed:4/7:0.8"));
        assertEquals("confirmed:4/7:0.8", IdRule.parse("confirmed:4/7:0.8").toString());
        assertEquals("first", IdRule.FIRST_FRAME.toString());
        assertThrows(RmferException.class, () -> IdRule.parse("confirmed:6/5"));
        assertThrows(RmferException.class, () -> IdRule.parse("confirmed:a/5"));
        assertThrows(RmferException.class, () -> IdRule.parse("majority"));
        assertThrows(RmferException.class, () -> new IdRule(5, 3, Double.NaN));
    }
}
