package org.rmfer4j.model;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.Nd4jSupport;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.data.ClassOrder;
import org.rmfer4j.data.Expression;
import org.rmfer4j.data.transform.Normalization;
import org.rmfer4j.loss.SelfMask;

/**
 * The toolkit's engine-neutral model file: the config as JSON and every parameter and buffer by canonical name.
 * Written atomically; read defensively (magic, bounded lengths, names, shapes and sizes checked, CRC-32 over the
 * whole content) because a model file may come from elsewhere.
 *
 * <pre>
 *   "RMFER4J1"  int configBytes  config JSON (UTF-8)  int tensors
 *   per tensor: short nameBytes  name  byte dtype (1 float32, 2 float64)  byte rank  long[rank] dims  values
 *   long CRC-32 of everything before
 * </pre>
 */
public final class ModelFiles {
    static final byte[] MAGIC = "RMFER4J1".getBytes(StandardCharsets.US_ASCII);
    static final int MAX_CONFIG = 1 << 20;
    static final int MAX_TENSORS = 100_000;
    static final long MAX_ELEMENTS = Integer.MAX_VALUE;
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ModelFiles() {}

    /** What a model file holds. */
    public record Loaded(ModelConfig config, Map<String, INDArray> arrays) {
        /**
         * The input normalisation the weights expect, when the file states it (an imported checkpoint: ImageNet's for
         * torchvision and timm networks); null for the toolkit's own runs, which use their dataset's statistics.
         */
        public org.rmfer4j.data.transform.@org.jspecify.annotations.Nullable Normalization normalization() {
            return normalizationOf(arrays);
        }
    }

    /** Entries holding the input normalisation a file's weights expect: {@code input.mean}, {@code input.std} [3]. */
    public static final String INPUT_PREFIX = "input.";

    /** The normalisation stated by {@code input.mean} / {@code input.std}, or null; malformed entries are an error. */
    public static org.rmfer4j.data.transform.@org.jspecify.annotations.Nullable Normalization normalizationOf(
            Map<String, INDArray> arrays) {
        INDArray mean = arrays.get(INPUT_PREFIX + "mean");
        INDArray std = arrays.get(INPUT_PREFIX + "std");
        if (mean == null && std == null) {
            return null;
        }
        if (mean == null || std == null || mean.length() != 3 || std.length() != 3) {
            throw new RmferException("a model file's input.mean / input.std must both be 3 values");
        }
        double[] s = std.castTo(DataType.DOUBLE).toDoubleVector();
        for (double v : s) {
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new RmferException(
                        "a model file's input.std must be positive and finite, got " + Arrays.toString(s));
            }
        }
        return new Normalization(mean.castTo(DataType.DOUBLE).toDoubleVector(), s, "stated in the model file");
    }

    /** {@code arrays} plus the entries stating {@code n}. */
    public static Map<String, INDArray> withNormalization(Map<String, INDArray> arrays, Normalization n) {
        Map<String, INDArray> out = new LinkedHashMap<>(arrays);
        out.put(INPUT_PREFIX + "mean", Nd4j.create(n.mean().clone(), new long[] {3}, DataType.DOUBLE));
        out.put(INPUT_PREFIX + "std", Nd4j.create(n.std().clone(), new long[] {3}, DataType.DOUBLE));
        return out;
    }

    /** The JSON form of a {@link ModelConfig}. */
    record ConfigJson(
            String backbone,
            int inputSize,
            String classOrderName,
            int classOrderFirstCode,
            List<String> classes,
            int projectionDim,
            double tau,
            String selfMask,
            long seed) {}

    static String configJson(ModelConfig c) {
        try {
            return JSON.writeValueAsString(new ConfigJson(
                    c.backbone().name(),
                    c.inputSize(),
                    c.classes().name(),
                    c.classes().firstCode(),
                    c.classes().expressions().stream().map(Enum::name).toList(),
                    c.projectionDim(),
                    c.tau(),
                    c.selfMask().name(),
                    c.seed()));
        } catch (IOException e) {
            throw new RmferException("Cannot serialise the model config: " + e.getMessage(), e);
        }
    }

    static ModelConfig parseConfig(String json, String where) {
        try {
            ConfigJson j = JSON.readValue(json, ConfigJson.class);
            List<Expression> exprs =
                    j.classes().stream().map(Expression::valueOf).toList();
            ClassOrder order;
            try {
                order = ClassOrder.byName(j.classOrderName());
                if (!order.expressions().equals(exprs)) {
                    order = ClassOrder.of(j.classOrderName(), j.classOrderFirstCode(), exprs);
                }
            } catch (RmferException e) {
                order = ClassOrder.of(j.classOrderName(), j.classOrderFirstCode(), exprs);
            }
            return new ModelConfig(
                    Backbone.valueOf(j.backbone()),
                    j.inputSize(),
                    order,
                    j.projectionDim(),
                    j.tau(),
                    SelfMask.valueOf(j.selfMask()),
                    j.seed());
        } catch (IOException | IllegalArgumentException | RmferException e) {
            throw new RmferException(where + ": the model config is invalid: " + e.getMessage(), e);
        }
    }

    /**
     * Checks the tensors whose shapes the config decides (the two heads and the projection H) against it, before a
     * model is allocated from that config: a crafted config cannot make the toolkit allocate more than the file holds.
     *
     * @param requirePresent also fail when one of them is missing (loading a model, not reading a file's entries)
     */
    public static void checkAgainstConfig(
            ModelConfig c, Map<String, INDArray> arrays, String where, boolean requirePresent) {
        long f = c.featureSize();
        long p = c.projectionDim();
        long k = c.classes().size();
        Map<String, long[]> expected = new LinkedHashMap<>();
        expected.put("fer.weight", new long[] {k, f});
        expected.put("fer.bias", new long[] {k});
        expected.put("ial.weight", new long[] {k, f});
        expected.put("ial.bias", new long[] {k});
        expected.put("proj.0.weight", new long[] {p, f});
        expected.put("proj.0.bias", new long[] {p});
        expected.put("proj.2.weight", new long[] {p, p});
        expected.put("proj.2.bias", new long[] {p});
        expected.forEach((name, shape) -> {
            INDArray a = arrays.get(name);
            if (a == null) {
                if (requirePresent) {
                    throw new RmferException(where + ": no tensor " + name + " " + Arrays.toString(shape)
                            + ", which its config (" + c + ") needs");
                }
                return;
            }
            if (!Arrays.equals(a.shape(), shape)) {
                throw new RmferException(where + ": tensor " + name + " has shape " + Arrays.toString(a.shape())
                        + " but its config (" + c.backbone() + ", " + k + " classes, projectionDim " + p + ") needs "
                        + Arrays.toString(shape));
            }
        });
    }

    /** Prefixes of the non-model entries a training checkpoint adds (optimiser state, trainer position). */
    public static final List<String> CHECKPOINT_PREFIXES = List.of("optim.", "trainer.", INPUT_PREFIX);

    /** The model's own entries of a file's arrays (checkpoint entries dropped). */
    public static Map<String, INDArray> modelArrays(Map<String, INDArray> arrays) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        arrays.forEach((k, v) -> {
            if (CHECKPOINT_PREFIXES.stream().noneMatch(k::startsWith)) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** A model's parameters and buffers by name, in the order a model file stores them (live arrays). */
    public static Map<String, INDArray> arraysOf(RmferModel model) {
        Map<String, INDArray> all = new LinkedHashMap<>(model.parameters().params());
        all.putAll(model.parameters().buffers());
        return all;
    }

    /** Saves a model's config, parameters and buffers. */
    public static Path save(RmferModel model, Path file) {
        return write(file, model.config(), arraysOf(model));
    }

    /** Writes a config and named arrays atomically. */
    public static Path write(Path file, ModelConfig config, Map<String, INDArray> arrays) {
        byte[] cfg = configJson(config).getBytes(StandardCharsets.UTF_8);
        return AtomicFiles.write(file, raw -> {
            CRC32 crc = new CRC32();
            DataOutputStream out =
                    new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc));
            out.write(MAGIC);
            out.writeInt(cfg.length);
            out.write(cfg);
            out.writeInt(arrays.size());
            for (var e : arrays.entrySet()) {
                byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
                INDArray a = e.getValue();
                boolean dbl = a.dataType() == DataType.DOUBLE;
                out.writeShort(name.length);
                out.write(name);
                out.writeByte(dbl ? 2 : 1);
                out.writeByte(a.rank());
                for (long d : a.shape()) {
                    out.writeLong(d);
                }
                INDArray flat = a.dup('c').reshape(-1);
                if (dbl) {
                    for (double v : flat.toDoubleVector()) {
                        out.writeDouble(v);
                    }
                } else {
                    for (float v : flat.castTo(DataType.FLOAT).toFloatVector()) {
                        out.writeFloat(v);
                    }
                }
            }
            out.flush();
            long sum = crc.getValue();
            DataOutputStream tail = new DataOutputStream(raw);
            tail.writeLong(sum);
            tail.flush();
        });
    }

    /** Whether {@code file} starts like an rmfer4j model file (its magic), without reading further. */
    public static boolean isModelFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(MAGIC.length), MAGIC);
        } catch (IOException e) {
            throw AtomicFiles.failure("read", file, e);
        }
    }

    /** Reads and checks a model file. */
    public static Loaded read(Path file) {
        Nd4jSupport.init();
        if (!Files.isRegularFile(file)) {
            throw new RmferException("Model file " + file + " does not exist");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new RmferException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        if (size < MAGIC.length + 16) {
            throw new RmferException(file + " is too short to be an rmfer4j model file");
        }
        if (!isModelFile(file)) {
            throw new RmferException(file + " is not an rmfer4j model file (bad magic)");
        }
        verifyChecksum(file, size);
        CRC32 crc = new CRC32();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            long limit = size - 8;
            DataInputStream in = new DataInputStream(new CheckedInputStream(new BoundedInputStream(raw, limit), crc));
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new RmferException(file + " is not an rmfer4j model file (bad magic)");
            }
            int cfgLen = in.readInt();
            if (cfgLen <= 0 || cfgLen > MAX_CONFIG) {
                throw new RmferException(file + ": config length " + cfgLen + " is out of range");
            }
            ModelConfig config =
                    parseConfig(new String(in.readNBytes(cfgLen), StandardCharsets.UTF_8), file.toString());
            int count = in.readInt();
            if (count < 0 || count > MAX_TENSORS) {
                throw new RmferException(file + ": tensor count " + count + " is out of range");
            }
            Map<String, INDArray> arrays = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                int nameLen = in.readUnsignedShort();
                if (nameLen == 0 || nameLen > 512) {
                    throw new RmferException(file + ": tensor " + i + " has a name of " + nameLen + " bytes");
                }
                String name = new String(in.readNBytes(nameLen), StandardCharsets.UTF_8);
                if (!name.matches("[A-Za-z0-9._-]+") || arrays.containsKey(name)) {
                    throw new RmferException(
                            file + ": tensor " + i + " has an invalid or repeated name '" + name + "'");
                }
                int dtype = in.readUnsignedByte();
                int rank = in.readUnsignedByte();
                if ((dtype != 1 && dtype != 2) || rank > 8) {
                    throw new RmferException(file + ": tensor " + name + " has dtype " + dtype + " / rank " + rank);
                }
                long[] shape = new long[rank];
                long n = 1; // a zero dimension makes an empty tensor: no values follow
                for (int d = 0; d < rank; d++) {
                    shape[d] = in.readLong();
                    if (shape[d] < 0 || shape[d] > MAX_ELEMENTS) {
                        throw new RmferException(file + ": tensor " + name + " has dimension " + shape[d]);
                    }
                    n *= shape[d];
                    if (n > MAX_ELEMENTS || n * (dtype == 2 ? 8 : 4) > size) {
                        throw new RmferException(file + ": tensor " + name + " is larger than the file");
                    }
                }
                INDArray a;
                if (n == 0) {
                    a = Nd4j.create(dtype == 2 ? DataType.DOUBLE : DataType.FLOAT, shape);
                } else if (dtype == 2) {
                    double[] v = new double[(int) n];
                    for (int k = 0; k < v.length; k++) {
                        v[k] = in.readDouble();
                    }
                    a = Nd4j.create(v, shape, DataType.DOUBLE);
                } else {
                    float[] v = new float[(int) n];
                    for (int k = 0; k < v.length; k++) {
                        v[k] = in.readFloat();
                    }
                    a = Nd4j.create(v, shape, 'c');
                }
                arrays.put(name, a);
            }
            if (in.read() != -1) {
                throw new RmferException(file + ": unexpected bytes after the last tensor");
            }
            long expected = new DataInputStream(raw).readLong();
            if (expected != crc.getValue()) {
                throw new RmferException(file + ": checksum mismatch (the file is corrupt or truncated)");
            }
            checkAgainstConfig(config, arrays, file.toString(), false);
            return new Loaded(config, arrays);
        } catch (EOFException e) {
            throw new RmferException(file + " is truncated", e);
        } catch (IOException e) {
            throw new RmferException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The CRC-32 over everything before the last 8 bytes, compared with them before anything is parsed: a damaged
     * header is reported as damage, not as whatever its bytes happen to say.
     */
    private static void verifyChecksum(Path file, long size) {
        CRC32 crc = new CRC32();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            long left = size - 8;
            while (left > 0) {
                int r = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (r < 0) {
                    throw new RmferException(file + " is truncated");
                }
                crc.update(buf, 0, r);
                left -= r;
            }
            long stored = new DataInputStream(in).readLong();
            if (stored != crc.getValue()) {
                throw new RmferException(
                        file + ": checksum mismatch — the file is corrupt or truncated (a disk error, an "
                                + "interrupted copy or download); nothing in it was used");
            }
        } catch (IOException e) {
            throw AtomicFiles.failure("read", file, e);
        }
    }

    /** Reads at most {@code limit} bytes, so the trailing checksum is not consumed as data. */
    private static final class BoundedInputStream extends FilterInputStream {
        private long left;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int r = super.read(b, off, (int) Math.min(len, left));
            if (r > 0) {
                left -= r;
            }
            return r;
        }
    }
}
