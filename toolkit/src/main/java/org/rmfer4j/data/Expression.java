package org.rmfer4j.data;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.rmfer4j.core.RmferException;

/**
 * The eight basic facial expressions, in one canonical order (AffectNet's). Datasets and model heads number these
 * differently; a number alone never identifies an expression here: always pair it with a {@link ClassOrder}.
 */
public enum Expression {
    NEUTRAL("Neutral"),
    HAPPINESS("Happiness"),
    SADNESS("Sadness"),
    SURPRISE("Surprise"),
    FEAR("Fear"),
    DISGUST("Disgust"),
    ANGER("Anger"),
    CONTEMPT("Contempt");

    private final String displayName;

    Expression(String displayName) {
        this.displayName = displayName;
    }

    /** Human-readable name, e.g. {@code "Happiness"}. */
    public String displayName() {
        return displayName;
    }

    private static final Map<String, Expression> ALIASES = Map.ofEntries(
            Map.entry("neutral", NEUTRAL),
            Map.entry("happiness", HAPPINESS),
            Map.entry("happy", HAPPINESS),
            Map.entry("sadness", SADNESS),
            Map.entry("sad", SADNESS),
            Map.entry("surprise", SURPRISE),
            Map.entry("surprised", SURPRISE),
            Map.entry("fear", FEAR),
            Map.entry("fearful", FEAR),
            Map.entry("scared", FEAR),
            Map.entry("disgust", DISGUST),
            Map.entry("disgusted", DISGUST),
            Map.entry("anger", ANGER),
            Map.entry("angry", ANGER),
            Map.entry("contempt", CONTEMPT));

    /** Parses a name or common alias ("happy", "Angry", "SADNESS"), or returns empty. */
    public static Optional<Expression> tryParse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(ALIASES.get(name.trim().toLowerCase(Locale.ROOT)));
    }

    /** Parses a name or common alias, failing with a message that lists what is accepted. */
    public static Expression parse(String name) {
        return tryParse(name)
                .orElseThrow(() -> new RmferException("Unknown expression '" + name + "'; expected one of "
                        + ALIASES.keySet().stream().sorted().toList()));
    }
}
