package org.rmfer4j.engine.samediff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.data.ClassOrder;
import org.rmfer4j.model.Backbone;
import org.rmfer4j.model.ModelConfig;
import org.rmfer4j.model.TrainInput;

/** The op profiler sees every op of a SameDiff step: the small CNN's four convolutions forward and backward. */
class SameDiffProfileTest {
    @Test
    void countsEachOpOfAStepByName() {
        ModelConfig c = ModelConfig.builder()
                .setClasses(ClassOrder.AFFECTNET_7)
                .optBackbone(Backbone.SMALL_CNN)
                .optInputSize(32)
                .build();
        try (SameDiffModel m = new SameDiffModel(c)) {
            var x = Nd4j.randn(DataType.FLOAT, 4, 3, 32, 32);
            var y = Nd4j.zeros(DataType.FLOAT, 4, 7);
            for (int i = 0; i < 4; i++) {
                y.putScalar(i, i % 7, 1f);
            }
            TrainInput in = TrainInput.pre(x, y, 1.0);
            m.step(in, 1e-3); // builds the gradient function before the profiler is attached
            SameDiffProfile p = new SameDiffProfile();
            m.addListener(p);
            m.step(in, 1e-3);
            m.step(in, 1e-3);
            Map<String, Long> calls =
                    p.rows().stream().collect(Collectors.toMap(SameDiffProfile.Row::op, SameDiffProfile.Row::calls));
            assertEquals(8L, calls.get("conv2d"), "4 convolutions x 2 steps: " + calls);
            assertEquals(8L, calls.get("conv2d_bp"), calls.toString());
            assertTrue(p.totalMillis() > 0);
            String table = p.table(3, 2, p.totalMillis() / 2 + 1);
            assertTrue(table.contains("| op |") && table.contains("outside ops"), table);
            p.reset();
            assertTrue(p.rows().isEmpty());
        }
    }
}
