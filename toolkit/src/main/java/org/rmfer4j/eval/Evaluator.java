package org.rmfer4j.eval;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.core.Progress;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.Expression;
import org.rmfer4j.data.FaceDataset;
import org.rmfer4j.data.batch.Batch;
import org.rmfer4j.data.batch.BatchLoader;
import org.rmfer4j.data.batch.Sampler;
import org.rmfer4j.data.transform.Augmentation;
import org.rmfer4j.data.transform.Preprocessor;
import org.rmfer4j.model.Inference;
import org.rmfer4j.model.RmferModel;

/**
 * Evaluates a model on a labelled split in eval mode: no augmentation, the split in file order, batches of
 * {@code batch} images (32 as in the official validation loader, which matters only for the attention branch).
 */
public final class Evaluator {
    /** The official validation batch size. */
    public static final int OFFICIAL_BATCH = 32;

    private Evaluator() {}

    /** Evaluates {@code model} on {@code data}; images are preprocessed with {@code preprocessor} (no augmentation). */
    public static EvalResult evaluate(
            RmferModel model,
            FaceDataset data,
            Preprocessor preprocessor,
            int batch,
            boolean keepFeatures,
            Consumer<String> progress) {
        if (data.size() == 0) {
            throw new RmferException("Cannot evaluate on " + data.name() + ": it has no images");
        }
        if (preprocessor.size() != model.config().inputSize()) {
            throw new RmferException("The preprocessor makes " + preprocessor.size() + " px images; the model takes "
                    + model.config().inputSize());
        }
        long t0 = System.nanoTime();
        BatchLoader loader = BatchLoader.builder()
                .setDataset(data)
                .setBatchSize(batch)
                .setPreprocessor(preprocessor.withAugmentation(Augmentation.none()))
                .optTargetOrder(model.config().classes())
                .optSampler(Sampler.sequential(data.size()))
                .optDropLast(false)
                .build();
        var order = model.config().classes();
        ConfusionMatrix origin = ConfusionMatrix.empty(order);
        ConfusionMatrix attention = ConfusionMatrix.empty(order);
        List<INDArray> feats = new ArrayList<>();
        List<int[]> labels = new ArrayList<>();
        int done = 0;
        Progress bar = new Progress("eval " + data.name(), data.size(), "images", progress, 5);
        try (BatchLoader.Epoch epoch = loader.epoch(0)) {
            for (Batch b : epoch) {
                Inference inf = model.infer(b.images());
                int[] po = argmax(inf.logits());
                int[] pa = argmax(inf.attentionLogits());
                origin = origin.add(ConfusionMatrix.of(order, b.labels(), po));
                attention = attention.add(ConfusionMatrix.of(order, b.labels(), pa));
                if (keepFeatures) {
                    feats.add(inf.features().dup());
                }
                labels.add(b.labels());
                done += b.size();
                if (done < data.size()) {
                    bar.update(done, ""); // the final line would only repeat the result the caller prints
                }
            }
        }
        int[] all = labels.stream().flatMapToInt(Arrays::stream).toArray();
        INDArray f = keepFeatures ? Nd4j.vstack(feats.toArray(new INDArray[0])) : null;
        return new EvalResult(data.provenance(), origin, attention, batch, f, all, (System.nanoTime() - t0) / 1e9);
    }

    /** One image's prediction: the most likely expression and the softmax probabilities in the model's class order. */
    public record Prediction(Expression expression, double[] probabilities) {
        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "%s (p = %.2f)",
                    expression.displayName(),
                    Arrays.stream(probabilities).max().orElse(Double.NaN));
        }
    }

    /** Classifies one face image with f^FER (eval mode; the image is resized and normalised by {@code preprocessor}). */
    public static Prediction classify(RmferModel model, BufferedImage image, Preprocessor preprocessor) {
        int s = model.config().inputSize();
        float[] px = preprocessor.withAugmentation(Augmentation.none()).apply(image, new SplittableRandom(0));
        double[] logits =
                model.predict(Nd4j.create(px, new long[] {1, 3, s, s}, 'c')).toDoubleVector();
        double max = Arrays.stream(logits).max().orElse(0);
        double sum = 0;
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        int best = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return new Prediction(model.config().classes().at(best), p);
    }

    /** Row-wise argmax of {@code [B, C]} scores (ties to the lower index). */
    public static int[] argmax(INDArray scores) {
        double[][] s = scores.toDoubleMatrix();
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            int best = 0;
            for (int j = 1; j < s[i].length; j++) {
                if (s[i][j] > s[i][best]) {
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }
}
