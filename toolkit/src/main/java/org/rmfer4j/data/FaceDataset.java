package org.rmfer4j.data;

import java.util.ArrayList;
import java.util.List;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.core.Seeds;
import org.rmfer4j.data.manifest.DatasetManifest;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * A split of a face dataset: an indexed list of {@link FaceSample}s with lazily loaded pixels, labels in a known
 * {@link ClassOrder}, and the manifest it was read with. Every loader (RAF-DB, AffectNet, FERPlus, folders, the
 * synthetic sets, the RMset index) returns one of these, so samplers, batch loaders and verifiers work on all.
 */
public interface FaceDataset {
    /** The manifest that describes the layout this split was read from. */
    DatasetManifest manifest();

    /** The split name ({@code train}, {@code test}, {@code validation}, {@code all}). */
    String split();

    /** The class order of this dataset's labels and soft labels. */
    ClassOrder classOrder();

    /** Where the data lives, for provenance ("/data/RAF-DB"). */
    String root();

    int size();

    FaceSample get(int index);

    /** What the loader skipped or noticed while reading (e.g. "skipped 812 rows with codes 8-10"). */
    default List<String> loadNotes() {
        return List.of();
    }

    /** Dataset name and split, e.g. {@code rafdb/train}. */
    default String name() {
        return manifest().name() + "/" + split();
    }

    /** True for the toolkit's generated data: numbers measured on it are never a real benchmark. */
    default boolean synthetic() {
        return manifest().synthetic();
    }

    /** A one-line provenance string for tables and reports. */
    default String provenance() {
        return (synthetic() ? "SYNTHETIC " : "") + name() + " @ " + root() + " (" + size() + " images)";
    }

    /** All samples (a copy of the references, not of the pixels). */
    default List<FaceSample> samples() {
        List<FaceSample> out = new ArrayList<>(size());
        for (int i = 0; i < size(); i++) {
            out.add(get(i));
        }
        return out;
    }

    /**
     * The hard label of each sample as a class index in {@link #classOrder()}, or -1 for unlabelled samples. A
     * soft label counts as its argmax (ties to the lower index).
     */
    default int[] labelIndices() {
        ClassOrder order = classOrder();
        int[] out = new int[size()];
        for (int i = 0; i < out.length; i++) {
            FaceSample s = get(i);
            if (s.label() != null) {
                out[i] = order.indexOf(s.label());
            } else if (s.softLabel() != null) {
                out[i] = argmax(s.softLabel());
            } else {
                out[i] = -1;
            }
        }
        return out;
    }

    /** Number of labelled samples per class, in {@link #classOrder()}. */
    default int[] classCounts() {
        int[] counts = new int[classOrder().size()];
        for (int idx : labelIndices()) {
            if (idx >= 0) {
                counts[idx]++;
            }
        }
        return counts;
    }

    /** The class distribution as a table: class, label code, count, percent. */
    default Table describe() {
        ClassOrder order = classOrder();
        int[] counts = classCounts();
        int total = 0;
        for (int c : counts) {
            total += c;
        }
        StringColumn cls = StringColumn.create("class");
        IntColumn code = IntColumn.create("code");
        IntColumn count = IntColumn.create("count");
        DoubleColumn pct = DoubleColumn.create("percent");
        for (int i = 0; i < counts.length; i++) {
            cls.append(order.at(i).displayName());
            code.append(order.firstCode() + i);
            count.append(counts[i]);
            pct.append(total == 0 ? 0.0 : Math.round(10000.0 * counts[i] / total) / 100.0);
        }
        return Table.create(provenance(), cls, code, count, pct);
    }

    /** The samples at the given indices, as a dataset with the same manifest and order. */
    default FaceDataset subset(int[] indices) {
        List<FaceSample> picked = new ArrayList<>(indices.length);
        for (int i : indices) {
            picked.add(get(i));
        }
        return new SampleListDataset(manifest(), split(), classOrder(), root(), picked, loadNotes());
    }

    /**
     * At most {@code n} samples, drawn without replacement by a seeded shuffle so the class mix is kept on
     * average (the {@code DATASET_LIMIT} knob). Returns this dataset when it already has at most n.
     */
    default FaceDataset limit(int n, long seed) {
        if (n < 0) {
            throw new RmferException("limit must be >= 0, got " + n);
        }
        if (n >= size()) {
            return this;
        }
        int[] head = Seeds.sampleIndices(size(), n, seed);
        return subset(head);
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
