package org.rmfer4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.nn.Adam;
import org.rmfer4j.nn.ParameterStore;

class AdamTest {
    @Test
    void twoStepsByHand() {
        ParameterStore store = new ParameterStore(1, DataType.DOUBLE);
        INDArray w = store.filled("w", 1.0, 1);
        Adam adam = new Adam();
        // t = 1: m = 0.05, v = 0.00025, m̂ = 0.5, v̂ = 0.25 → w = 1 − 0.1·0.5/(0.5 + 1e-8)
        adam.step(store, grads(0.5), 0.1);
        assertEquals(1 - 0.1 * 0.5 / (0.5 + 1e-8), w.getDouble(0), 1e-12);
        // t = 2 with the same gradient: m̂ = 0.5, v̂ = 0.25 again
        adam.step(store, grads(0.5), 0.1);
        assertEquals(1 - 2 * 0.1 * 0.5 / (0.5 + 1e-8), w.getDouble(0), 1e-12);
        assertEquals(2, adam.steps());
        Adam copy = new Adam();
        copy.restore(adam.state());
        assertEquals(adam.firstMoment("w", w), copy.firstMoment("w", w));
        assertEquals(2, copy.steps());
    }

    private static Map<String, INDArray> grads(double g) {
        Map<String, INDArray> m = new HashMap<>();
        m.put("w", Nd4j.create(new double[] {g}));
        return m;
    }
}
