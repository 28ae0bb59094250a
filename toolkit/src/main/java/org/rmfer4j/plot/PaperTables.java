package org.rmfer4j.plot;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.Tables;
import org.rmfer4j.loss.SelfMask;
import org.rmfer4j.train.Ablation;
import org.rmfer4j.train.TrainResult;
import org.rmfer4j.train.Variant;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The paper's Tables 1–4 with its published numbers exactly as printed, and beside them the rows this toolkit
 * measured, each with its provenance (data, seed, config, run). A cell this toolkit did not measure says so; a number
 * measured on synthetic data goes only in the SynthFER columns, never in a real benchmark's.
 */
public final class PaperTables {
    /** "–" in the paper. */
    private static final @Nullable Double NA = null;
    /** What an unmeasured cell of ours says. */
    public static final String NOT_MEASURED = "not measured";

    /** One table: caption, column headers of the numeric columns, and the paper's rows. */
    public record Spec(String file, String caption, List<String> columns, List<PaperRow> paper) {}

    /** A published row: method and one value per column (null for the paper's "–"). */
    public record PaperRow(String method, List<@Nullable Double> values) {}

    private static PaperRow row(String method, @Nullable Double... v) {
        return new PaperRow(method, Arrays.asList(v));
    }

    /** Table 1: state of the art on AffectNet (7/8), RAF-DB and FERPlus (overall / average accuracy, %). */
    public static final Spec TABLE_1 = new Spec(
            "table-1-sota",
            "Table 1. Comparison with the state of the art",
            List.of(
                    "AffectNet 7",
                    "AffectNet 8",
                    "RAF-DB overall",
                    "RAF-DB average",
                    "FERPlus overall",
                    "FERPlus average"),
            List.of(
                    row("PSR [46]", 63.77, 60.68, 88.98, 80.78, 89.75, 69.63),
                    row("ESR [42]", NA, 59.30, NA, NA, 87.15, 69.26),
                    row("DDA loss [12]", 62.34, NA, 86.90, 79.71, NA, NA),
                    row("LDL-ALSG [5]", 59.35, NA, 85.53, NA, NA, NA),
                    row("SCN [49]", NA, 60.23, 88.14, NA, 89.35, NA),
                    row("RAN [50]", NA, 59.50, 86.90, NA, 89.16, NA),
                    row("KTN [23]", 63.97, NA, 88.07, 81.38, 90.49, 74.31),
                    row("DAN [52]", 65.69, 62.09, 89.70, 85.32, NA, NA),
                    row("FER-VT [17]", NA, NA, 88.26, 80.63, 90.04, 73.24),
                    row("DACL [13]", 65.20, NA, 87.78, 80.44, NA, NA),
                    row("RUL [59]", NA, 61.43, 88.98, NA, 88.75, NA),
                    row("EfficientFace [61]", 63.70, 60.23, 88.36, NA, NA, NA),
                    row("DMUE [39]", NA, 63.11, 89.42, NA, 89.51, NA),
                    row("EfficientNet-b2 [38]", 66.34, 63.03, NA, NA, NA, NA),
                    row("EAC [60]", 65.32, NA, 89.99, NA, 89.64, NA),
                    row("SOFT [30]", 66.13, 62.69, 90.42, NA, 88.60, NA),
                    row(Variant.BASELINE.paperRow(), 66.13, 63.32, 90.58, 84.03, 86.62, 76.30),
                    row(Variant.WITHOUT_ACL.paperRow(), 66.33, 63.54, 90.81, 84.55, 86.57, 76.71),
                    row("Ours (full)", 66.85, 63.82, 91.33, 85.59, 86.48, 77.37)));

    /** Table 2: semi-supervised, 4,000 RAF-DB labels (overall accuracy, %). */
    public static final Spec TABLE_2 = new Spec(
            "table-2-semi-supervised",
            "Table 2. Semi-supervised methods, RAF-DB with 4,000 labels",
            List.of("RAF-DB overall"),
            List.of(
                    row("MixMatch [3]", 83.57),
                    row("UDA [53]", 83.56),
                    row("ReMixMatch [2]", 83.51),
                    row("FixMatch [44]", 83.31),
                    row("Ada-CM [24]", 84.42),
                    row("Ours", 87.13)));

    /** Table 3: the self-masking ablation. */
    public static final Spec TABLE_3 = new Spec(
            "table-3-self-masking",
            "Table 3. Ablation of the self-masking softmax (SM)",
            List.of("RAF-DB overall", "RAF-DB average", "AffectNet 7", "AffectNet 8"),
            List.of(
                    row(Variant.BASELINE.paperRow(), 90.58, 84.03, 66.13, 63.32),
                    row("Ours w/o ACL, SM", 90.42, 83.95, 66.13, 63.37),
                    row(Variant.WITHOUT_ACL.paperRow(), 90.81, 84.55, 66.33, 63.54),
                    row("Ours w/o SM", 90.94, 83.97, 66.53, 63.59),
                    row("Ours (full)", 91.33, 85.59, 66.85, 63.82)));

    /** Table 4: how much of the RMset ACL uses. */
    public static final Spec TABLE_4 = new Spec(
            "table-4-rmset-size",
            "Table 4. Ablation of the RMset size",
            List.of("RAF-DB overall", "RAF-DB average", "AffectNet 7", "AffectNet 8"),
            List.of(
                    row("0%", 90.81, 84.55, 66.33, 63.54),
                    row("50%", 90.94, 84.40, 66.53, 63.67),
                    row("100%", 91.33, 85.59, 66.85, 63.82)));

    public static final List<Spec> ALL = List.of(TABLE_1, TABLE_2, TABLE_3, TABLE_4);

    private PaperTables() {}

    /** The row name of Tables 1 and 3 a run belongs to. */
    public static String methodOf(TrainResult r) {
        boolean sm = r.config().model().selfMask() != SelfMask.NONE;
        return switch (Ablation.variantOf(r)) {
            case BASELINE -> "Ours w/o ACL, IAL";
            case WITHOUT_ACL -> sm ? "Ours w/o ACL" : "Ours w/o ACL, SM";
            case FULL -> sm ? "Ours (full)" : "Ours w/o SM";
        };
    }

    /** Which real benchmark a run measured, as a column prefix, or "SynthFER" for the toolkit's generated data. */
    static String benchmarkOf(TrainResult r) {
        if (r.finalEval().dataset().startsWith("SYNTHETIC")) {
            return "SynthFER";
        }
        String d = r.config().data().dataset().toLowerCase(Locale.ROOT);
        if (d.contains("affectnet")) {
            return "AffectNet "
                    + (r.config().data().classes() == null
                            ? 7
                            : r.config().data().classes());
        }
        if (d.contains("ferplus")) {
            return "FERPlus";
        }
        if (d.contains("raf")) {
            return "RAF-DB";
        }
        return "other";
    }

    /**
     * A table with the paper's rows and ours. Columns: method, source ("paper" or "rmfer4j"), the spec's columns,
     * then SynthFER overall / average (our synthetic measurements), and provenance.
     */
    public static Table build(Spec spec, List<TrainResult> runs) {
        List<String> cols = new ArrayList<>(spec.columns());
        cols.add("SynthFER overall");
        cols.add("SynthFER average");
        StringColumn method = StringColumn.create("method");
        StringColumn source = StringColumn.create("source");
        List<StringColumn> values = new ArrayList<>();
        for (String c : cols) {
            values.add(StringColumn.create(c));
        }
        StringColumn provenance = StringColumn.create("provenance");
        for (PaperRow p : spec.paper()) {
            method.append(p.method());
            source.append("paper");
            for (int i = 0; i < cols.size(); i++) {
                Double v = i < p.values().size() ? p.values().get(i) : null;
                values.get(i)
                        .append(i < p.values().size() ? (v == null ? "–" : String.format(Locale.ROOT, "%.2f", v)) : "");
            }
            provenance.append("published (WACV 2024)");
        }
        for (TrainResult r : runs) {
            String name = ourRowName(spec, r);
            if (name == null) {
                continue;
            }
            method.append(name);
            source.append("rmfer4j");
            String bench = benchmarkOf(r);
            for (String c : cols) {
                values.get(cols.indexOf(c)).append(cell(c, bench, r));
            }
            provenance.append(r.provenance());
        }
        Table t = Table.create(spec.caption(), method, source);
        values.forEach(t::addColumns);
        t.addColumns(provenance);
        return t;
    }

    private static @Nullable String ourRowName(Spec spec, TrainResult r) {
        if (spec == TABLE_2) {
            return r.config().data().labelledLimit() > 0 && Ablation.variantOf(r) == Variant.FULL
                    ? "Ours (" + r.config().data().labelledLimit() + " labels)"
                    : null;
        }
        if (spec == TABLE_4) {
            Variant v = Ablation.variantOf(r);
            return v == Variant.WITHOUT_ACL
                    ? "0%"
                    : v == Variant.FULL
                            ? String.format(
                                    Locale.ROOT,
                                    "%.0f%%",
                                    100 * r.config().data().rmsetFraction())
                            : null;
        }
        return methodOf(r);
    }

    private static String cell(String column, String bench, TrainResult r) {
        boolean average = column.endsWith("average");
        String prefix = column.replace(" overall", "").replace(" average", "");
        if (!prefix.equals(bench)) {
            return column.startsWith("SynthFER") ? "–" : NOT_MEASURED;
        }
        double v =
                average ? r.finalEval().classAverageAccuracy() : r.finalEval().accuracy();
        return String.format(Locale.ROOT, "%.2f", 100 * v);
    }

    /** Markdown: caption, a note on synthetic rows, the table. */
    public static String markdown(Spec spec, Table t) {
        StringBuilder sb = new StringBuilder("### ").append(spec.caption()).append("\n\n");
        sb.append(
                        "Paper rows: the published numbers, as printed. rmfer4j rows: measured by this toolkit; a real benchmark ")
                .append("column says '")
                .append(NOT_MEASURED)
                .append("' unless a run used a real copy of that dataset, and ")
                .append("synthetic measurements appear only under SynthFER (SYNTHETIC data, not a benchmark).\n\n");
        sb.append(Tables.markdown(t));
        return sb.toString();
    }

    /** Writes every table as {@code <file>.csv} and {@code <file>.md} into {@code dir}; returns the files. */
    public static List<Path> writeAll(List<TrainResult> runs, Path dir) {
        List<Path> out = new ArrayList<>();
        for (Spec s : ALL) {
            Table t = build(s, runs);
            out.add(AtomicFiles.writeString(dir.resolve(s.file() + ".md"), markdown(s, t)));
            out.add(Tables.writeCsv(t, dir.resolve(s.file() + ".csv")));
        }
        return out;
    }
}
