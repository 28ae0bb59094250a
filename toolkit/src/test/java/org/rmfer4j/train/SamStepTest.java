package org.rmfer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.data.ClassOrder;
import org.rmfer4j.engine.torch.TorchModel;
import org.rmfer4j.model.ModelConfig;
import org.rmfer4j.model.RmferModel;
import org.rmfer4j.model.TrainInput;

/** SAM over Adam: ρ = 0 is exactly Adam; ρ &gt; 0 takes a different step and still lowers the loss. */
class SamStepTest {
    static ModelConfig config() {
        return ModelConfig.builder()
                .setClasses(ClassOrder.AFFECTNET_7)
                .optInputSize(16)
                .optSeed(3)
                .build();
    }

    static TrainInput input() {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 6, 3, 16, 16);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 6, 7);
        for (int i = 0; i < 6; i++) {
            y.putScalar(i, i % 7, 1);
        }
        return TrainInput.pre(x, y, 0.5);
    }

    @Test
    void rhoZeroIsAdamAndRhoPositiveDiffers() {
        TrainInput in = input();
        try (RmferModel adam = new TorchModel(config(), DataType.DOUBLE);
                RmferModel sam0 = new TorchModel(config(), DataType.DOUBLE);
                RmferModel sam = new TorchModel(config(), DataType.DOUBLE)) {
            adam.step(in, 1e-3);
            SamStep.step(sam0, in, 1e-3, 0.0);
            SamStep.step(sam, in, 1e-3, 0.05);
            double diff0 = 0;
            double diff = 0;
            for (String k : adam.parameters().params().keySet()) {
                diff0 = Math.max(
                        diff0,
                        adam.parameters()
                                .get(k)
                                .sub(sam0.parameters().get(k))
                                .amaxNumber()
                                .doubleValue());
                diff = Math.max(
                        diff,
                        adam.parameters()
                                .get(k)
                                .sub(sam.parameters().get(k))
                                .amaxNumber()
                                .doubleValue());
            }
            assertTrue(diff0 < 1e-12, "rho 0 equals Adam, max diff " + diff0);
            assertTrue(diff > 1e-9, "rho 0.05 takes another step, max diff " + diff);
        }
    }

    @Test
    void samLowersTheLossIn20Steps() {
        TrainInput in = input();
        try (RmferModel m = new TorchModel(config(), DataType.DOUBLE)) {
            double first = SamStep.step(m, in, 3e-3, 0.05).total();
            double last = first;
            for (int i = 0; i < 19; i++) {
                last = SamStep.step(m, in, 3e-3, 0.05).total();
            }
            assertTrue(last < 0.7 * first, "loss " + first + " -> " + last);
            // the perturbation is undone: weights are finite and the model still evaluates
            assertEquals(6, m.predict(in.images()).size(0));
        }
    }
}
