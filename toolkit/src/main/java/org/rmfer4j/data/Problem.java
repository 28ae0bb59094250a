package org.rmfer4j.data;

import org.jspecify.annotations.Nullable;

/**
 * One thing wrong with a dataset copy: where (file, 1-based line, field) and what was expected.
 *
 * @param file    the file concerned (relative to the dataset root where possible)
 * @param line    1-based line number, or 0 when the problem is not about a line
 * @param field   the column or field name, or null
 * @param message what is wrong and what was expected
 */
public record Problem(String file, long line, @Nullable String field, String message) {
    /** A problem about a whole file. */
    public static Problem ofFile(String file, String message) {
        return new Problem(file, 0, null, message);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file);
        if (line > 0) {
            sb.append(':').append(line);
        }
        if (field != null) {
            sb.append(" [").append(field).append(']');
        }
        return sb.append(": ").append(message).toString();
    }
}
