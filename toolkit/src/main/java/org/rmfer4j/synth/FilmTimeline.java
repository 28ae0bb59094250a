package org.rmfer4j.synth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.core.Seeds;
import org.rmfer4j.data.Expression;

/**
 * What the trigger film makes its viewers feel, over time: a list of emotional events on a neutral baseline. A
 * preset says which expressions the film provokes (funny: happiness; scary: fear and surprise; …).
 *
 * @param events the events, sorted by start time
 */
public record FilmTimeline(List<Event> events) {
    /**
     * One provoked reaction.
     *
     * @param start      seconds
     * @param duration   seconds
     * @param expression what it provokes
     * @param strength   0–1
     */
    public record Event(double start, double duration, Expression expression, double strength) {}

    /** Kinds of reaction-mashup videos ("try not to laugh", "scary reaction" …). */
    public enum Preset {
        FUNNY(Expression.HAPPINESS, Expression.HAPPINESS, Expression.SURPRISE),
        SCARY(Expression.FEAR, Expression.SURPRISE, Expression.FEAR),
        SAD(Expression.SADNESS, Expression.SADNESS, Expression.NEUTRAL),
        DISGUSTING(Expression.DISGUST, Expression.DISGUST, Expression.ANGER),
        MIXED(
                Expression.HAPPINESS,
                Expression.SURPRISE,
                Expression.FEAR,
                Expression.SADNESS,
                Expression.DISGUST,
                Expression.ANGER,
                Expression.CONTEMPT),
        /**
         * The synthetic lab's film: RAF-DB's six non-neutral expressions, equally often (neutral is the calm between
         * events), so the expressions viewers show are exactly the labelled set's seven classes.
         */
        LAB(
                Expression.HAPPINESS,
                Expression.SURPRISE,
                Expression.FEAR,
                Expression.SADNESS,
                Expression.DISGUST,
                Expression.ANGER);

        private final Expression[] pool;

        Preset(Expression... pool) {
            this.pool = pool;
        }

        /**
         * What a viewer who "reacts differently" shows instead: one of the six basic non-neutral expressions, plus
         * contempt only when this film provokes it (so a seven-class lab never shows an eighth class).
         */
        public Expression[] alternatives() {
            boolean contempt = Arrays.asList(pool).contains(Expression.CONTEMPT);
            return Arrays.stream(Expression.values())
                    .filter(e -> e != Expression.NEUTRAL && (contempt || e != Expression.CONTEMPT))
                    .toArray(Expression[]::new);
        }

        public static Preset parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new RmferException(
                        "Unknown film preset '" + s + "'; expected funny, scary, sad, disgusting, mixed or lab");
            }
        }
    }

    /** Events of 1.5–4 s separated by 1–3 s of calm, over {@code seconds}. */
    public static FilmTimeline generate(Preset preset, double seconds, long seed) {
        SplittableRandom r = new SplittableRandom(Seeds.mix(seed, 0xF1));
        List<Event> events = new ArrayList<>();
        double t = 0.5 + r.nextDouble();
        while (t < seconds - 1) {
            double d = Math.min(1.5 + 2.5 * r.nextDouble(), seconds - t);
            events.add(new Event(t, d, preset.pool[r.nextInt(preset.pool.length)], 0.6 + 0.4 * r.nextDouble()));
            t += d + 1 + 2 * r.nextDouble();
        }
        return new FilmTimeline(List.copyOf(events));
    }

    /** The event active at time t (seconds), or null. */
    public Event at(double t) {
        for (Event e : events) {
            if (t >= e.start() && t < e.start() + e.duration()) {
                return e;
            }
        }
        return null;
    }
}
