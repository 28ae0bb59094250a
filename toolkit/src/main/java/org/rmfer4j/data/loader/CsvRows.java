package org.rmfer4j.data.loader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.rmfer4j.data.DatasetException;
import org.rmfer4j.data.Problem;

/**
 * A small streaming CSV reader (RFC 4180: quoted fields, doubled quotes, newlines inside quotes) that remembers the
 * line each record starts on, so errors can name it. Streaming matters: fer2013.csv is ~300 MB.
 */
public final class CsvRows {
    /**
     * One record.
     *
     * @param line   1-based line number where the record starts
     * @param fields the fields, unquoted
     */
    public record Row(long line, List<String> fields) {
        public String get(int i) {
            return fields.get(i);
        }

        public int size() {
            return fields.size();
        }
    }

    private CsvRows() {}

    /**
     * Streams every record of {@code file} (header included, as the first row) to {@code sink}.
     *
     * @param display the file name to use in errors (relative to the dataset root)
     */
    public static void forEach(Path file, String display, char separator, Consumer<Row> sink) {
        if (!Files.isRegularFile(file)) {
            throw new DatasetException(Problem.ofFile(display, "file is missing (expected it at " + file + ")"));
        }
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            parse(r, display, separator, sink);
        } catch (IOException | UncheckedIOException e) {
            throw new DatasetException(Problem.ofFile(display, "cannot be read: " + e.getMessage()), e);
        }
    }

    /** Reads all records into memory (for small files). */
    public static List<Row> readAll(Path file, String display, char separator) {
        List<Row> rows = new ArrayList<>();
        forEach(file, display, separator, rows::add);
        return rows;
    }

    static void parse(BufferedReader r, String display, char sep, Consumer<Row> sink) throws IOException {
        long lineNo = 0;
        String line;
        boolean first = true;
        while ((line = r.readLine()) != null) {
            lineNo++;
            if (first && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1); // UTF-8 byte-order mark written by spreadsheet tools
            }
            first = false;
            if (line.isEmpty()) {
                continue;
            }
            long start = lineNo;
            List<String> fields = new ArrayList<>();
            StringBuilder cur = new StringBuilder();
            boolean quoted = false;
            int i = 0;
            while (true) {
                if (i >= line.length()) {
                    if (quoted) {
                        String next = r.readLine();
                        if (next == null) {
                            throw new DatasetException(new Problem(
                                    display, start, null, "unterminated quoted field (expected a closing '\"')"));
                        }
                        lineNo++;
                        cur.append('\n');
                        line = next;
                        i = 0;
                        continue;
                    }
                    break;
                }
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                            cur.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        cur.append(c);
                    }
                } else if (c == '"' && cur.length() == 0) {
                    quoted = true;
                } else if (c == sep) {
                    fields.add(cur.toString());
                    cur.setLength(0);
                } else {
                    cur.append(c);
                }
                i++;
            }
            fields.add(cur.toString());
            sink.accept(new Row(start, fields));
        }
    }

    /**
     * Checks that a header starts with the expected columns (extra trailing columns are allowed: the official
     * RMFER AffectNet CSV adds 'score').
     */
    public static void requireHeader(Row header, List<String> expected, String display) {
        for (int i = 0; i < expected.size(); i++) {
            String got = i < header.size() ? header.get(i).trim() : "<missing>";
            if (!got.equals(expected.get(i))) {
                throw new DatasetException(new Problem(
                        display,
                        header.line(),
                        expected.get(i),
                        "header column " + (i + 1) + " is '" + got + "'; expected the columns " + expected));
            }
        }
    }
}
