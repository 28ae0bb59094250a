package org.rmfer4j.data.loader;

import java.awt.Rectangle;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
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
 * AffectNet's manually annotated part: {@code training.csv} / {@code validation.csv} with one row per image,
 * expression codes 0–7 (AffectNet order) and 8–10 (None, Uncertain, No-Face). The 7-class view keeps codes below
 * 7, the 8-class view codes below 8; the rest is counted as skipped. Original images are cropped to the face box;
 * a pre-aligned copy ({@code optAligned(true)}) is read whole.
 */
public final class AffectNet {
    private AffectNet() {}

    public static Builder builder() {
        return new Builder();
    }

    /** Required: {@code setRoot}, {@code setSplit}. Optional: classes (7 or 8), aligned, image folder. */
    public static final class Builder extends LoaderBuilder<Builder> {
        private @Nullable Integer classes;
        private @Nullable Boolean aligned;
        private @Nullable String imageDir;

        /** 7 (drops Contempt; the default) or 8. */
        public Builder optClasses(int classes) {
            if (classes != 7 && classes != 8) {
                throw new RmferException("AffectNet has a 7-class and an 8-class view; got " + classes);
            }
            this.classes = classes;
            return this;
        }

        /** True for a pre-aligned copy: images are read whole instead of cropped to the face box. */
        public Builder optAligned(boolean aligned) {
            this.aligned = aligned;
            return this;
        }

        /** Image folder relative to the root (default from the manifest, {@code Manually_Annotated_Images}). */
        public Builder optImageDir(String imageDir) {
            this.imageDir = imageDir;
            return this;
        }

        private Builder() {
            super("affectnet");
        }

        public FaceDataset build() {
            requireRootAndSplit("AffectNet");
            int c = classes != null ? classes : Integer.parseInt(manifest.param("defaultClasses", "7"));
            boolean al = aligned != null ? aligned : Boolean.parseBoolean(manifest.param("defaultAligned", "false"));
            String dir = imageDir != null ? imageDir : manifest.file("images");
            return load(root, split, c, al, dir, manifest, problems);
        }
    }

    /** The class order of a 7- or 8-class view. */
    public static ClassOrder order(int classes) {
        return classes == 7 ? ClassOrder.AFFECTNET_7 : ClassOrder.AFFECTNET_8;
    }

    static FaceDataset load(
            Path root,
            String split,
            int classes,
            boolean aligned,
            String imageDir,
            DatasetManifest m,
            ProblemSink problems) {
        ClassOrder full = m.order();
        ClassOrder view = order(classes);
        String csvRel = m.file(split);
        Path csv = SafePaths.resolveInside(root, csvRel, "manifest " + m.name() + " files." + split);
        Path images = imageDir.isEmpty() ? root : SafePaths.resolveInside(root, imageDir, "AffectNet image folder");
        List<String> columns = m.columnsOf(split);
        Set<Integer> nonClass = Arrays.stream(m.param("nonClassCodes").split(","))
                .map(String::trim)
                .map(Integer::parseInt)
                .collect(Collectors.toSet());
        int iPath = columns.indexOf("subDirectory_filePath");
        int iX = columns.indexOf("face_x");
        int iY = columns.indexOf("face_y");
        int iW = columns.indexOf("face_width");
        int iH = columns.indexOf("face_height");
        int iExpr = columns.indexOf("expression");
        int maxCode = nonClass.stream().mapToInt(Integer::intValue).max().orElse(full.size() - 1);
        List<FaceSample> samples = new ArrayList<>();
        int[] skipped = new int[2]; // [non-class codes, classes outside the view]
        boolean[] header = {true};
        CsvRows.forEach(csv, csvRel, ',', row -> {
            if (header[0]) {
                header[0] = false;
                CsvRows.requireHeader(row, columns, csvRel);
                return;
            }
            if (row.size() < columns.size()) {
                problems.report(new Problem(
                        csvRel,
                        row.line(),
                        null,
                        "has " + row.size() + " fields; expected at least " + columns.size() + " " + columns));
                return;
            }
            String exprText = row.get(iExpr).trim();
            int code;
            try {
                code = Integer.parseInt(exprText);
            } catch (NumberFormatException e) {
                problems.report(new Problem(
                        csvRel,
                        row.line(),
                        "expression",
                        "'" + exprText + "' is not an integer code; expected 0.." + maxCode));
                return;
            }
            if (nonClass.contains(code)) {
                skipped[0]++;
                return;
            }
            if (!full.isCode(code)) {
                problems.report(new Problem(
                        csvRel,
                        row.line(),
                        "expression",
                        "unknown expression code " + code + "; expected 0.." + (full.size() - 1)
                                + " or a non-class code " + nonClass));
                return;
            }
            if (!view.contains(full.fromCode(code))) {
                skipped[1]++;
                return;
            }
            String rel = row.get(iPath).trim();
            Path file;
            try {
                file = SafePaths.resolveInside(images, rel, csvRel + ":" + row.line());
            } catch (RmferException e) {
                problems.report(new Problem(csvRel, row.line(), "subDirectory_filePath", e.getMessage()));
                return;
            }
            Rectangle box = null;
            if (!aligned) {
                try {
                    int x = (int) Math.round(Double.parseDouble(row.get(iX).trim()));
                    int y = (int) Math.round(Double.parseDouble(row.get(iY).trim()));
                    int w = (int) Math.round(Double.parseDouble(row.get(iW).trim()));
                    int h = (int) Math.round(Double.parseDouble(row.get(iH).trim()));
                    if (w <= 0 || h <= 0 || x < 0 || y < 0) {
                        problems.report(new Problem(
                                csvRel,
                                row.line(),
                                "face_width",
                                "face box " + x + "," + y + "," + w + "x" + h
                                        + " is empty or negative; expected x,y >= 0 and width,height > 0"));
                        return;
                    }
                    box = new Rectangle(x, y, w, h);
                } catch (NumberFormatException e) {
                    problems.report(new Problem(
                            csvRel,
                            row.line(),
                            "face_x",
                            "face box fields are not numbers: " + row.get(iX) + "," + row.get(iY) + "," + row.get(iW)
                                    + "," + row.get(iH)));
                    return;
                }
            }
            samples.add(FaceSample.labelled(rel, new FileImage(file, box), full.fromCode(code)));
        });
        if (samples.isEmpty()) {
            problems.report(Problem.ofFile(
                    csvRel,
                    "no images with expression codes of the " + classes + "-class view; is the root " + root
                            + " right?"));
        }
        List<String> notes = new ArrayList<>();
        if (skipped[0] > 0) {
            notes.add("skipped " + skipped[0] + " rows with non-class codes " + nonClass + " ("
                    + m.param("nonClassNames", "") + ")");
        }
        if (skipped[1] > 0) {
            notes.add("skipped " + skipped[1] + " rows whose class is outside the " + classes + "-class view");
        }
        DatasetManifest viewManifest = m;
        return new SampleListDataset(viewManifest, split, view, root.toString(), samples, notes);
    }
}
