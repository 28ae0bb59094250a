package org.rmfer4j.rmset;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.rmfer4j.core.RmferException;

/**
 * Face ID assignment and tracking (paper Steps 2 and 3). IDs are given to the first frame's faces in reading order
 * (top to bottom in rows, then left to right), manual boxes included; later detections take the ID whose reference
 * box overlaps them most (IoU ≥ a threshold), each ID at most once per frame. The reference is the first-frame box
 * ({@link Mode#FIRST_FRAME}, the paper) or each ID's last matched box ({@link Mode#LAST_SEEN}, which survives head
 * motion). Unmatched detections and IDs without a detection are allowed and counted.
 */
public final class IouTracker {
    /** What a detection is compared with. */
    public enum Mode {
        FIRST_FRAME,
        LAST_SEEN;

        public static Mode parse(String s) {
            return switch (s.trim().toLowerCase(Locale.ROOT)) {
                case "first", "first-frame", "first_frame" -> FIRST_FRAME;
                case "last", "last-seen", "last_seen" -> LAST_SEEN;
                default -> throw new RmferException("Unknown tracking mode '" + s + "'; expected first or last");
            };
        }
    }

    /** A detection with its assigned ID. */
    public record Match(int id, Detection detection) {}

    private final Mode mode;
    private final double minIou;
    private final List<Box> reference = new ArrayList<>();
    private final List<Box> lastSeen = new ArrayList<>();
    private long unmatchedDetections;
    private long missingFaces;
    private final List<Long> missingById = new ArrayList<>();

    private IouTracker(Mode mode, double minIou, List<Box> first) {
        this.mode = mode;
        this.minIou = minIou;
        this.reference.addAll(first);
        this.lastSeen.addAll(first);
        first.forEach(b -> missingById.add(0L));
    }

    /**
     * Starts tracking from the first frame.
     *
     * @param detections first-frame detections
     * @param manual     boxes the user added for faces the detector missed
     */
    public static IouTracker start(List<Detection> detections, List<Box> manual, Mode mode, double minIou) {
        List<Box> boxes = new ArrayList<>();
        detections.forEach(d -> boxes.add(Box.of(d)));
        for (Box m : manual) {
            if (boxes.stream().noneMatch(b -> b.iou(m) > 0.3)) {
                boxes.add(m);
            }
        }
        return new IouTracker(mode, minIou, readingOrder(boxes));
    }

    /**
     * Starts tracking from IDs decided earlier (their first-frame boxes, in ID order, manual boxes included): how a
     * segment of a video that does not start at frame 0 resumes. Every ID is last seen at its first-frame box, so the
     * search restarts around it.
     */
    public static IouTracker resume(List<Box> references, Mode mode, double minIou) {
        return new IouTracker(mode, minIou, references);
    }

    /** Sorts boxes into rows (centres within half a median box height) and each row left to right. */
    static List<Box> readingOrder(List<Box> boxes) {
        if (boxes.isEmpty()) {
            return List.of();
        }
        List<Integer> heights = boxes.stream().map(Box::h).sorted().toList();
        double rowTol = heights.get(heights.size() / 2) / 2.0;
        List<Box> byY = new ArrayList<>(boxes);
        byY.sort(Comparator.comparingDouble(b -> b.y() + b.h() / 2.0));
        List<List<Box>> rows = new ArrayList<>();
        for (Box b : byY) {
            double cy = b.y() + b.h() / 2.0;
            List<Box> last = rows.isEmpty() ? null : rows.get(rows.size() - 1);
            if (last != null && Math.abs(cy - (last.get(0).y() + last.get(0).h() / 2.0)) <= rowTol) {
                last.add(b);
            } else {
                List<Box> row = new ArrayList<>();
                row.add(b);
                rows.add(row);
            }
        }
        List<Box> out = new ArrayList<>();
        for (List<Box> row : rows) {
            row.sort(Comparator.comparingInt(Box::x));
            out.addAll(row);
        }
        return out;
    }

    /** Number of IDs (faces in the first frame, manual boxes included). */
    public int ids() {
        return reference.size();
    }

    /** The first-frame (or current reference) box of an ID. */
    public Box reference(int id) {
        return reference.get(id);
    }

    /**
     * Each ID's most recently matched box (its first-frame box until it is matched again), whatever the mode: where
     * to look for the face first in the next frame.
     */
    public List<Box> lastSeen() {
        return List.copyOf(lastSeen);
    }

    /** Each ID's reference box grown by {@code margin} of its width and height on every side. */
    public List<Box> searchRegions(double margin) {
        List<Box> out = new ArrayList<>();
        for (Box b : reference) {
            int mx = (int) Math.round(b.w() * margin);
            int my = (int) Math.round(b.h() * margin);
            out.add(new Box(b.x() - mx, b.y() - my, b.w() + 2 * mx, b.h() + 2 * my));
        }
        return out;
    }

    /** Assigns IDs to one frame's detections, greedily by IoU. */
    public List<Match> assign(List<Detection> detections) {
        List<double[]> pairs = new ArrayList<>(); // iou, id, det
        for (int i = 0; i < reference.size(); i++) {
            for (int j = 0; j < detections.size(); j++) {
                double iou = reference.get(i).iou(Box.of(detections.get(j)));
                if (iou >= minIou) {
                    pairs.add(new double[] {iou, i, j});
                }
            }
        }
        pairs.sort((a, b) -> Double.compare(b[0], a[0]));
        boolean[] idUsed = new boolean[reference.size()];
        boolean[] detUsed = new boolean[detections.size()];
        List<Match> out = new ArrayList<>();
        for (double[] p : pairs) {
            int id = (int) p[1];
            int det = (int) p[2];
            if (!idUsed[id] && !detUsed[det]) {
                idUsed[id] = true;
                detUsed[det] = true;
                out.add(new Match(id, detections.get(det)));
                lastSeen.set(id, Box.of(detections.get(det)));
                if (mode == Mode.LAST_SEEN) {
                    reference.set(id, Box.of(detections.get(det)));
                }
            }
        }
        for (boolean u : detUsed) {
            if (!u) {
                unmatchedDetections++;
            }
        }
        for (int i = 0; i < idUsed.length; i++) {
            if (!idUsed[i]) {
                missingFaces++;
                missingById.set(i, missingById.get(i) + 1);
            }
        }
        out.sort(Comparator.comparingInt(Match::id));
        return out;
    }

    /** Detections that matched no ID, so far. */
    public long unmatchedDetections() {
        return unmatchedDetections;
    }

    /** Per ID, the frames so far in which it had no detection (tracking recall, ID by ID). */
    public List<Long> missingById() {
        return List.copyOf(missingById);
    }

    /** (frame, ID) pairs with no detection, so far. */
    public long missingFaces() {
        return missingFaces;
    }
}
