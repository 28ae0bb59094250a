package org.rmfer4j.data.loader;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.rmfer4j.core.RmferException;

/** Expands manifest path patterns such as {@code Image/aligned/{stem}_aligned.jpg}. */
public final class Patterns {
    private static final Pattern VAR = Pattern.compile("\\{([A-Za-z]+)}");

    private Patterns() {}

    public static String expand(String pattern, Map<String, String> values) {
        Matcher m = VAR.matcher(pattern);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw new RmferException(
                        "Path pattern '" + pattern + "' uses {" + m.group(1) + "}; known: " + values.keySet());
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(v));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
