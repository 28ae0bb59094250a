package org.rmfer4j.engine.torch;

import org.nd4j.linalg.api.buffer.DataType;
import org.rmfer4j.model.Engine;
import org.rmfer4j.model.EngineProvider;
import org.rmfer4j.model.ModelConfig;
import org.rmfer4j.model.RmferModel;

/** Registers libtorch as {@link Engine#TORCH} (META-INF/services). */
public final class TorchEngine implements EngineProvider {
    @Override
    public Engine engine() {
        return Engine.TORCH;
    }

    @Override
    public RmferModel create(ModelConfig config) {
        return new TorchModel(config);
    }

    @Override
    public RmferModel create(ModelConfig config, DataType dtype) {
        return new TorchModel(config, dtype);
    }

    @Override
    public String runtime() {
        return "libtorch 1.10.2 (JavaCPP presets 1.5.7): " + TorchRuntime.init();
    }
}
