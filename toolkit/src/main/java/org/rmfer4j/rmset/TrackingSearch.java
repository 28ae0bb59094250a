package org.rmfer4j.rmset;

import java.util.Locale;
import org.rmfer4j.core.RmferException;

/**
 * How the frames after the first are searched for faces (paper Step 3). Every mode assigns IDs by the same rule (the
 * highest IoU with the ID's reference box, at least the threshold); they differ in where and at what sizes the detector
 * looks, and so in cost. Measured on SynthMashups in bench/NOTES.md (RMset section).
 */
public enum TrackingSearch {
    /** The whole frame at every size: the paper's literal procedure, and the slowest. */
    FULL_FRAME,
    /**
     * Around each ID's reference box (grown by half its size on every side) at 0.6–1.6× its face size: the reach of an
     * IoU ≥ 0.3 match, so a face this misses could not have been matched to the ID anyway.
     */
    AROUND_IDS,
    /**
     * First a small search near where each ID was last seen (a fifth of its size around it, sizes within 1.15× of it),
     * then {@link #AROUND_IDS} for the IDs not found there. Faces move little between sampled frames, so the small
     * search usually succeeds; the default.
     */
    LAST_SEEN_FIRST;

    /** The name on the command line: {@code full}, {@code around} or {@code last-seen}. */
    public String cliName() {
        return switch (this) {
            case FULL_FRAME -> "full";
            case AROUND_IDS -> "around";
            case LAST_SEEN_FIRST -> "last-seen";
        };
    }

    /** Parses {@link #cliName()} (or the constant's name). */
    public static TrackingSearch parse(String s) {
        String k = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (TrackingSearch t : values()) {
            if (t.cliName().equals(k)
                    || t.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(k)) {
                return t;
            }
        }
        throw new RmferException("Unknown tracking search '" + s + "'; expected full, around or last-seen");
    }
}
