package org.rmfer4j.train;

import java.nio.file.Files;
import java.util.Locale;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.Tables;
import org.rmfer4j.data.FaceDataset;
import tech.tablesaw.api.Table;

/** Writes a run's {@code report.md}: provenance first, then results, the per-class table, the confusion matrix. */
final class RunReport {
    private RunReport() {}

    static void write(TrainResult r, FaceDataset train, FaceDataset test) {
        TrainConfig c = r.config();
        StringBuilder md = new StringBuilder();
        md.append("# Run ").append(c.name()).append("\n\n");
        if (train.synthetic() || test.synthetic()) {
            md.append(
                            "> **Synthetic data.** These numbers come from the toolkit's generated faces and mashups. They show that the ")
                    .append(
                            "pipeline works and how the variants compare on this data; they are not a benchmark result.\n\n");
        }
        md.append("## Provenance\n\n");
        md.append("| | |\n|---|---|\n");
        row(
                md,
                "training data",
                train.provenance()
                        + (c.data().labelledLimit() > 0
                                ? " (limited to " + c.data().labelledLimit() + " labels)"
                                : ""));
        row(md, "test data", test.provenance());
        row(md, "RMset", c.data().rmsetRoot() == null ? "none" : c.data().rmsetRoot());
        row(md, "seed", String.valueOf(c.run().seed()));
        row(md, "config", "`config.json` (" + c.name() + ")");
        row(md, "environment", "`environment.json`");
        md.append('\n');
        md.append("## Result (final weights)\n\n");
        md.append("| metric | value |\n|---|---:|\n");
        row(md, "overall accuracy", pct(r.finalEval().accuracy()));
        row(md, "class-average accuracy", pct(r.finalEval().classAverageAccuracy()));
        row(
                md,
                "attention-branch accuracy (batch " + r.finalEval().attentionBatch() + ")",
                pct(r.finalEval().attentionAccuracy()));
        row(
                md,
                "best epoch-end accuracy (epoch " + (r.bestEpoch() + 1) + ", for comparison only)",
                pct(r.bestAccuracy()));
        row(md, "steps", String.valueOf(r.steps()));
        md.append('\n');
        md.append("## Setting\n\n| | |\n|---|---|\n");
        row(
                md,
                "engine / backbone / input",
                c.run().engine() + " / " + c.model().backbone() + " / "
                        + c.model().inputSize() + " px");
        row(
                md,
                "phases",
                c.schedule().preEpochs() + " epochs L_pre (lr " + c.schedule().preLr() + "), "
                        + c.schedule().aclEpochs() + " epochs " + (c.usesAcl() ? "L_total" : "L_pre") + " (lr "
                        + c.schedule().aclLr() + ")");
        row(
                md,
                "loss weights",
                "λ1 = " + c.schedule().lambda1() + ", λ2 = " + c.acl().lambda2());
        row(md, "IAL", "τ = " + c.model().tau() + ", self-mask " + c.model().selfMask());
        if (c.usesAcl()) {
            row(
                    md,
                    "ACL",
                    c.acl().anchorsPerStep() + " anchors/step, " + c.acl().candidates() + "+"
                            + c.acl().candidates() + " candidates, γ = "
                            + c.acl().gamma() + ", window " + c.acl().window() + ", d′ = "
                            + c.acl().dPrime()
                            + (c.acl().attentionSelection() ? "" : ", selection OFF (random)"));
        }
        row(
                md,
                "optimizer",
                c.schedule().optimizer()
                        + (c.schedule().optimizer() == Optimizer.SAM
                                ? " (ρ = " + c.schedule().samRho() + ")"
                                : "") + ", batch " + c.schedule().batchSize()
                        + (c.data().classBalanced() ? ", class-balanced sampling" : ", shuffled"));
        md.append('\n');
        if (r.precision().known()) {
            TrainResult.CandidatePrecision p = r.precision();
            md.append("## ACL candidates against the synthetic ground truth\n\n")
                    .append("| set | before selection | after selection |\n|---|---:|---:|\n");
            row3(md, "positives with the anchor's expression", pct(p.positiveBefore()), pct(p.positiveAfter()));
            row3(md, "negatives with another expression", pct(p.negativeBefore()), pct(p.negativeAfter()));
            md.append('\n');
        }
        if (r.sampler() != null) {
            var s = r.sampler();
            md.append(String.format(
                    Locale.ROOT,
                    "ACL sampler: %d anchors drawn, %d redraws, %d failed, %d with fewer positives "
                            + "than asked, %d videos set aside (too short or one person).%n%n",
                    s.anchors(),
                    s.redraws(),
                    s.failed(),
                    s.shortPositives(),
                    s.videosTooShort()));
        }
        md.append("## Per class\n\n")
                .append(markdown(r.finalEval().origin().perClass()))
                .append('\n');
        md.append("## Confusion matrix (rows: true class)\n\n")
                .append(r.finalEval().origin().markdown())
                .append('\n');
        if (Files.isRegularFile(r.run().epochMetrics())) {
            md.append("## Epochs\n\n").append(markdown(r.run().epochs())).append('\n');
        }
        AtomicFiles.writeString(r.run().report(), md.toString());
    }

    static String pct(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }

    private static void row(StringBuilder md, String k, String v) {
        md.append("| ").append(k).append(" | ").append(v).append(" |\n");
    }

    private static void row3(StringBuilder md, String k, String a, String b) {
        md.append("| ")
                .append(k)
                .append(" | ")
                .append(a)
                .append(" | ")
                .append(b)
                .append(" |\n");
    }

    static String markdown(Table t) {
        return Tables.markdown(t);
    }
}
