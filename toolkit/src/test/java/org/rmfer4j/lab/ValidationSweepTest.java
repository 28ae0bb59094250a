package org.rmfer4j.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.rmfer4j.core.RmferException;

/** The sweeps' plans: the reference value reuses the standard lab's runs, other values get runs of their own. */
class ValidationSweepTest {
    @Test
    void theOfficialTauKeepsThePlanAndOthersAreNamedApart() {
        LabExperiment.Plan base = LabPlans.standard();
        LabExperiment.Plan official = ValidationSweep.with(ValidationSweep.Setting.TAU, base, 1.0);
        assertEquals("lab", official.name());
        LabExperiment.Plan other = ValidationSweep.with(ValidationSweep.Setting.TAU, base, 0.25);
        assertEquals("lab-tau0p250", other.name());
        assertEquals(
                0.25,
                other.phase1()
                        .copy()
                        .setDataset("x")
                        .setDatasetRoot(".")
                        .build()
                        .model()
                        .tau(),
                0);
        assertEquals(
                0.25,
                other.phase2()
                        .copy()
                        .setDataset("x")
                        .setDatasetRoot(".")
                        .optRmset(Path.of("r"))
                        .build()
                        .model()
                        .tau(),
                0);
        assertEquals(
                1.0,
                base.phase2()
                        .copy()
                        .setDataset("x")
                        .setDatasetRoot(".")
                        .optRmset(Path.of("r"))
                        .build()
                        .model()
                        .tau(),
                0,
                "the base plan is not changed");
        LabExperiment.Plan l2 = ValidationSweep.with(ValidationSweep.Setting.LAMBDA2, base, 0.1);
        assertEquals("lab-lambda20p100", l2.name());
        assertEquals(
                0.1,
                l2.phase2()
                        .copy()
                        .setDataset("x")
                        .setDatasetRoot(".")
                        .optRmset(Path.of("r"))
                        .build()
                        .acl()
                        .lambda2(),
                0);
        assertEquals(
                1.0,
                l2.phase2()
                        .copy()
                        .setDataset("x")
                        .setDatasetRoot(".")
                        .optRmset(Path.of("r"))
                        .build()
                        .model()
                        .tau(),
                0,
                "a lambda2 sweep leaves tau alone");
        assertThrows(
                RmferException.class,
                () -> ValidationSweep.run(
                        ValidationSweep.Setting.TAU,
                        base,
                        new double[] {-1},
                        List.of(1L),
                        Path.of("unused"),
                        Path.of("unused"),
                        s -> {}));
    }
}
