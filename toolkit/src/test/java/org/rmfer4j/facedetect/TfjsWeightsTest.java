package org.rmfer4j.facedetect;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.core.RmferException;

/** TF.js weights: the shipped files, hand-made manifests with known values, and crafted bad ones. */
class TfjsWeightsTest {
    @Test
    void theShippedDetectorsLoadWithTheExpectedTensorNamesAndShapes() {
        Map<String, TfjsWeights.Tensor> ssd = FaceApiWeights.load(FaceApiWeights.Model.SSD_MOBILENET_V1);
        assertEquals(151, ssd.size());
        assertArrayEquals(
                new int[] {3, 3, 3, 32},
                ssd.get("MobilenetV1/Conv2d_0_pointwise/weights").shape());
        assertArrayEquals(
                new int[] {3, 3, 1024, 1},
                ssd.get("MobilenetV1/Conv2d_13_depthwise/depthwise_weights").shape());
        assertArrayEquals(
                new int[] {1, 1, 512, 9},
                ssd.get("Prediction/BoxPredictor_0/ClassPredictor/weights").shape());
        assertArrayEquals(new int[] {1, 5118, 4}, ssd.get("Output/extra_dim").shape());
        // the one unquantised tensor: the anchors, 3 per cell of the 32×32 map first, centred on the cells
        float[] a = ssd.get("Output/extra_dim").values();
        assertEquals(0.5 / 32, (a[0] + a[2]) / 2, 1e-6, "first anchor's centre y");
        assertEquals(0.1, a[2] - a[0], 1e-6, "first anchor's height");
        Map<String, TfjsWeights.Tensor> tiny = FaceApiWeights.load(FaceApiWeights.Model.TINY_FACE_DETECTOR);
        assertEquals(19, tiny.size());
        assertArrayEquals(new int[] {1, 1, 512, 25}, tiny.get("conv8/filters").shape());
        assertArrayEquals(
                new int[] {3, 3, 256, 1}, tiny.get("conv5/depthwise_filter").shape());
    }

    private static TfjsWeights.Shards shards(Map<String, byte[]> files) {
        return new TfjsWeights.Shards() {
            @Override
            public long size(String file) {
                byte[] b = files.get(file);
                return b == null ? -1 : b.length;
            }

            @Override
            public byte[] read(String file) {
                return files.get(file);
            }
        };
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void valuesDecodeAsHandComputed() {
        String manifest = "[{\"paths\": [\"a.bin\", \"b.bin\"], \"weights\": ["
                + "{\"name\": \"q\", \"shape\": [3], \"dtype\": \"float32\","
                + " \"quantization\": {\"dtype\": \"uint8\", \"scale\": 0.5, \"min\": -1.0}},"
                + "{\"name\": \"f\", \"shape\": [1, 2], \"dtype\": \"float32\"},"
                + "{\"name\": \"i\", \"shape\": [], \"dtype\": \"int32\"},"
                + "{\"name\": \"h\", \"shape\": [2], \"dtype\": \"float32\", \"quantization\": {\"dtype\": \"float16\"}}]}]";
        ByteBuffer b = ByteBuffer.allocate(3 + 8 + 4 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0).put((byte) 4).put((byte) 255); // -1, 1, 126.5
        b.putFloat(2.5f).putFloat(-0.25f);
        b.putInt(512);
        b.putShort((short) 0x3C00).putShort((short) 0xC000); // 1.0, -2.0
        byte[] all = b.array();
        // the tensors run across the two shards: 5 bytes in the first, the rest in the second
        byte[] first = java.util.Arrays.copyOfRange(all, 0, 5);
        byte[] second = java.util.Arrays.copyOfRange(all, 5, all.length);
        Map<String, TfjsWeights.Tensor> t =
                TfjsWeights.read("m.json", utf8(manifest), shards(Map.of("a.bin", first, "b.bin", second)));
        assertArrayEquals(new float[] {-1f, 1f, 126.5f}, t.get("q").values());
        assertArrayEquals(new float[] {2.5f, -0.25f}, t.get("f").values());
        assertArrayEquals(new int[] {1, 2}, t.get("f").shape());
        assertArrayEquals(new float[] {512f}, t.get("i").values());
        assertArrayEquals(new float[] {1f, -2f}, t.get("h").values());
    }

    @Test
    void halfPrecisionAsHandComputed() {
        assertEquals(1.0f, TfjsWeights.halfToFloat((short) 0x3C00));
        assertEquals(-2.0f, TfjsWeights.halfToFloat((short) 0xC000));
        assertEquals(65504f, TfjsWeights.halfToFloat((short) 0x7BFF));
        assertEquals(0x1p-24f, TfjsWeights.halfToFloat((short) 0x0001), "smallest subnormal");
        assertEquals(0.333251953125f, TfjsWeights.halfToFloat((short) 0x3555));
        assertEquals(Float.NEGATIVE_INFINITY, TfjsWeights.halfToFloat((short) 0xFC00));
        assertTrue(Float.isNaN(TfjsWeights.halfToFloat((short) 0x7E00)));
    }

    private static String error(String manifest, Map<String, byte[]> files) {
        return assertThrows(RmferException.class, () -> TfjsWeights.read("m.json", utf8(manifest), shards(files)))
                .getMessage();
    }

    @Test
    void craftedManifestsAreRefusedWithTheReason() {
        String one = "{\"name\": \"w\", \"shape\": [2], \"dtype\": \"float32\"}";
        byte[] eight = new byte[8];
        assertTrue(error("[{\"paths\": [\"../../etc/passwd\"], \"weights\": [" + one + "]}]", Map.of())
                .contains("plain file name"));
        assertTrue(error("[{\"paths\": [\"sub/w.bin\"], \"weights\": [" + one + "]}]", Map.of())
                .contains("no folders"));
        String huge = "{\"name\": \"w\", \"shape\": [100000, 100000, 100000], \"dtype\": \"float32\"}";
        String m = error("[{\"paths\": [\"w.bin\"], \"weights\": [" + huge + "]}]", Map.of("w.bin", eight));
        assertTrue(m.contains("refusing to allocate"), m);
        m = error("[{\"paths\": [\"w.bin\"], \"weights\": [" + one + "]}]", Map.of("w.bin", new byte[7]));
        assertTrue(m.contains("need 8 bytes") && m.contains("hold 7"), m);
        m = error("[{\"paths\": [\"w.bin\"], \"weights\": [" + one + "]}]", Map.of());
        assertTrue(m.contains("'w.bin' does not exist"), m);
        m = error(
                "[{\"paths\": [\"w.bin\"], \"weights\": [" + one.replace("float32", "complex64") + "]}]",
                Map.of("w.bin", eight));
        assertTrue(m.contains("weights[0] 'w'") && m.contains("complex64"), m);
        m = error("[{\"paths\": [\"w.bin\"], \"weights\": [" + one + ", " + one + "]}]", Map.of("w.bin", new byte[16]));
        assertTrue(m.contains("listed twice"), m);
        m = error("{\"not\": \"a list\"}", Map.of());
        assertTrue(m.contains("expected a JSON list"), m);
        m = error("[{\"paths\": [\"w.bin\"], \"weights\": [", Map.of());
        assertTrue(m.startsWith("m.json is not valid JSON"), m);
        String nanScale = "{\"name\": \"w\", \"shape\": [2], \"dtype\": \"float32\", \"quantization\": "
                + "{\"dtype\": \"uint8\", \"scale\": \"x\", \"min\": 0}}";
        m = error("[{\"paths\": [\"w.bin\"], \"weights\": [" + nanScale + "]}]", Map.of("w.bin", new byte[2]));
        assertTrue(m.contains("finite numbers 'scale' and 'min'"), m);
    }

    @Test
    void aCorruptOrMissingWeightsFileIsAClearError(@TempDir Path dir) throws Exception {
        FaceApiWeights.Model tiny = FaceApiWeights.Model.TINY_FACE_DETECTOR;
        String m = assertThrows(RmferException.class, () -> FaceApiWeights.load(tiny, dir))
                .getMessage();
        assertTrue(
                m.contains(dir.resolve(tiny.manifestFile()).toString())
                        && m.contains("is missing")
                        && m.contains("npm pack @vladmandic/face-api@1.7.15"),
                m);
        for (String f : new String[] {tiny.manifestFile(), tiny.binFile()}) {
            try (var in = FaceApiWeights.class.getResourceAsStream(FaceApiWeights.RESOURCES + f)) {
                Files.write(dir.resolve(f), in.readAllBytes());
            }
        }
        assertEquals(19, FaceApiWeights.load(tiny, dir).size(), "an intact copy loads");
        byte[] bin = Files.readAllBytes(dir.resolve(tiny.binFile()));
        bin[1000] ^= 1; // one flipped bit
        Files.write(dir.resolve(tiny.binFile()), bin);
        m = assertThrows(RmferException.class, () -> FaceApiWeights.load(tiny, dir))
                .getMessage();
        assertTrue(m.contains(tiny.binFile()) && m.contains("has SHA-256") && m.contains("corrupt"), m);
        Files.write(dir.resolve(tiny.binFile()), java.util.Arrays.copyOf(bin, 100));
        m = assertThrows(RmferException.class, () -> new CnnFaceDetector(tiny, dir, 0.5))
                .getMessage();
        assertTrue(m.contains("need 193321 bytes") && m.contains("hold 100") && m.contains("truncated"), m);
    }
}
