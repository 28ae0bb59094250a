package org.rmfer4j.train;

import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.rmfer4j.data.Expression;
import org.rmfer4j.rmset.RmsetIndex;

/**
 * The true expression of an RMset face, where one is known — only for synthetic mashups, whose renderer wrote it
 * down. Lets the trainer measure what the real RMset never can: how often ACL's candidates truly share (positives)
 * or differ from (negatives) the anchor's expression, before and after attention-based selection.
 */
@FunctionalInterface
public interface ExpressionOracle {
    /** The face's true expression, or null when unknown. */
    @Nullable Expression expressionOf(RmsetIndex.Row row);

    /** Dispatches on the row's video name; rows of other videos are unknown. */
    static ExpressionOracle byVideo(Map<String, ? extends ExpressionOracle> perVideo) {
        Map<String, ? extends ExpressionOracle> copy = Map.copyOf(perVideo);
        return row -> {
            ExpressionOracle o = copy.get(row.video());
            return o == null ? null : o.expressionOf(row);
        };
    }
}
