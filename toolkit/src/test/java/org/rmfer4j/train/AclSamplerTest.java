package org.rmfer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.rmset.RmsetIndex;

class AclSamplerTest {
    /** Video "v": 4 people on frames 0..99 (face 2 missing on frame 50); "solo": 1 person; "short": 40 frames. */
    static RmsetIndex index() {
        List<RmsetIndex.Row> rows = new ArrayList<>();
        for (int f = 0; f < 100; f++) {
            for (int id = 0; id < 4; id++) {
                if (!(f == 50 && id == 2)) {
                    rows.add(row("v", f, id));
                }
            }
            rows.add(row("solo", f, 0));
        }
        for (int f = 0; f < 40; f++) {
            rows.add(row("short", f, 0));
            rows.add(row("short", f, 1));
        }
        return RmsetIndex.of(Path.of("/rmset"), rows);
    }

    static RmsetIndex.Row row(String v, int f, int id) {
        return new RmsetIndex.Row(v, f, id, v + "/" + v + "_" + f + "_" + id + ".jpg", 1, 0, 0, 10, 10, 1);
    }

    @Test
    void officialAdaptiveWindowIsHalfOpen() {
        assertEquals(2, AclSampler.officialRadius(50, 20), "the reference's example: 50 candidates, 20 faces");
        assertEquals(7, AclSampler.officialRadius(50, 4));
        AclSampler s = new AclSampler(index(), AclSampler.Options.OFFICIAL);
        List<RmsetIndex.Row> pos = s.positiveCandidates("v", 0, 60);
        assertEquals(14 * 3, pos.size(), "[53, 67): 14 frames × 3 other people");
        assertTrue(pos.stream().anyMatch(r -> r.frame() == 53));
        assertFalse(pos.stream().anyMatch(r -> r.frame() == 67), "T + R is excluded");
        assertTrue(pos.stream().noneMatch(r -> r.faceId() == 0), "positives are other people");
    }

    @Test
    void papersWindowIsInclusiveD5() {
        AclSampler s = new AclSampler(index(), new AclSampler.Options(50, AclSampler.Window.PAPER, 5, 30, 31, 50));
        List<RmsetIndex.Row> pos = s.positiveCandidates("v", 1, 60);
        assertEquals(11 * 3, pos.size(), "[55, 65] inclusive");
        List<RmsetIndex.Row> around50 = s.positiveCandidates("v", 0, 50);
        assertEquals(11 * 3 - 1, around50.size(), "face 2 is missing on frame 50");
    }

    @Test
    void negativesAreTheSamePersonBeyondDPrime() {
        AclSampler s = new AclSampler(index(), AclSampler.Options.OFFICIAL);
        List<RmsetIndex.Row> neg = s.negativeCandidates("v", 3, 50);
        assertEquals(21 + 19, neg.size(), "frames 0..20 (≤ T − 30) and 81..99 (> T + 30)");
        assertTrue(neg.stream().anyMatch(r -> r.frame() == 20));
        assertFalse(neg.stream().anyMatch(r -> r.frame() == 21 || r.frame() == 80));
        assertTrue(neg.stream().anyMatch(r -> r.frame() == 81));
        assertTrue(neg.stream().allMatch(r -> r.faceId() == 3));
    }

    @Test
    void samplingIsSeededAndCountsWhatItSkips() {
        AclSampler s = new AclSampler(index(), new AclSampler.Options(20, AclSampler.Window.OFFICIAL, 5, 30, 31, 50));
        AclSampler.Candidates a = s.sample(7, 3, 1);
        AclSampler.Candidates b = new AclSampler(
                        index(), new AclSampler.Options(20, AclSampler.Window.OFFICIAL, 5, 30, 31, 50))
                .sample(7, 3, 1);
        assertNotNull(a);
        assertEquals(a, b);
        assertEquals("v", a.anchor().video(), "the only usable video");
        assertTrue(a.anchor().frame() >= 31 && a.anchor().frame() <= 68);
        // with 4 people the official window holds 2R·3 = 18 < 20 candidates (R = 3): the official code would redraw
        // forever; here the shortfall is counted and the 18 are used
        assertEquals(18, a.positives().size());
        assertEquals(18, a.positives().stream().distinct().count(), "positives without replacement");
        assertTrue(s.counters().shortPositives() > 0);
        assertEquals(20, a.negatives().size());
        assertTrue(
                a.positives().stream().noneMatch(r -> r.faceId() == a.anchor().faceId()));
        assertTrue(a.negatives().stream()
                .allMatch(r -> r.faceId() == a.anchor().faceId()
                        && Math.abs(r.frame() - a.anchor().frame()) >= 30));
        assertEquals(2, s.counters().videosTooShort(), "solo (one person) and short (40 frames) are set aside");
        // asking for more positives than any window holds: counted shortfalls, still an answer, never a crash
        AclSampler greedy = new AclSampler(index(), new AclSampler.Options(500, AclSampler.Window.PAPER, 5, 30, 31, 5));
        AclSampler.Candidates c = greedy.sample(1, 1, 1);
        assertNotNull(c);
        assertEquals(33, c.positives().size());
        assertTrue(greedy.counters().shortPositives() >= 1);
    }

    @Test
    void anIndexWithNothingUsableIsAClearError() {
        List<RmsetIndex.Row> rows = new ArrayList<>();
        for (int f = 0; f < 30; f++) {
            rows.add(row("tiny", f, 0));
            rows.add(row("tiny", f, 1));
        }
        RmferException e = assertThrows(
                RmferException.class,
                () -> new AclSampler(RmsetIndex.of(Path.of("/x"), rows), AclSampler.Options.OFFICIAL));
        assertTrue(e.getMessage().contains("long enough"), e.getMessage());
    }

    @Test
    void namedOptionsStartFromTheOfficialOnes() {
        assertEquals(AclSampler.Options.OFFICIAL, AclSampler.Options.builder().build());
        AclSampler.Options o = AclSampler.Options.builder()
                .optCandidates(20)
                .optWindow(AclSampler.Window.PAPER)
                .optDPrime(10)
                .build();
        assertEquals(new AclSampler.Options(20, AclSampler.Window.PAPER, 5, 10, 31, 50), o);
        AclSampler s = new AclSampler(index(), o);
        assertEquals(Optional.ofNullable(s.sample(1, 0, 0)), s.trySample(1, 0, 0), "the same draw, as an Optional");
    }
}
