package org.rmfer4j.model;

import java.nio.file.Path;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rmfer4j.nn.Adam;
import org.rmfer4j.nn.ParameterStore;

/**
 * The engine-neutral model contract: inference, one training step, gradients, save and load. Arrays at this API
 * are ND4J's; each engine keeps its own compute inside.
 */
public interface RmferModel extends AutoCloseable {
    ModelConfig config();

    Engine engine();

    /** Parameters and buffers in canonical names and layouts (live arrays). */
    ParameterStore parameters();

    /** Eval-mode forward pass: features, both heads, projection and attention within this batch. */
    Inference infer(INDArray images);

    /** Backbone features f {@code [B, n]} (eval mode). */
    default INDArray features(INDArray images) {
        return infer(images).features();
    }

    /** f^FER logits {@code [B, C]} in {@code config().classes()} order (eval mode: independent of the rest of the batch). */
    default INDArray predict(INDArray images) {
        return infer(images).logits();
    }

    /** Projections H(f) {@code [B, d]} (eval mode), what ACL's attention-based selection compares. */
    default INDArray embed(INDArray images) {
        return infer(images).projection();
    }

    /** Loss values and gradients by parameter name, without updating anything (training mode). */
    Gradients gradients(TrainInput input);

    /**
     * One optimisation step with Adam at learning rate {@code lr}: computes the losses in training mode, updates
     * the batch-norm running statistics from the labelled batch, and applies the update.
     */
    StepResult step(TrainInput input, double lr);

    /** The optimiser state, for checkpoints. */
    Adam optimizer();

    /** Saves config, parameters and buffers (engine-neutral format; see {@link ModelFiles}). */
    default Path save(Path file) {
        return ModelFiles.save(this, file);
    }

    @Override
    void close();

    /** Loss values and gradients of one input. */
    record Gradients(StepResult losses, Map<String, INDArray> grads) {}

    /** A new model with freshly initialised weights. */
    static RmferModel create(ModelConfig config, Engine engine) {
        return EngineProvider.of(engine).create(config);
    }

    /** A new model on the default training engine (torch). */
    static RmferModel create(ModelConfig config) {
        return create(config, Engine.TORCH);
    }

    /**
     * Loads a model saved by {@link #save} — or a training checkpoint, whose optimiser and trainer entries
     * ({@code optim.*}, {@code trainer.*}) are ignored here — on the given engine.
     */
    static RmferModel load(Path file, Engine engine) {
        return from(ModelFiles.read(file), engine, file.toString());
    }

    /** A model from a file already read ({@link ModelFiles#read}), for callers that also need its other entries. */
    static RmferModel from(ModelFiles.Loaded loaded, Engine engine, String source) {
        ModelFiles.checkAgainstConfig(loaded.config(), loaded.arrays(), source, true); // before allocating
        RmferModel m = create(loaded.config(), engine);
        m.parameters().assignExactly(ModelFiles.modelArrays(loaded.arrays()), source);
        return m;
    }
}
