package org.rmfer4j.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.rmfer4j.checkpoint.CheckpointImport;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.ClassOrder;
import org.rmfer4j.model.Backbone;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rmfer import}: a PyTorch checkpoint (torchvision, timm, the official split files) as a toolkit model file. */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description =
                "Read a PyTorch checkpoint (torch.save zip or legacy; a state dict or a whole pickled module; nothing in it "
                        + "is run) and write a toolkit model file: torchvision ResNet-18, timm tf_efficientnet_b2_ns (HSEmotion), or the "
                        + "official repository's enet_b2_backbone + enet_b2_classifier files (give --from twice).")
final class ImportCommand implements Callable<Integer> {
    @Option(
            names = "--from",
            required = true,
            paramLabel = "FILE",
            description = "Checkpoint file; repeat for backbone + classifier.")
    List<Path> from;

    @Option(names = "--backbone", required = true, description = "resnet18 or efficientnet-b2.")
    String backbone;

    @Option(names = "--classes", defaultValue = "7", description = "7 or 8 (default ${DEFAULT-VALUE}).")
    int classes;

    @Option(
            names = "--class-order",
            description = "The model's class order (default affectnet-7 / affectnet-8; also rafdb, ferplus, "
                    + "alphabetical-7).")
    String classOrder;

    @Option(
            names = "--head-order",
            description = "The checkpoint classifier's class order when it differs from --class-order "
                    + "(HSEmotion's heads: alphabetical-7 / alphabetical-8); its rows are reordered.")
    String headOrder;

    @Option(
            names = "--copy-classifier-to-ial",
            description = "Also start f^IAL as a copy of the classifier (the official code does).")
    boolean copyToIal;

    @Option(
            names = "--input-size",
            defaultValue = "0",
            description = "Model input size (default 224 for resnet18, 260 for efficientnet-b2).")
    int inputSize;

    @Option(names = "--out", required = true, paramLabel = "MODEL.rmfer")
    Path out;

    @Override
    public Integer call() {
        ClassOrder order = classOrder != null
                ? ClassOrder.byName(classOrder)
                : classes == 8 ? ClassOrder.AFFECTNET_8 : ClassOrder.AFFECTNET_7;
        if (order.size() != classes && classOrder != null) {
            throw new RmferException(
                    "--class-order " + classOrder + " has " + order.size() + " classes, not --classes " + classes);
        }
        long t0 = System.nanoTime();
        CheckpointImport.Result r = CheckpointImport.builder()
                .setFrom(from)
                .setBackbone(Backbone.parse(backbone))
                .setClasses(order)
                .optHeadOrder(headOrder == null ? null : ClassOrder.byName(headOrder))
                .optCopyClassifierToIal(copyToIal)
                .optInputSize(inputSize)
                .build()
                .run();
        try (var model = r.model()) {
            System.out.println(r.summary());
            r.save(out);
        }
        System.out.printf(
                Locale.ROOT,
                "wrote %s (%s, %d px, %s) in %.1f s%n",
                out,
                backbone,
                r.model().config().inputSize(),
                order.name(),
                (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
