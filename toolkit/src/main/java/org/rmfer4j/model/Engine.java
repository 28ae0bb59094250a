package org.rmfer4j.model;

import java.util.Arrays;
import java.util.Locale;
import org.rmfer4j.core.RmferException;

/** The training engines behind {@link RmferModel}. */
public enum Engine {
    /** libtorch through the JavaCPP presets: about 13× SameDiff on a CPU; the default for training. */
    TORCH,
    /** Deeplearning4j's SameDiff 1.0.0-M2.1 on ND4J (CUDA through the {@code cuda} Maven profile). */
    SAMEDIFF;

    public static Engine parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new RmferException("Unknown engine '" + s + "'; expected one of " + Arrays.toString(values()));
        }
    }
}
