package org.rmfer4j.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.train.TrainConfig;
import org.rmfer4j.train.TrainResult;
import org.rmfer4j.train.Trainer;
import org.rmfer4j.train.Variant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = {
            "Train one run: phase 1 L_pre on the labelled set, phase 2 L_total with RMset anchors.",
            "Resumes from <out>/last.rmfer when the run directory holds the same config.",
            "Example: ./rmfer train --dataset rafdb --root /data/RAF-DB --rmset runs/demo/data/rmset --set schedule.preEpochs=5"
        })
final class TrainCommand implements Callable<Integer> {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "A training config JSON (keys as in config.json of any run).")
    Path config;

    @Option(
            names = "--dataset",
            paramLabel = "NAME|FILE",
            description = "rafdb, affectnet, ferplus, folder, or a manifest .json path.")
    String dataset;

    @Option(names = "--root", paramLabel = "DIR", description = "Where the labelled dataset lives.")
    Path root;

    @Option(names = "--rmset", paramLabel = "DIR", description = "RMset folder (index.csv); enables phase 2's ACL.")
    Path rmset;

    @Option(
            names = "--variant",
            paramLabel = "V",
            description = "baseline, without-acl or full (default: the config as given).")
    String variant;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description =
                    "Override any config key, as part.field (keys: data.*, model.*, schedule.*, acl.*, run.*), e.g. --set acl.gamma=0.2 --set acl.window=paper; the earlier flat keys (gamma=0.2) still work, with a note.")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(
            names = "--init",
            paramLabel = "MODEL.rmfer|FILE.pth",
            description =
                    "Start from these weights: a toolkit model file "
                            + "(./rmfer import) or a PyTorch checkpoint read directly (torchvision ResNet-18, timm EfficientNet-B2). Same as --set model.initWeights=FILE.")
    Path init;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default runs/<name>).")
    Path out;

    @Override
    public Integer call() {
        // One builder for file, options and --set, so lambda2's default follows the final RMset
        // (AclSettings.defaultLambda2)
        TrainConfig.Builder b;
        if (config != null) {
            b = TrainConfig.Builder.read(config);
        } else {
            if (dataset == null || root == null) {
                throw new RmferException("train needs --config FILE, or --dataset and --root");
            }
            b = TrainConfig.builder();
        }
        if (dataset != null) {
            b.setDataset(dataset);
        }
        if (root != null) {
            b.setDatasetRoot(root);
        }
        if (rmset != null) {
            b.optRmset(rmset);
        }
        if (init != null) {
            b.optInitWeights(init);
        }
        TrainConfig c = b.set(set).build();
        if (variant != null) {
            c = Variant.parse(variant).apply(c);
        }
        Path dir = out != null ? out : Path.of("runs", c.name());
        TrainResult r = Trainer.builder().setConfig(c).setRunDir(dir).build().run();
        System.out.printf(
                Locale.ROOT,
                "%s%nprovenance: %s%nreport: %s%n",
                r.finalEval().summary(),
                r.provenance(),
                r.run().report());
        return 0;
    }
}
