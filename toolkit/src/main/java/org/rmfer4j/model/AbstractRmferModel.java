package org.rmfer4j.model;

import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.rmfer4j.nn.Adam;
import org.rmfer4j.nn.ParameterStore;

/**
 * What every engine's model holds the same way: its config, one {@link ParameterStore} (canonical names and layouts,
 * shared with the engine's own tensors), the engine-neutral {@link Adam} state, and which engine it is. Engines add
 * their forward/backward passes.
 */
public abstract class AbstractRmferModel implements RmferModel {
    protected final ModelConfig config;
    protected final ParameterStore store;
    protected final Adam adam = new Adam();
    private final Engine engine;

    /**
     * @param runtimeInit the engine's start-up (ND4J's, libtorch's threading), run before the first parameter array is
     *                    made, so that ND4J starts under the toolkit's class-loader fix
     */
    protected AbstractRmferModel(ModelConfig config, DataType dtype, Engine engine, Runnable runtimeInit) {
        runtimeInit.run();
        this.config = Objects.requireNonNull(config, "config");
        this.store = new ParameterStore(config.seed(), dtype);
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    @Override
    public final ModelConfig config() {
        return config;
    }

    @Override
    public final Engine engine() {
        return engine;
    }

    @Override
    public final ParameterStore parameters() {
        return store;
    }

    @Override
    public final Adam optimizer() {
        return adam;
    }
}
