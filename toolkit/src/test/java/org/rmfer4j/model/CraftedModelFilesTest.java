package org.rmfer4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.ClassOrder;

/**
 * Model files made by hand, as an attacker or a damaged disk would make them: each is refused with a message that says
 * what is wrong, within normal memory, and nothing is allocated from what a file merely claims.
 */
class CraftedModelFilesTest {
    @TempDir
    Path dir;

    private static final ModelConfig SMALL =
            ModelConfig.builder().setClasses(ClassOrder.RAFDB).optInputSize(32).build();

    /** A model file with this config JSON and these float tensors ({@code name -> shape}, values 0), CRC right. */
    private Path craft(String name, String configJson, Map<String, long[]> tensors) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        byte[] cfg = configJson.getBytes(StandardCharsets.UTF_8);
        out.write(ModelFiles.MAGIC);
        out.writeInt(cfg.length);
        out.write(cfg);
        out.writeInt(tensors.size());
        for (var e : tensors.entrySet()) {
            byte[] n = e.getKey().getBytes(StandardCharsets.UTF_8);
            out.writeShort(n.length);
            out.write(n);
            out.writeByte(1);
            out.writeByte(e.getValue().length);
            long count = 1;
            for (long d : e.getValue()) {
                out.writeLong(d);
                count *= d;
            }
            for (long k = 0; k < count; k++) {
                out.writeFloat(0f);
            }
        }
        out.flush();
        CRC32 crc = new CRC32();
        crc.update(bytes.toByteArray());
        out.writeLong(crc.getValue());
        return Files.write(dir.resolve(name), bytes.toByteArray());
    }

    private static String withProjection(int dim) {
        return ModelFiles.configJson(SMALL).replaceFirst("\"projectionDim\":\\d+", "\"projectionDim\":" + dim);
    }

    @Test
    void aConfigAskingForAHugeModelIsRefusedBeforeAnythingIsAllocated() throws Exception {
        Path huge = craft("huge.rmfer", withProjection(30_000), Map.of());
        assertTrue(Files.size(huge) < 400, "a few hundred bytes: " + Files.size(huge));
        RmferException e = assertThrows(RmferException.class, () -> RmferModel.load(huge, Engine.TORCH));
        assertTrue(e.getMessage().contains("projectionDim must be in 1..8192, got 30000"), e.getMessage());
        Path overflow = craft("overflow.rmfer", withProjection(200_000_000), Map.of());
        e = assertThrows(RmferException.class, () -> RmferModel.load(overflow, Engine.TORCH));
        assertTrue(e.getMessage().contains("got 200000000"), e.getMessage());
        // within the cap but with no tensors to back it: refused before the model is built
        Path empty = craft("empty.rmfer", withProjection(8192), Map.of());
        e = assertThrows(RmferException.class, () -> RmferModel.load(empty, Engine.TORCH));
        assertTrue(e.getMessage().contains("no tensor fer.weight"), e.getMessage());
        // a head whose shape disagrees with the config names the tensor and both shapes
        Map<String, long[]> wrong = new LinkedHashMap<>();
        wrong.put("proj.0.weight", new long[] {64, 7});
        Path mismatch = craft("mismatch.rmfer", withProjection(8192), wrong);
        e = assertThrows(RmferException.class, () -> ModelFiles.read(mismatch));
        assertTrue(
                e.getMessage().contains("tensor proj.0.weight has shape [64, 7]")
                        && e.getMessage().contains("needs [8192, "),
                e.getMessage());
    }

    @Test
    void aDamagedHeaderIsReportedAsDamageNotAsABadConfig() throws Exception {
        Path good = ModelFiles.write(dir.resolve("good.rmfer"), SMALL, Map.of("x", Nd4j.ones(2, 3)));
        byte[] bytes = Files.readAllBytes(good);
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("projectionDim");
        bytes[at + 2] ^= 0x20; // "prOjectionDim": valid JSON, an unknown field
        Path bad = Files.write(dir.resolve("bad.rmfer"), bytes);
        RmferException e = assertThrows(RmferException.class, () -> ModelFiles.read(bad));
        assertTrue(
                e.getMessage().contains("checksum mismatch") && !e.getMessage().contains("config is invalid"),
                e.getMessage());
    }

    @Test
    void anEmptyTensorIsReadAsEmptyNotAsTruncated() throws Exception {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("empty", Nd4j.create(DataType.FLOAT, 0, 3));
        arrays.put("after", Nd4j.createFromArray(1f, 2f, 3f));
        Path f = ModelFiles.write(dir.resolve("zero.rmfer"), SMALL, arrays);
        Map<String, INDArray> back = ModelFiles.read(f).arrays();
        assertArrayEquals(new long[] {0, 3}, back.get("empty").shape());
        assertEquals(0, back.get("empty").length());
        assertArrayEquals(new float[] {1, 2, 3}, back.get("after").toFloatVector());
    }
}
