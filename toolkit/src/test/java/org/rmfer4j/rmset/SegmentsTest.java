package org.rmfer4j.rmset;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.rmfer4j.core.RmferException;

/** How a long video is cut into segment tasks (the Spark job's {@code --segment-frames}), by hand. */
class SegmentsTest {
    private static final int END = Integer.MAX_VALUE;

    private static void assertSpans(List<int[]> got, int[]... want) {
        assertEquals(want.length, got.size());
        for (int i = 0; i < want.length; i++) {
            assertArrayEquals(want[i], got.get(i), "segment " + i);
        }
    }

    @Test
    void segmentsCoverTheVideoAndTheLastRunsToItsEnd() {
        // 100 frames, every 3rd, 30 per segment: 30 is a multiple of 3
        assertSpans(
                RmsetBuilder.segments(100, 3, 30),
                new int[] {0, 30},
                new int[] {30, 60},
                new int[] {60, 90},
                new int[] {90, END});
        // every 4th: 30 rounds up to 32, so each segment starts on a sampled frame
        assertSpans(
                RmsetBuilder.segments(100, 4, 30),
                new int[] {0, 32},
                new int[] {32, 64},
                new int[] {64, 96},
                new int[] {96, END});
        // exactly one segment long, or a count the container does not know: one task
        assertSpans(RmsetBuilder.segments(30, 1, 30), new int[] {0, END});
        assertSpans(RmsetBuilder.segments(0, 1, 30), new int[] {0, END});
        assertSpans(RmsetBuilder.segments(-1, 5, 30), new int[] {0, END});
        assertSpans(RmsetBuilder.segments(31, 1, 30), new int[] {0, 30}, new int[] {30, END});
    }

    @Test
    void aSegmentLengthBelowOneFrameIsRefused() {
        RmferException e = assertThrows(RmferException.class, () -> RmsetBuilder.segments(100, 1, 0));
        assertEquals("segment length must be >= 1 frame, got 0", e.getMessage());
    }
}
