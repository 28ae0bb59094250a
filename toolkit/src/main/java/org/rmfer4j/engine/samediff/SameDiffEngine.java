package org.rmfer4j.engine.samediff;

import org.nd4j.linalg.api.buffer.DataType;
import org.rmfer4j.model.Engine;
import org.rmfer4j.model.EngineProvider;
import org.rmfer4j.model.ModelConfig;
import org.rmfer4j.model.RmferModel;

/** Registers SameDiff as {@link Engine#SAMEDIFF} (META-INF/services). */
public final class SameDiffEngine implements EngineProvider {
    @Override
    public Engine engine() {
        return Engine.SAMEDIFF;
    }

    @Override
    public RmferModel create(ModelConfig config) {
        return new SameDiffModel(config);
    }

    @Override
    public RmferModel create(ModelConfig config, DataType dtype) {
        return new SameDiffModel(config, dtype);
    }

    @Override
    public String runtime() {
        return "SameDiff 1.0.0-M2.1, OpenBLAS threads " + SameDiffModel.blasThreads();
    }
}
