package org.rmfer4j.data.loader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.core.SafePaths;
import org.rmfer4j.data.ClassOrder;
import org.rmfer4j.data.FaceDataset;
import org.rmfer4j.data.FaceSample;
import org.rmfer4j.data.FileImage;
import org.rmfer4j.data.Problem;
import org.rmfer4j.data.ProblemSink;
import org.rmfer4j.data.SampleListDataset;
import org.rmfer4j.data.manifest.DatasetManifest;

/**
 * RAF-DB basic-emotion subset: one label list ({@code <name> <label>} per line, labels 1 Surprise … 7 Neutral),
 * split by the {@code train_}/{@code test_} name prefix, aligned or original images. File names, prefixes and
 * the class order come from the manifest.
 *
 * <pre>{@code
 * FaceDataset train = RafDb.builder().setRoot(Path.of("/data/RAF-DB")).setSplit("train").build();
 * }</pre>
 */
public final class RafDb {
    /** Which images to read. */
    public enum Images {
        ALIGNED,
        ORIGINAL
    }

    private RafDb() {}

    public static Builder builder() {
        return new Builder();
    }

    /** Required: {@code setRoot}, {@code setSplit}. Optional: {@code opt*}. */
    public static final class Builder extends LoaderBuilder<Builder> {
        private @Nullable Images images;

        public Builder optImages(Images images) {
            this.images = images;
            return this;
        }

        private Builder() {
            super("rafdb");
        }

        public FaceDataset build() {
            requireRootAndSplit("RafDb");
            Images which = images != null
                    ? images
                    : Images.valueOf(manifest.param("defaultImages", "aligned").toUpperCase(Locale.ROOT));
            return load(root, split, which, manifest, problems);
        }
    }

    static FaceDataset load(Path root, String split, Images images, DatasetManifest m, ProblemSink problems) {
        ClassOrder order = m.order();
        String labelsRel = m.file("labels");
        Path labels = SafePaths.resolveInside(root, labelsRel, "manifest " + m.name() + " files.labels");
        String prefix = m.param("prefix." + split);
        Set<String> allPrefixes = new HashSet<>();
        for (String s : m.splits().keySet()) {
            allPrefixes.add(m.param("prefix." + s));
        }
        String pattern = m.file(images == Images.ALIGNED ? "aligned" : "original");
        List<FaceSample> samples = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        CsvRows.forEach(labels, labelsRel, '\u0000', row -> {
            String line = row.get(0).trim();
            String[] parts = line.split("\\s+");
            if (parts.length != 2) {
                problems.report(new Problem(
                        labelsRel,
                        row.line(),
                        null,
                        "expected '<name> <label>' (e.g. 'train_00001.jpg 5'), got '" + line + "'"));
                return;
            }
            String name = parts[0];
            String owner =
                    allPrefixes.stream().filter(name::startsWith).findFirst().orElse(null);
            if (owner == null) {
                problems.report(new Problem(
                        labelsRel,
                        row.line(),
                        "name",
                        "image name '" + name + "' has none of the split prefixes " + allPrefixes));
                return;
            }
            int code;
            try {
                code = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                problems.report(new Problem(
                        labelsRel,
                        row.line(),
                        "label",
                        "label '" + parts[1] + "' is not an integer; expected " + order.firstCode() + ".."
                                + (order.firstCode() + order.size() - 1)));
                return;
            }
            if (!order.isCode(code)) {
                problems.report(new Problem(
                        labelsRel,
                        row.line(),
                        "label",
                        "unknown label code " + code + "; expected " + order.firstCode() + ".."
                                + (order.firstCode() + order.size() - 1) + " (" + order + ")"));
                return;
            }
            if (!seen.add(name)) {
                problems.report(new Problem(labelsRel, row.line(), "name", "image '" + name + "' is listed twice"));
                return;
            }
            if (!owner.equals(prefix)) {
                return;
            }
            int dot = name.lastIndexOf('.');
            String stem = dot > 0 ? name.substring(0, dot) : name;
            String rel = Patterns.expand(pattern, Map.of("name", name, "stem", stem));
            Path file;
            try {
                file = SafePaths.resolveInside(root, rel, labelsRel + ":" + row.line());
            } catch (RmferException e) {
                problems.report(new Problem(labelsRel, row.line(), "name", e.getMessage()));
                return;
            }
            samples.add(FaceSample.labelled(name, new FileImage(file), order.fromCode(code)));
        });
        if (samples.isEmpty()) {
            problems.report(Problem.ofFile(
                    labelsRel,
                    "no images for split '" + split + "' (names starting with '" + prefix + "'); is the root " + root
                            + " right?"));
        }
        return new SampleListDataset(m, split, order, root.toString(), samples);
    }
}
