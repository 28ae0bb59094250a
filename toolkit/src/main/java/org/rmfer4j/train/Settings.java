package org.rmfer4j.train;

import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.RmferException;

/** The one check every settings record uses: a field out of range names itself, its section and what was expected. */
final class Settings {
    private Settings() {}

    static void require(boolean ok, String field, String expected, @Nullable Object got) {
        if (!ok) {
            throw new RmferException("Training config field '" + field + "': expected " + expected + ", got " + got);
        }
    }
}
