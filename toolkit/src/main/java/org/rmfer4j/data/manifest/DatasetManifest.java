package org.rmfer4j.data.manifest;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.ClassOrder;
import org.rmfer4j.data.transform.Normalization;

/**
 * Everything the toolkit knows about a dataset's layout, read from one JSON file in {@code datasets-manifest/}.
 * Loaders take file names, columns, split names and class orders from here; nothing about a layout is repeated in
 * code.
 *
 * @param name          short id, e.g. {@code rafdb}
 * @param title         human-readable title
 * @param layout        which loader reads it: {@code rafdb}, {@code affectnet}, {@code ferplus}, {@code folder},
 *                      {@code rmset}
 * @param synthetic     true for the toolkit's generated data: its numbers are never a real benchmark
 * @param homepage      where to obtain it
 * @param access        licence and access terms
 * @param citation      how to cite it
 * @param classOrder    the label file's class order, by {@link ClassOrder#byName} name
 * @param files         named files or path patterns relative to the root
 * @param columns       expected header columns per named file
 * @param params        layout parameters (split prefixes, usage values, image size …)
 * @param tree          the expected folder tree, for humans
 * @param splits        split name to expected counts
 * @param normalization statistics to normalise with
 * @param notes         remarks (paper-vs-code differences, known quirks)
 */
public record DatasetManifest(
        String name,
        String title,
        String layout,
        boolean synthetic,
        String homepage,
        String access,
        @Nullable String citation,
        String classOrder,
        Map<String, String> files,
        Map<String, List<String>> columns,
        Map<String, String> params,
        List<String> tree,
        Map<String, SplitSpec> splits,
        Normalization normalization,
        List<String> notes) {

    /** Layouts the toolkit can read. */
    public static final List<String> LAYOUTS = List.of("rafdb", "affectnet", "ferplus", "folder", "rmset");

    public DatasetManifest {
        files = files == null ? Map.of() : Map.copyOf(files);
        columns = columns == null ? Map.of() : Map.copyOf(columns);
        params = params == null ? Map.of() : Map.copyOf(params);
        tree = tree == null ? List.of() : List.copyOf(tree);
        splits = splits == null ? Map.of() : Map.copyOf(splits);
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /**
     * Expected counts of one split.
     *
     * @param count    total images, or null if unknown
     * @param perClass expression name to count (display names as in {@link org.rmfer4j.data.Expression})
     * @param source   where the numbers come from
     */
    public record SplitSpec(
            @Nullable Integer count,
            @Nullable Map<String, Integer> perClass,
            @Nullable String source) {
        public SplitSpec {
            perClass = perClass == null ? null : Map.copyOf(perClass);
        }
    }

    /** The class order named by {@link #classOrder()}. */
    public ClassOrder order() {
        return ClassOrder.byName(classOrder);
    }

    /** A named file or pattern; fails naming the manifest field if absent. */
    public String file(String key) {
        String v = files.get(key);
        if (v == null) {
            throw new RmferException(
                    "Manifest '" + name + "' has no files." + key + " entry; expected one of " + files.keySet());
        }
        return v;
    }

    /** A layout parameter; fails naming the manifest field if absent. */
    public String param(String key) {
        String v = params.get(key);
        if (v == null) {
            throw new RmferException(
                    "Manifest '" + name + "' has no params." + key + " entry; expected one of " + params.keySet());
        }
        return v;
    }

    /** A layout parameter with a default. */
    public String param(String key, String fallback) {
        return params.getOrDefault(key, fallback);
    }

    /** Expected columns of a named file, or an empty list. */
    public List<String> columnsOf(String fileKey) {
        return columns.getOrDefault(fileKey, List.of());
    }

    /** The split names, in the manifest's order of declaration where known. */
    public List<String> splitNames() {
        return splits.keySet().stream().sorted().toList();
    }

    /** Checks a split name, listing the valid ones. */
    public String requireSplit(String split) {
        if (!splits.containsKey(split)) {
            throw new RmferException(
                    "Dataset '" + name + "' has no split '" + split + "'; expected one of " + splitNames());
        }
        return split;
    }
}
