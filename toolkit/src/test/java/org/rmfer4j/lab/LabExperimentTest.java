package org.rmfer4j.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.eval.Interval;
import org.rmfer4j.eval.Power;
import org.rmfer4j.eval.SnapshotEnsemble;
import org.rmfer4j.train.EpochEnsemble;
import org.rmfer4j.train.RunDirectory;
import org.rmfer4j.train.TrainConfig;

/** A whole (tiny) lab experiment: every arm per seed from shared phase-1 weights, intervals, paired tables, resume. */
class LabExperimentTest {
    @TempDir
    Path dir;

    private static final LabWorld.Spec TINY = new LabWorld.Spec(140, 70, 20, 10, 48, 2, 14, 8, 4, true, 3);

    private static TrainConfig.Builder tinyPhase1() {
        return TrainConfig.builder()
                .optInputSize(32)
                .optBatchSize(8)
                .optLambda1(0.1)
                .optLabelledPerClass(6)
                .optValidationPerClass(3)
                .optEpochs(2, 0)
                .optStepsPerEpoch(4)
                .optEvalEverySteps(2)
                .optEarlyStopPatience(2)
                .optEvalBatch(16)
                .optWorkers(1);
    }

    private static TrainConfig.Builder tinyPhase2(TrainConfig.Builder p1) {
        return p1.copy()
                .optEpochs(0, 2)
                .optEvalEverySteps(0)
                .optEarlyStopPatience(0)
                .optLambda2(1.0)
                .optLambda2Warmup(2)
                .optAnchorsPerStep(2)
                .optCandidates(12)
                .optGamma(0.25);
    }

    @Test
    void aVariationRunsBesideThePlanFromItsPhase1Weights() throws Exception {
        TrainConfig.Builder p1 = tinyPhase1();
        LabExperiment.Plan plan = new LabExperiment.Plan(
                "t", TINY, p1, tinyPhase2(p1), 8, List.of(Arm.FULL), List.of(), List.of(1L, 2L), 0, null, 2);
        List<LabExperiment.Outcome> own =
                LabExperiment.outcomes(plan.withSeeds(List.of(1L)), dir, List.of(Arm.FULL), s -> {});
        Path runs = dir.resolve("runs");
        Path planRun = runs.resolve("t-d3-s1-full");
        String planSteps = Files.readString(new RunDirectory(planRun).stepMetrics());
        List<LabExperiment.Outcome> varied = LabExperiment.outcomes(
                plan, dir, List.of(Arm.WITHOUT_ACL, Arm.FULL), LabExperiment.Variation.anchorsPerStep(3), s -> {});
        // seed-major: both arms of seed 1, then seed 2
        assertEquals(
                List.of("without-acl/1", "full/1", "without-acl/2", "full/2"),
                varied.stream().map(o -> o.arm().key() + "/" + o.seed()).toList());
        TrainConfig v = new RunDirectory(runs.resolve("t-d3-s1-full-a3")).readConfig();
        assertEquals(3, v.acl().anchorsPerStep(), "the variation's change");
        assertEquals("t-d3-s1-full-a3", v.name());
        assertTrue(
                Files.readString(runs.resolve("t-d3-s1-full-a3").resolve("config.json"))
                        .contains("t-d3-s1-p1-pre"),
                "starts from the plan's phase-1 weights");
        assertEquals(2, new RunDirectory(planRun).readConfig().acl().anchorsPerStep(), "the plan's run keeps its own");
        assertEquals(
                planSteps,
                Files.readString(new RunDirectory(planRun).stepMetrics()),
                "the plan's runs are not touched");
        assertTrue(Files.isDirectory(runs.resolve("t-d3-s2-without-acl-a3")));
        assertEquals(1, own.size());
    }

    @Test
    void aVariationSuffixMustBeARunNamePart() {
        RmferException e = assertThrows(RmferException.class, () -> new LabExperiment.Variation("A/16", b -> b));
        assertTrue(e.getMessage().contains("'A/16'"), e.getMessage());
        assertThrows(RmferException.class, () -> new LabExperiment.Variation("a-", b -> b));
        assertThrows(RmferException.class, () -> LabExperiment.Variation.anchorsPerStep(0));
        assertEquals("full-a16", LabExperiment.Variation.anchorsPerStep(16).runName(Arm.FULL));
        assertEquals("full", LabExperiment.Variation.NONE.runName(Arm.FULL));
    }

    @Test
    void armsShareTheirStartAndTheTablesPairSeeds() throws Exception {
        LabWorld.Spec w = TINY;
        TrainConfig.Builder p1 = tinyPhase1();
        TrainConfig.Builder p2 = tinyPhase2(p1);
        LabExperiment.Plan plan =
                new LabExperiment.Plan("t", w, p1, p2, 8, LabPlans.CORE, List.of(), List.of(1L, 2L), 0, null, 2);
        LabExperiment.Result r = LabExperiment.run(plan, dir, null, s -> {});
        assertEquals(10, r.outcomes().size(), "5 arms x 2 seeds");
        Path figs = dir.resolve("figures");
        List<String> ablation = Files.readAllLines(figs.resolve("table-ablation.csv"));
        assertEquals(
                "variant,seeds,acc_mean,acc_ci95,class_avg_mean,class_avg_ci95,attention_acc_mean", ablation.get(0));
        assertEquals(6, ablation.size());
        assertTrue(ablation.get(1).startsWith("baseline,2,"));
        List<String> paired = Files.readAllLines(figs.resolve("table-paired.csv"));
        assertEquals("comparison,seeds,diff_mean,ci_low,ci_high", paired.get(0));
        List<String> names = paired.stream().skip(1).map(l -> l.split(",")[0]).toList();
        assertTrue(
                names.containsAll(List.of(
                        "full-vs-without-acl",
                        "without-acl-vs-baseline",
                        "oracle-vs-full",
                        "broken-prior-full-vs-without-acl")),
                names.toString());
        // the paired mean is the mean of the per-seed differences in the runs table
        Map<String, Double> classAvg = new HashMap<>();
        for (String l : Files.readAllLines(figs.resolve("table-runs.csv")).subList(1, 11)) {
            String[] f = l.split(",");
            classAvg.put(f[0] + "/" + f[2], Double.parseDouble(f[4]));
        }
        double expected = ((classAvg.get("full/1") - classAvg.get("without-acl/1"))
                        + (classAvg.get("full/2") - classAvg.get("without-acl/2")))
                / 2;
        String[] row = paired.stream()
                .filter(l -> l.startsWith("full-vs-without-acl,"))
                .findFirst()
                .orElseThrow()
                .split(",");
        assertEquals("2", row[1]);
        assertEquals(expected, Double.parseDouble(row[2]), 0.011);
        assertTrue(Double.parseDouble(row[3]) <= Double.parseDouble(row[2])
                && Double.parseDouble(row[2]) <= Double.parseDouble(row[4]));
        // the epoch ensemble: one row per arm, each run read by its two phase-2 epoch checkpoints, its last member the
        // final weights; the paired ensemble mean is the mean of the per-seed differences of the runs table's column
        List<String> ensemble = Files.readAllLines(figs.resolve("table-ablation-ensemble.csv"));
        assertEquals("variant,seeds,checkpoints,acc_mean,acc_ci95,class_avg_mean,class_avg_ci95", ensemble.get(0));
        assertEquals(6, ensemble.size());
        assertTrue(ensemble.get(3).startsWith("full,2,2.00,"), ensemble.get(3));
        List<String> runsHeader = List.of(
                Files.readAllLines(figs.resolve("table-runs.csv")).get(0).split(","));
        int ensembleColumn = runsHeader.indexOf("ensemble_class_avg");
        Map<String, Double> ensembleAvg = new HashMap<>();
        for (String l : Files.readAllLines(figs.resolve("table-runs.csv")).subList(1, 11)) {
            String[] f = l.split(",");
            ensembleAvg.put(f[0] + "/" + f[2], Double.parseDouble(f[ensembleColumn]));
        }
        SnapshotEnsemble.Result full1 = EpochEnsemble.of(new RunDirectory(dir.resolve("runs/t-d3-s1-full")));
        assertEquals(2, full1.members().size(), "one member per phase-2 epoch");
        assertEquals(classAvg.get("full/1"), 100 * full1.members().get(1).classAverageAccuracy(), 0.006);
        assertEquals(ensembleAvg.get("full/1"), 100 * full1.ensemble().classAverageAccuracy(), 0.006);
        double expectedEnsemble = ((ensembleAvg.get("full/1") - ensembleAvg.get("without-acl/1"))
                        + (ensembleAvg.get("full/2") - ensembleAvg.get("without-acl/2")))
                / 2;
        String[] ensembleRow = Files.readAllLines(figs.resolve("table-paired-ensemble.csv")).stream()
                .filter(l -> l.startsWith("full-vs-without-acl,"))
                .findFirst()
                .orElseThrow()
                .split(",");
        assertEquals(expectedEnsemble, Double.parseDouble(ensembleRow[2]), 0.011);
        // the power table: the detectable difference from the same per-seed spread as the paired table's interval
        String[] power = Files.readAllLines(figs.resolve("table-power.csv")).stream()
                .filter(l -> l.startsWith("full-vs-without-acl,"))
                .findFirst()
                .orElseThrow()
                .split(",");
        double sd = Double.parseDouble(power[2]);
        double halfWidth = Double.parseDouble(row[4]) - Double.parseDouble(row[2]);
        assertEquals(halfWidth, Interval.t975(1) * sd / Math.sqrt(2), 0.06, "sd and interval agree (2 decimals)");
        assertEquals(Power.detectable(sd, 2), Double.parseDouble(power[3]), 0.06);
        // arms of one seed start from one phase-1 run: w/o ACL, RMFER and the controls share it, the baseline has its
        // own
        Path runs = dir.resolve("runs");
        for (String arm : List.of("without-acl", "full", "oracle", "broken-prior-full")) {
            String cfg = Files.readString(runs.resolve("t-d3-s1-" + arm).resolve("config.json"));
            assertTrue(cfg.contains("t-d3-s1-p1-pre"), arm + " starts from the L_pre phase-1 run");
        }
        assertTrue(Files.readString(runs.resolve("t-d3-s1-baseline").resolve("config.json"))
                .contains("t-d3-s1-p1-fer"));
        assertTrue(Files.readString(runs.resolve("t-d3-s1-oracle").resolve("config.json"))
                .contains("\"pairs\" : \"ORACLE\""));
        assertTrue(Files.readString(runs.resolve("t-d3-s1-broken-prior-full").resolve("config.json"))
                .contains("rmset-broken-prior"));
        // the prior table has the oracle at 100% and the real prior above its chance rate
        String gradients = Files.readString(figs.resolve("table-gradients.csv"));
        assertTrue(gradients.startsWith("variant,measurements,pre_norm,acl_norm,acl_to_pre,cosine\n"), gradients);
        assertTrue(gradients.contains("\nfull,2,"), "one balance measurement per seed of RMFER: " + gradients);
        assertTrue(!gradients.contains("\nbaseline,"), "arms without ACL measure none");
        String prior = Files.readString(figs.resolve("table-prior.csv"));
        assertTrue(prior.contains("oracle,"), prior);
        // Fig. 4 and 5 as numbers over seeds, and the first seed's figures with a held-out anchor
        List<String> fig45 = Files.readAllLines(figs.resolve("table-fig4-fig5.csv"));
        assertEquals(
                "variant,seeds,mds_distance_mean,mds_distance_ci95,attention_pos_mean,attention_neg_mean,"
                        + "pos_minus_neg_mean,pos_minus_neg_ci95,feature_ratio_mean,feature_ratio_ci95,"
                        + "nearest_centre_mean,nearest_centre_ci95",
                fig45.get(0));
        assertEquals(5, fig45.size(), "baseline, without-acl, full, oracle");
        for (String l : fig45.subList(1, 5)) {
            String[] f = l.split(",");
            double pos = Double.parseDouble(f[4]);
            double neg = Double.parseDouble(f[5]);
            assertEquals(1.0 / 8, (pos + neg) / 2, 1e-9, "attention over 4 + 4 candidates sums to one: " + l);
            double ratio = Double.parseDouble(f[8]);
            double nearest = Double.parseDouble(f[10]);
            assertTrue(ratio > 0 && Double.isFinite(ratio), "within / between cosine distance: " + l);
            assertTrue(nearest > 0 && nearest <= 1, "a share of the test faces: " + l);
        }
        List<String> fig5 = Files.readAllLines(figs.resolve("table-fig5-paired.csv"));
        assertEquals("comparison,measure,seeds,diff_mean,ci_low,ci_high", fig5.get(0));
        assertEquals(1 + 4 * 3, fig5.size(), "four comparisons x three measures: " + fig5);
        assertTrue(fig5.get(1).startsWith("full-vs-baseline,mds_distance,2,"), fig5.get(1));
        for (String l : fig5.subList(1, fig5.size())) {
            String[] f = l.split(",");
            double mean = Double.parseDouble(f[3]);
            assertTrue(Double.parseDouble(f[4]) <= mean && mean <= Double.parseDouble(f[5]), l);
        }
        assertTrue(Files.isRegularFile(figs.resolve("seed-1").resolve("fig-4-attention.png")));
        assertTrue(Files.readString(figs.resolve("seed-1").resolve("README.md")).contains("held out"));
        // a re-run re-reads every finished run and writes the same tables
        String before = Files.readString(figs.resolve("table-paired.csv"));
        Path steps = runs.resolve("t-d3-s2-full").resolve("metrics-steps.csv");
        String stepLog = Files.readString(steps);
        LabExperiment.run(plan, dir, null, s -> {});
        assertEquals(before, Files.readString(figs.resolve("table-paired.csv")));
        assertEquals(stepLog, Files.readString(steps), "finished runs are re-read, their logs unchanged");
        assertTrue(Files.readString(figs.resolve("lab-report.md")).contains("SYNTHETIC"));
    }
}
