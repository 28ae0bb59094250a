package org.rmfer4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.loss.SelfMask;
import org.rmfer4j.model.Engine;

/** The composed config: parts, dotted keys, the earlier flat form, and λ2's one default. */
class TrainConfigTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream noted = new ByteArrayOutputStream();
    private PrintStream before;

    @BeforeEach
    void captureNotes() {
        before = TrainConfig.notes;
        TrainConfig.notes = new PrintStream(noted, true, StandardCharsets.UTF_8);
        TrainConfig.forgetNotes();
    }

    @AfterEach
    void restoreNotes() {
        TrainConfig.notes = before;
    }

    private static TrainConfig.Builder base() {
        return TrainConfig.builder().setDataset("rafdb").setDatasetRoot("/data/raf");
    }

    @Test
    void defaultsComeFromTheParts() {
        TrainConfig c = base().build();
        assertEquals(ModelSettings.DEFAULTS, c.model());
        assertEquals(ScheduleSettings.DEFAULTS, c.schedule());
        assertEquals(RunSettings.DEFAULTS, c.run());
        assertEquals(DataSettings.of("rafdb", "/data/raf"), c.data());
        assertEquals(0.0, c.acl().lambda2(), "no RMset: no ACL term");
        assertEquals(
                AclSettings.DEFAULTS,
                new AclSettings(
                        AclSettings.DEFAULT_LAMBDA2,
                        c.acl().lambda2Warmup(),
                        c.acl().anchorsPerStep(),
                        c.acl().candidates(),
                        c.acl().gamma(),
                        c.acl().window(),
                        c.acl().d(),
                        c.acl().dPrime(),
                        c.acl().attentionSelection(),
                        c.acl().pairs()),
                "every other ACL field is the part's default");
        assertEquals(
                AclSampler.Options.OFFICIAL,
                c.acl().samplerOptions(),
                "the sampler's defaults are the official ones, decided there");
    }

    @Test
    void jsonHasOneObjectPerPartAndRoundTrips() throws Exception {
        TrainConfig c = base().optRmset(Path.of("/rm"))
                .optGamma(0.2)
                .optEngine(Engine.SAMEDIFF)
                .optSeed(3)
                .build();
        JsonNode tree = new ObjectMapper().readTree(c.toJson());
        assertEquals(0.2, tree.get("acl").get("gamma").asDouble());
        assertEquals("/rm", tree.get("data").get("rmsetRoot").asText());
        assertEquals("SAMEDIFF", tree.get("run").get("engine").asText());
        assertEquals(c, TrainConfig.read(c.write(dir.resolve("c.json"))));
        assertEquals("", noted.toString(StandardCharsets.UTF_8), "the nested form needs no note");
    }

    @Test
    void dottedKeysSetFieldsAndUnknownOnesListTheKnown() {
        TrainConfig c =
                base().build().with(Map.of("acl.gamma", "0.3", "model.selfMask", "paper", "schedule.preEpochs", "7"));
        assertEquals(0.3, c.acl().gamma());
        assertEquals(SelfMask.PAPER, c.model().selfMask());
        assertEquals(7, c.schedule().preEpochs());
        RmferException e =
                assertThrows(RmferException.class, () -> base().build().with(Map.of("acl.gama", "0.3")));
        assertTrue(e.getMessage().contains("'acl.gama'") && e.getMessage().contains("acl.gamma"), e.getMessage());
        RmferException p =
                assertThrows(RmferException.class, () -> base().build().with(Map.of("optim.lr", "1")));
        assertTrue(p.getMessage().contains("unknown training setting 'optim.lr'"), p.getMessage());
    }

    @Test
    void aPartsCheckNamesTheDottedFieldAndTheSource() throws Exception {
        RmferException e =
                assertThrows(RmferException.class, () -> base().build().with(Map.of("acl.gamma", "0.9")));
        assertTrue(
                e.getMessage().contains("'acl.gamma'")
                        && e.getMessage().contains("(0, 0.5]")
                        && e.getMessage().contains("--set"),
                e.getMessage());
        Path f = dir.resolve("bad.json");
        Files.writeString(
                f, "{\"data\":{\"dataset\":\"rafdb\",\"datasetRoot\":\"/x\"},\"schedule\":{\"batchSize\":\"many\"}}");
        RmferException t = assertThrows(RmferException.class, () -> TrainConfig.read(f));
        assertTrue(
                t.getMessage().contains(f.toString()) && t.getMessage().contains("schedule.batchSize"), t.getMessage());
        Files.writeString(f, "{\"data\":{\"dataset\":\"rafdb\",\"datasetRoot\":\"/x\"},\"acl\":3}");
        RmferException o = assertThrows(RmferException.class, () -> TrainConfig.read(f));
        assertTrue(o.getMessage().contains("'acl' must be an object"), o.getMessage());
        RmferException req =
                assertThrows(RmferException.class, () -> TrainConfig.builder().build());
        assertTrue(
                req.getMessage().contains("setDataset") && req.getMessage().contains("data.dataset"), req.getMessage());
    }

    @Test
    void anEarlierFlatRunConfigLoadsAsTheSameConfigWithANote() throws Exception {
        // config.json of a run made before the parts existed (the quick lab's RMFER run of commit d434be1)
        Path old = dir.resolve("config.json");
        try (InputStream in = getClass().getResourceAsStream("flat-config-v1.json")) {
            Files.write(old, in.readAllBytes());
        }
        TrainConfig c = TrainConfig.read(old);
        assertEquals("lab-quick-d7-s1-full", c.name());
        assertEquals(48, c.model().inputSize());
        assertEquals(0, c.schedule().preEpochs());
        assertEquals(3, c.schedule().aclEpochs());
        assertEquals(0.1, c.acl().lambda2(), 1e-12);
        assertEquals(AclSettings.Pairs.PRIOR, c.acl().pairs(), "the flat key aclPairs is acl.pairs");
        assertTrue(c.usesAcl());
        String notes = noted.toString(StandardCharsets.UTF_8);
        assertTrue(
                notes.contains("'gamma' is now 'acl.gamma'") && notes.contains("'aclPairs' is now 'acl.pairs'"), notes);
        // a resume compares configs: the same run written in the new form is equal
        assertEquals(c, TrainConfig.read(c.write(dir.resolve("new.json"))));
    }

    @Test
    void flatSetKeysStillWork() {
        assertEquals(0.2, base().build().with(Map.of("gamma", "0.2")).acl().gamma());
        base().build().with(Map.of("gamma", "0.25"));
        String notes = noted.toString(StandardCharsets.UTF_8);
        assertTrue(notes.contains("--set: training setting 'gamma' is now 'acl.gamma'"), notes);
        assertEquals(1, notes.lines().count(), "one note per key, not per use: " + notes);
    }

    @Test
    void lambda2FollowsTheRmsetUntilSet() throws Exception {
        Path f = dir.resolve("plain.json");
        Files.writeString(f, "{\"data\":{\"dataset\":\"rafdb\",\"datasetRoot\":\"/x\"}}");
        assertEquals(0.0, TrainConfig.read(f).acl().lambda2());
        // the CLI reads the file, then adds --rmset: the default follows the final RMset
        assertEquals(
                AclSettings.DEFAULT_LAMBDA2,
                TrainConfig.Builder.read(f)
                        .optRmset(Path.of("/rm"))
                        .build()
                        .acl()
                        .lambda2());
        Files.writeString(f, "{\"data\":{\"dataset\":\"rafdb\",\"datasetRoot\":\"/x\"},\"acl\":{\"lambda2\":0.0}}");
        assertEquals(
                0.0,
                TrainConfig.Builder.read(f)
                        .optRmset(Path.of("/rm"))
                        .build()
                        .acl()
                        .lambda2(),
                "an explicit 0 stays");
        RmferException e =
                assertThrows(RmferException.class, () -> base().optLambda2(0.5).build());
        assertTrue(e.getMessage().contains("data.rmsetRoot"), e.getMessage());
    }

    @Test
    void buildersAreIndependentCopies() {
        TrainConfig.Builder a = base().optGamma(0.2);
        TrainConfig.Builder b = a.copy().optGamma(0.3);
        assertEquals(0.2, a.build().acl().gamma());
        assertEquals(0.3, b.build().acl().gamma());
        TrainConfig c = a.build();
        assertNotEquals(c, c.toBuilder().optSeed(c.run().seed() + 1).build());
        assertEquals(c, c.toBuilder().build());
    }

    @Test
    void keysListEveryFieldOfEveryPart() {
        var keys = TrainConfig.keys();
        assertTrue(
                keys.contains("data.rmsetFraction") && keys.contains("acl.pairs") && keys.contains("run.engine"),
                keys.toString());
        int fields = DataSettings.class.getRecordComponents().length
                + ModelSettings.class.getRecordComponents().length
                + ScheduleSettings.class.getRecordComponents().length
                + AclSettings.class.getRecordComponents().length
                + RunSettings.class.getRecordComponents().length;
        assertEquals(fields + 1, keys.size());
    }
}
