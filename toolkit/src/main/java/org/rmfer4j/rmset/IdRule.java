package org.rmfer4j.rmset;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.rmfer4j.core.RmferException;

/**
 * Which first-frame faces become IDs (paper Step 2). The paper's rule gives every face detected in the first frame an
 * ID ({@link #FIRST_FRAME}); on real footage a false first-frame detection then becomes a permanent "person" whose crops
 * are background. {@link #CONFIRMED} keeps a first-frame face only when the detector finds it again (IoU ≥ the
 * tracker's threshold with its first box) in at least {@code need} of the first {@code frames} sampled frames, and when
 * its score is at least {@code minScore}; a video with fewer sampled frames needs min(need, frames it has). Manual boxes
 * are always IDs.
 *
 * @param frames   sampled frames looked at, from the first (1: the paper's rule)
 * @param need     of those, in how many the face must be found (the first included)
 * @param minScore a first-frame face scoring less is no ID (0: the detector's own threshold decides)
 */
public record IdRule(int frames, int need, double minScore) implements Serializable {
    /** The paper's rule: every first-frame detection is an ID. */
    public static final IdRule FIRST_FRAME = new IdRule(1, 1, 0);

    /**
     * The default: found in 3 of the first 5 sampled frames, with a first-frame score of at least 0.5 (the CNN
     * detectors' probability; the cascades' scores are neighbour counts, at least 1, so only the frames count for them).
     */
    public static final IdRule CONFIRMED = new IdRule(5, 3, 0.5);

    public IdRule {
        if (frames < 1 || frames > 100 || need < 1 || need > frames) {
            throw new RmferException(
                    "ID rule: expected 1 <= need <= frames <= 100, got need " + need + " of " + frames + " frames");
        }
        if (!(minScore >= 0) || Double.isInfinite(minScore)) {
            throw new RmferException("ID rule: the minimum score must be a finite number >= 0, got " + minScore);
        }
    }

    /**
     * {@code first} (the paper), {@code confirmed} (3 of 5, score 0.5), or {@code confirmed:N/K} and {@code confirmed:N/K:S} (found
     * in N of the first K sampled frames, first-frame score at least S).
     */
    public static IdRule parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        if (t.equals("first") || t.equals("first-frame")) {
            return FIRST_FRAME;
        }
        if (t.equals("confirmed")) {
            return CONFIRMED;
        }
        if (t.startsWith("confirmed:")) {
            String[] parts = t.substring("confirmed:".length()).split(":");
            String[] nk = parts[0].split("/");
            try {
                if (nk.length == 2 && parts.length <= 2) {
                    return new IdRule(
                            Integer.parseInt(nk[1]),
                            Integer.parseInt(nk[0]),
                            parts.length == 2 ? Double.parseDouble(parts[1]) : 0);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new RmferException("Unknown ID rule '" + s
                + "'; expected first, confirmed, confirmed:N/K or confirmed:N/K:SCORE (e.g. confirmed:3/5:0.7)");
    }

    /** Whether this is the paper's rule (IDs from the first frame alone). */
    public boolean firstFrameOnly() {
        return frames == 1 && minScore == 0;
    }

    @Override
    public String toString() {
        return firstFrameOnly() ? "first" : "confirmed:" + need + "/" + frames + (minScore > 0 ? ":" + minScore : "");
    }

    /** The first-frame faces kept as IDs, and one line per candidate dropped saying why. */
    public record Decision(List<Detection> kept, List<String> dropped) {}

    /**
     * Decides the IDs from the detections of the first sampled frames.
     *
     * @param firstFrames detections per sampled frame, from the first; at most {@link #frames()} are looked at
     * @param minIou      the tracker's IoU threshold (a face found again overlaps its first box at least this much)
     */
    public Decision decide(List<List<Detection>> firstFrames, double minIou) {
        if (firstFrames.isEmpty()) {
            return new Decision(List.of(), List.of());
        }
        List<Detection> candidates = firstFrames.get(0);
        int looked = Math.min(frames, firstFrames.size());
        int needed = Math.min(need, looked);
        // each later frame's detections matched one-to-one to the candidates (greedily by IoU, as the tracker does)
        int[] found = new int[candidates.size()];
        Arrays.fill(found, 1);
        for (int f = 1; f < looked; f++) {
            List<Detection> dets = firstFrames.get(f);
            List<double[]> pairs = new ArrayList<>();
            for (int i = 0; i < candidates.size(); i++) {
                for (int j = 0; j < dets.size(); j++) {
                    double iou = candidates.get(i).iou(dets.get(j));
                    if (iou >= minIou) {
                        pairs.add(new double[] {iou, i, j});
                    }
                }
            }
            pairs.sort((x, y) -> Double.compare(y[0], x[0]));
            boolean[] candUsed = new boolean[candidates.size()];
            boolean[] detUsed = new boolean[dets.size()];
            for (double[] p : pairs) {
                int i = (int) p[1];
                int j = (int) p[2];
                if (!candUsed[i] && !detUsed[j]) {
                    candUsed[i] = true;
                    detUsed[j] = true;
                    found[i]++;
                }
            }
        }
        List<Detection> kept = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Detection c = candidates.get(i);
            String what = String.format(
                    Locale.ROOT, "candidate at %d,%d %dx%d (score %.2f)", c.x(), c.y(), c.w(), c.h(), c.confidence());
            if (c.confidence() < minScore) {
                dropped.add(what + ": score below " + minScore);
            } else if (found[i] < needed) {
                dropped.add(what + ": found in " + found[i] + " of the first " + looked + " sampled frames, needs "
                        + needed);
            } else {
                kept.add(c);
            }
        }
        return new Decision(kept, dropped);
    }
}
