package org.rmfer4j.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.core.Tables;
import org.rmfer4j.data.Datasets;
import org.rmfer4j.data.FaceDataset;
import org.rmfer4j.data.ProblemSink;
import org.rmfer4j.data.manifest.Manifests;
import org.rmfer4j.data.transform.Preprocessor;
import org.rmfer4j.eval.EvalResult;
import org.rmfer4j.eval.Evaluator;
import org.rmfer4j.model.Engine;
import org.rmfer4j.model.ModelFiles;
import org.rmfer4j.model.RmferModel;
import org.rmfer4j.train.RunDirectory;
import org.rmfer4j.train.TrainConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = "Evaluate a run's model (last or best) on its test split or on another dataset: overall and "
                + "class-average accuracy, attention-branch accuracy, per-class precision/recall/F1, confusion matrix.")
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--run", paramLabel = "DIR", description = "A run directory (its config names the dataset).")
    Path run;

    @Option(
            names = "--model",
            paramLabel = "MODEL.rmfer",
            description = "A model file instead of a run (./rmfer import's output); " + "needs --dataset and --root.")
    Path model;

    @Option(names = "--checkpoint", defaultValue = "last", description = "last or best (default ${DEFAULT-VALUE}).")
    String checkpoint;

    @Option(names = "--dataset", paramLabel = "NAME|FILE", description = "Another dataset (default: the run's).")
    String dataset;

    @Option(names = "--root", paramLabel = "DIR")
    Path root;

    @Option(names = "--split", description = "Split to evaluate (default: the run's test split).")
    String split;

    @Option(names = "--classes", description = "AffectNet 7 or 8.")
    Integer classes;

    @Option(names = "--engine", defaultValue = "torch")
    String engine;

    @Override
    public Integer call() {
        if ((run == null) == (model == null)) {
            throw new RmferException("eval needs --run DIR or --model FILE (one of them)");
        }
        TrainConfig c;
        Path file;
        if (run != null) {
            RunDirectory rd = new RunDirectory(run);
            c = rd.readConfig();
            file = switch (checkpoint) {
                case "last" -> rd.last();
                case "best" -> rd.best();
                default -> throw new RmferException("--checkpoint must be last or best, got " + checkpoint);
            };
        } else {
            if (dataset == null || root == null) {
                throw new RmferException("eval --model needs --dataset and --root");
            }
            c = TrainConfig.builder().setDataset(dataset).setDatasetRoot(root).build();
            file = model;
        }
        FaceDataset data = Datasets.load(
                Manifests.resolve(dataset != null ? dataset : c.data().dataset()),
                root != null ? root : Path.of(c.data().datasetRoot()),
                split != null ? split : c.data().testSplit(),
                new Datasets.Options(classes != null ? classes : c.data().classes(), null, null, null),
                ProblemSink.failFast());
        ModelFiles.Loaded loaded = ModelFiles.read(file); // read once: weights and statistics
        try (RmferModel m = RmferModel.from(loaded, Engine.parse(engine), file.toString())) {
            Preprocessor pre =
                    Preprocessor.forDataset(data.manifest(), m.config().inputSize(), false);
            var stated = loaded.normalization();
            if (stated != null) { // an imported checkpoint's statistics win over the dataset's
                pre = pre.withNormalization(stated);
                System.out.println(
                        "inputs normalised as the model file states: mean " + Arrays.toString(stated.mean()));
            }
            EvalResult r = Evaluator.evaluate(m, data, pre, c.schedule().evalBatch(), false, System.out::println);
            System.out.println(file + ": " + r.summary());
            System.out.println(Tables.markdown(r.origin().perClass()));
            System.out.println(r.origin().markdown());
        }
        return 0;
    }
}
