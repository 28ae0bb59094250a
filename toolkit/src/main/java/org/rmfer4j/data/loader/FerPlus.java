package org.rmfer4j.data.loader;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.core.SafePaths;
import org.rmfer4j.data.ClassOrder;
import org.rmfer4j.data.FaceDataset;
import org.rmfer4j.data.FaceSample;
import org.rmfer4j.data.PixelImage;
import org.rmfer4j.data.Problem;
import org.rmfer4j.data.ProblemSink;
import org.rmfer4j.data.SampleListDataset;
import org.rmfer4j.data.manifest.DatasetManifest;

/**
 * FERPlus: the 48×48 grayscale pixels of {@code fer2013.csv} joined <em>by row index</em> with the 10 votes of
 * {@code fer2013new.csv} (image names drift from the row index, so they are never used as keys). Rows with an
 * empty image name carry no image and are skipped; rows whose votes select unknown/not-a-face are dropped.
 */
public final class FerPlus {
    private FerPlus() {}

    public static Builder builder() {
        return new Builder();
    }

    /** Required: {@code setRoot}, {@code setSplit}. Optional: label mode (default majority-argmax). */
    public static final class Builder extends LoaderBuilder<Builder> {
        private FerPlusLabels.@Nullable Mode mode;

        public Builder optLabelMode(FerPlusLabels.Mode mode) {
            this.mode = Objects.requireNonNull(mode);
            return this;
        }

        private Builder() {
            super("ferplus");
        }

        public FaceDataset build() {
            requireRootAndSplit("FerPlus");
            FerPlusLabels.Mode m = mode != null
                    ? mode
                    : FerPlusLabels.Mode.parse(manifest.param("defaultLabelMode", "majority-argmax"));
            return load(root, split, m, manifest, problems);
        }
    }

    private record Votes(long line, String usage, String name, int[] votes) {}

    static FaceDataset load(Path root, String split, FerPlusLabels.Mode mode, DatasetManifest m, ProblemSink problems) {
        ClassOrder order = m.order();
        String usage = m.param("usage." + split);
        int side = Integer.parseInt(m.param("imageSize", "48"));
        String votesRel = m.file("votes");
        String pixelsRel = m.file("pixels");
        Path votesFile = SafePaths.resolveInside(root, votesRel, "manifest " + m.name() + " files.votes");
        Path pixelsFile = SafePaths.resolveInside(root, pixelsRel, "manifest " + m.name() + " files.pixels");
        List<String> voteCols = m.columnsOf("votes");
        List<String> pixelCols = m.columnsOf("pixels");
        if (voteCols.size() != 2 + FerPlusLabels.VOTE_COLUMNS) {
            throw new RmferException(
                    "Manifest " + m.name() + " columns.votes must list Usage, Image name and 10 vote columns");
        }
        for (int i = 0; i < order.size(); i++) {
            if (!order.at(i).displayName().equalsIgnoreCase(voteCols.get(2 + i))) {
                throw new RmferException("Manifest " + m.name() + ": vote column " + voteCols.get(2 + i)
                        + " does not match class " + i + " of order " + order);
            }
        }
        List<Votes> votes = new ArrayList<>();
        boolean[] header = {true};
        CsvRows.forEach(votesFile, votesRel, ',', row -> {
            if (header[0]) {
                header[0] = false;
                CsvRows.requireHeader(row, voteCols, votesRel);
                return;
            }
            if (row.size() != voteCols.size()) {
                problems.report(new Problem(
                        votesRel,
                        row.line(),
                        null,
                        "has " + row.size() + " fields; expected " + voteCols.size() + " " + voteCols));
                votes.add(null);
                return;
            }
            int[] v = new int[FerPlusLabels.VOTE_COLUMNS];
            for (int i = 0; i < v.length; i++) {
                String f = row.get(2 + i).trim();
                try {
                    v[i] = Integer.parseInt(f);
                    if (v[i] < 0) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    problems.report(new Problem(
                            votesRel,
                            row.line(),
                            voteCols.get(2 + i),
                            "'" + f + "' is not a vote count (expected an integer >= 0)"));
                    votes.add(null);
                    return;
                }
            }
            votes.add(new Votes(row.line(), row.get(0).trim(), row.get(1).trim(), v));
        });
        List<FaceSample> samples = new ArrayList<>();
        int[] counters = new int[3]; // [rows seen, unnamed skipped, dropped by the label rule]
        boolean[] pixHeader = {true};
        CsvRows.forEach(pixelsFile, pixelsRel, ',', row -> {
            if (pixHeader[0]) {
                pixHeader[0] = false;
                CsvRows.requireHeader(row, pixelCols, pixelsRel);
                return;
            }
            int index = counters[0]++;
            if (index >= votes.size()) {
                if (index == votes.size()) {
                    problems.report(new Problem(
                            pixelsRel,
                            row.line(),
                            null,
                            "has more data rows than " + votesRel + " (" + votes.size()
                                    + "); the two files must have the same rows in the same order"));
                }
                return;
            }
            Votes v = votes.get(index);
            if (row.size() != pixelCols.size()) {
                problems.report(new Problem(
                        pixelsRel,
                        row.line(),
                        null,
                        "has " + row.size() + " fields; expected " + pixelCols.size() + " " + pixelCols));
                return;
            }
            String rowUsage = row.get(pixelCols.indexOf("Usage")).trim();
            if (v == null) {
                return;
            }
            if (!rowUsage.equals(v.usage())) {
                problems.report(new Problem(
                        pixelsRel,
                        row.line(),
                        "Usage",
                        "is '" + rowUsage + "' but " + votesRel + " line " + v.line() + " says '" + v.usage()
                                + "'; the files must list the same rows in the same order"));
                return;
            }
            if (!rowUsage.equals(usage)) {
                return;
            }
            if (v.name().isEmpty()) {
                counters[1]++;
                return;
            }
            float[] target = FerPlusLabels.target(v.votes(), mode);
            if (target == null) {
                counters[2]++;
                return;
            }
            byte[] gray = parsePixels(row.get(pixelCols.indexOf("pixels")), side, pixelsRel, row.line(), problems);
            if (gray == null) {
                return;
            }
            String where = pixelsRel + " line " + row.line();
            PixelImage img = new PixelImage(side, side, gray, where);
            int arg = 0;
            for (int i = 1; i < target.length; i++) {
                if (target[i] > target[arg]) {
                    arg = i;
                }
            }
            String id = "row" + index + ":" + v.name();
            samples.add(new FaceSample(id, img, order.at(arg), mode.soft() ? target : null, null, null, -1));
        });
        if (counters[0] < votes.size()) {
            problems.report(Problem.ofFile(
                    pixelsRel,
                    "has " + counters[0] + " data rows but " + votesRel + " has " + votes.size()
                            + "; the two files must have the same rows in the same order"));
        }
        if (samples.isEmpty()) {
            problems.report(Problem.ofFile(pixelsRel, "no images for split '" + split + "' (Usage '" + usage + "')"));
        }
        List<String> notes = new ArrayList<>();
        notes.add("label mode " + mode.id());
        if (counters[1] > 0) {
            notes.add("skipped " + counters[1] + " rows without an image name (all votes NF)");
        }
        if (counters[2] > 0) {
            notes.add("dropped " + counters[2] + " rows whose votes select unknown or not-a-face under " + mode.id());
        }
        return new SampleListDataset(m, split, order, root.toString(), samples, notes);
    }

    private static byte @Nullable [] parsePixels(String text, int side, String file, long line, ProblemSink problems) {
        byte[] out = new byte[side * side];
        int n = 0;
        int value = -1;
        for (int i = 0, len = text.length(); i <= len; i++) {
            char c = i < len ? text.charAt(i) : ' ';
            if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    problems.report(new Problem(file, line, "pixels", "value above 255 at position " + (n + 1)));
                    return null;
                }
            } else if (c == ' ') {
                if (value >= 0) {
                    if (n == out.length) {
                        problems.report(new Problem(
                                file,
                                line,
                                "pixels",
                                "more than " + out.length + " values; expected " + side + "x" + side));
                        return null;
                    }
                    out[n++] = (byte) value;
                    value = -1;
                }
            } else {
                problems.report(new Problem(
                        file,
                        line,
                        "pixels",
                        "unexpected character '" + c + "'; expected space-separated integers 0-255"));
                return null;
            }
        }
        if (n != out.length) {
            problems.report(new Problem(
                    file, line, "pixels", n + " values; expected " + out.length + " (" + side + "x" + side + ")"));
            return null;
        }
        return out;
    }
}
