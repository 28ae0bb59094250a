package org.rmfer4j.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rmfer4j.checkpoint.Npy;
import org.rmfer4j.model.Engine;
import org.rmfer4j.model.RmferModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code rmfer infer}: f^FER logits of preprocessed images, .npy in, .npy out (parity checks against PyTorch). */
@Command(
        name = "infer",
        mixinStandardHelpOptions = true,
        description =
                "f^FER logits (eval mode) of images that are already preprocessed: an NCHW float32 .npy in the model's input "
                        + "size, no resizing or normalisation; writes float32 logits [N, C] in the model's class order.")
final class InferCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "MODEL.rmfer")
    Path model;

    @Option(names = "--input", required = true, paramLabel = "X.npy")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "LOGITS.npy")
    Path out;

    @Option(names = "--engine", defaultValue = "torch", description = "torch (default) or samediff.")
    String engine;

    @Override
    public Integer call() {
        INDArray x = Npy.read(input);
        try (RmferModel m = RmferModel.load(model, Engine.parse(engine))) {
            m.config().checkImages(x);
            INDArray logits = m.predict(x.castTo(m.parameters().dtype()));
            Npy.write(logits, out);
            System.out.println("wrote " + out + " " + Arrays.toString(logits.shape()) + " ("
                    + m.config().classes().name() + ")");
        }
        return 0;
    }
}
