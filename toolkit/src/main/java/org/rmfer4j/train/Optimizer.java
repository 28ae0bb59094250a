package org.rmfer4j.train;

import java.util.Locale;
import org.rmfer4j.core.RmferException;

/** The update rule of a training run. */
public enum Optimizer {
    /** Adam (β = 0.9/0.999, ε = 1e-8, no weight decay): one forward/backward pass per step. */
    ADAM,
    /**
     * Sharpness-aware minimisation over Adam, as every official config (ρ = 0.05, non-adaptive): the gradient is
     * taken at w + ρ·g/‖g‖ and Adam applies it at w. Two forward/backward passes per step, so about twice the time.
     */
    SAM;

    public static Optimizer parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RmferException("Unknown optimizer '" + s + "'; expected adam or sam");
        }
    }
}
