package org.rmfer4j.data;

import java.util.List;
import java.util.Objects;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.manifest.DatasetManifest;

/** A {@link FaceDataset} backed by an immutable list of samples; what every loader builds. */
public final class SampleListDataset implements FaceDataset {
    private final DatasetManifest manifest;
    private final String split;
    private final ClassOrder order;
    private final String root;
    private final List<FaceSample> samples;
    private final List<String> notes;

    public SampleListDataset(
            DatasetManifest manifest, String split, ClassOrder order, String root, List<FaceSample> samples) {
        this(manifest, split, order, root, samples, List.of());
    }

    public SampleListDataset(
            DatasetManifest manifest,
            String split,
            ClassOrder order,
            String root,
            List<FaceSample> samples,
            List<String> notes) {
        this.notes = List.copyOf(notes);
        this.manifest = Objects.requireNonNull(manifest, "manifest");
        this.split = Objects.requireNonNull(split, "split");
        this.order = Objects.requireNonNull(order, "order");
        this.root = Objects.requireNonNull(root, "root");
        this.samples = List.copyOf(samples);
        for (FaceSample s : this.samples) {
            if (s.label() != null && !order.contains(s.label())) {
                throw new RmferException("Sample " + s.id() + " has label " + s.label() + ", which order "
                        + order.name() + " does not contain");
            }
            if (s.softLabel() != null && s.softLabel().length != order.size()) {
                throw new RmferException("Sample " + s.id() + " has a soft label of length " + s.softLabel().length
                        + "; order " + order.name() + " has " + order.size() + " classes");
            }
        }
    }

    @Override
    public DatasetManifest manifest() {
        return manifest;
    }

    @Override
    public String split() {
        return split;
    }

    @Override
    public ClassOrder classOrder() {
        return order;
    }

    @Override
    public String root() {
        return root;
    }

    @Override
    public int size() {
        return samples.size();
    }

    @Override
    public FaceSample get(int index) {
        return samples.get(index);
    }

    @Override
    public List<FaceSample> samples() {
        return samples;
    }

    @Override
    public List<String> loadNotes() {
        return notes;
    }

    @Override
    public String toString() {
        return provenance();
    }
}
