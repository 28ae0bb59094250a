package org.rmfer4j.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.Nd4jSupport;
import org.rmfer4j.core.RmferException;

/**
 * Reads a file written by PyTorch's {@code torch.save} without Python and without running anything in it: the zip
 * format (the default since PyTorch 1.6: {@code <top>/data.pkl} plus one {@code <top>/data/<key>} entry per storage)
 * and the legacy stream (magic, protocol and system pickles, the object pickle, then the raw storages). The pickle is
 * read by {@link Unpickler}. What it holds may be a state dict, a dict that holds one ({@code state_dict}, {@code model},
 * ...), or a whole pickled module, whose tensors are collected by walking {@code _modules}, {@code _parameters} and
 * {@code _buffers} (no class code needed). Sizes, offsets and strides are checked against each storage before any
 * tensor is built.
 */
public final class TorchCheckpoint {
    /** Largest pickle accepted (a state dict's pickle is a few hundred KB; a storage is separate). */
    static final long MAX_PICKLE = 1L << 28;

    static final long MAX_FILE = 1L << 33;

    /**
     * What a checkpoint holds.
     *
     * @param tensors every tensor by its dotted name, in file order (integer tensors such as BN's
     *                {@code num_batches_tracked} as LONG, floating ones as FLOAT or DOUBLE)
     * @param format  {@code zip}, {@code legacy}
     * @param kind    {@code state dict}, {@code state dict under 'key'} or {@code whole module <class>}
     */
    public record Contents(Path file, Map<String, INDArray> tensors, String format, String kind) {
        /** A line for logs: file, format, kind, tensor count, parameter count. */
        public String summary() {
            long n = tensors.values().stream().mapToLong(INDArray::length).sum();
            return String.format(
                    Locale.ROOT, "%s: %s file, %s, %d tensors, %,d values", file, format, kind, tensors.size(), n);
        }
    }

    private TorchCheckpoint() {}

    /** Reads a {@code torch.save} file (zip or legacy). */
    public static Contents read(Path file) {
        Nd4jSupport.init();
        if (!Files.isRegularFile(file)) {
            throw new RmferException("Checkpoint " + file + " does not exist");
        }
        long size;
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(file)) {
            size = Files.size(file);
            if (in.readNBytes(head, 0, 4) < 4) {
                throw new RmferException(file + " is too short to be a PyTorch checkpoint");
            }
        } catch (IOException e) {
            throw AtomicFiles.failure("read", file, e);
        }
        if (size > MAX_FILE) {
            throw new RmferException(
                    file + " is " + size + " bytes, more than the " + MAX_FILE + " a checkpoint reader accepts");
        }
        if (head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) {
            return readZip(file, size);
        }
        if ((head[0] & 0xFF) == 0x80) {
            return readLegacy(file, size);
        }
        throw new RmferException(
                file + " is not a PyTorch checkpoint: it is neither a zip archive (torch.save since 1.6) nor a "
                        + "pickle stream (the legacy format); ONNX files are read by OnnxWeights");
    }

    private static Contents readZip(Path file, long size) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            String prefix = null;
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                String n = en.nextElement().getName();
                if (n.endsWith("/data.pkl") && n.indexOf('/') == n.length() - "/data.pkl".length()) {
                    if (prefix != null) {
                        throw new RmferException(file + ": more than one data.pkl in the archive");
                    }
                    prefix = n.substring(0, n.length() - "data.pkl".length());
                }
            }
            if (prefix == null) {
                throw new RmferException(
                        file + " is a zip archive but not a torch.save file (no <name>/data.pkl entry)");
            }
            byte[] pkl = entry(zip, prefix + "data.pkl", MAX_PICKLE, file);
            Object root = Unpickler.read(pkl, file + "!" + prefix + "data.pkl");
            String p = prefix;
            Map<String, byte[]> storages = new HashMap<>();
            StorageSource source = ref -> storages.computeIfAbsent(ref.key(), k -> {
                if (!k.matches("[0-9A-Za-z_]+")) {
                    throw new RmferException(file + ": storage key '" + k + "' is not a plain name");
                }
                return entry(zip, p + "data/" + k, Math.min(size, Integer.MAX_VALUE - 16L), file);
            });
            return collect(file, root, source, "zip");
        } catch (IOException e) {
            throw new RmferException(
                    file + " is not a readable zip archive (truncated or damaged?): " + e.getMessage(), e);
        }
    }

    private static byte[] entry(ZipFile zip, String name, long limit, Path file) {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new RmferException(file + ": the archive has no entry " + name + " (truncated or damaged?)");
        }
        long declared = e.getSize();
        if (declared < 0 || declared > limit) {
            throw new RmferException(
                    file + ": entry " + name + " declares " + declared + " bytes, more than the " + limit + " allowed");
        }
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b = in.readNBytes((int) declared);
            if (b.length != declared || in.read() != -1) {
                throw new RmferException(file + ": entry " + name + " holds "
                        + (b.length == declared ? "more" : b.length) + " bytes, not the " + declared + " it declares");
            }
            return b;
        } catch (IOException ex) {
            throw new RmferException(
                    file + ": entry " + name + " cannot be read (truncated or damaged?): " + ex.getMessage(), ex);
        }
    }

    /**
     * The legacy stream: magic number pickle, protocol version, system info, the object, the list of storage keys, then
     * each storage as an 8-byte little-endian element count and its raw bytes, in that list's order.
     */
    /** torch.serialization's MAGIC_NUMBER, the legacy format's first pickle. */
    static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);

    private static Contents readLegacy(Path file, long size) {
        if (size > Integer.MAX_VALUE - 16L) {
            throw new RmferException(
                    file + ": legacy checkpoints over 2 GB are not supported; re-save it with torch.save (zip format)");
        }
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw AtomicFiles.failure("read", file, e);
        }
        String where = file.toString();
        Unpickler.Next magic = Unpickler.readAt(all, 0, where);
        if (!LEGACY_MAGIC.equals(magic.value())) {
            throw new RmferException(
                    file + " starts with a pickle but not PyTorch's magic number: not a torch.save file");
        }
        Unpickler.Next protocol = Unpickler.readAt(all, magic.end(), where);
        Unpickler.Next sysInfo = Unpickler.readAt(all, protocol.end(), where);
        Unpickler.Next object = Unpickler.readAt(all, sysInfo.end(), where);
        Unpickler.Next keys = Unpickler.readAt(all, object.end(), where);
        if (!(keys.value() instanceof List<?> keyList)) {
            throw new RmferException(file + ": the legacy storage key list is missing (truncated?)");
        }
        Map<String, byte[]> storages = new HashMap<>();
        int pos = keys.end();
        Map<String, Unpickler.StorageRef> named = storagesByKey(object.value());
        for (Object k : keyList) {
            if (!(k instanceof String key)) {
                throw new RmferException(file + ": a legacy storage key is not a string");
            }
            if (pos + 8 > all.length) {
                throw new RmferException(file + " is truncated: storage " + key + " is missing");
            }
            long n = ByteBuffer.wrap(all, pos, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            pos += 8;
            Unpickler.StorageRef ref = named.get(key);
            Long expected = ref == null ? null : ref.numel();
            int elem = ref == null ? 1 : ref.type().bytes;
            if (expected == null || n != expected || n < 0 || n * elem > all.length - pos) {
                throw new RmferException(file + ": storage " + key + " says " + n + " elements, expected " + expected
                        + " (truncated or damaged?)");
            }
            byte[] b = new byte[(int) (n * elem)];
            System.arraycopy(all, pos, b, 0, b.length);
            pos += b.length;
            storages.put(key, b);
        }
        return collect(
                file,
                object.value(),
                ref -> {
                    byte[] b = storages.get(ref.key());
                    if (b == null) {
                        throw new RmferException(file + ": storage " + ref.key() + " is named but not stored");
                    }
                    return b;
                },
                "legacy");
    }

    /** Every storage the object's tensors name, by key, in one walk (its element count and type). */
    private static Map<String, Unpickler.StorageRef> storagesByKey(@Nullable Object o) {
        Map<String, Unpickler.StorageRef> out = new HashMap<>();
        walkTensors(o, "", (name, t) -> out.put(t.storage().key(), t.storage()), new IdentityHashMap<>());
        return out;
    }

    /** Where a storage's bytes come from. */
    private interface StorageSource {
        byte[] bytes(Unpickler.StorageRef ref);
    }

    private static Contents collect(Path file, @Nullable Object root, StorageSource source, String format) {
        String kind;
        Object tree = root;
        if (root instanceof Unpickler.PyObject p) {
            kind = "whole module " + p.className();
        } else if (root instanceof Map<?, ?> m
                && !m.isEmpty()
                && m.values().stream().noneMatch(v -> v instanceof Unpickler.TensorRef)) {
            Object inner = null;
            String key = null;
            for (String k : List.of("state_dict", "model_state_dict", "model", "net", "module", "backbone")) {
                if (m.get(k) instanceof Map<?, ?> || m.get(k) instanceof Unpickler.PyObject) {
                    inner = m.get(k);
                    key = k;
                    break;
                }
            }
            if (inner == null) {
                throw new RmferException(
                        file + " holds a dict without tensors and without a 'state_dict' or 'model' entry (keys: "
                                + m.keySet() + ")");
            }
            tree = inner;
            kind = (inner instanceof Unpickler.PyObject p ? "whole module " + p.className() : "state dict") + " under '"
                    + key + "'";
        } else if (root instanceof Map<?, ?>) {
            kind = "state dict";
        } else {
            throw new RmferException(file + " holds a "
                    + (root == null ? "None" : root.getClass().getSimpleName()) + ", not a state dict or a module");
        }
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        walkTensors(
                tree,
                "",
                (name, t) -> {
                    if (tensors.containsKey(name)) {
                        problems.add(name);
                    }
                    tensors.put(name, materialise(file, name, t, source.bytes(t.storage())));
                },
                new IdentityHashMap<>());
        if (tensors.isEmpty()) {
            throw new RmferException(file + " holds no tensors");
        }
        if (!problems.isEmpty()) {
            throw new RmferException(
                    file + ": tensor names repeat: " + problems.subList(0, Math.min(5, problems.size())));
        }
        return new Contents(file, tensors, format, kind);
    }

    /** Visits every tensor with its dotted name: dict keys, and a module's parameters, buffers and submodules. */
    private static void walkTensors(
            @Nullable Object o,
            String prefix,
            BiConsumer<String, Unpickler.TensorRef> visit,
            IdentityHashMap<Object, Boolean> seen) {
        if (o == null || seen.put(o, Boolean.TRUE) != null) {
            return;
        }
        if (o instanceof Unpickler.TensorRef t) {
            visit.accept(prefix.isEmpty() ? "tensor" : prefix.substring(0, prefix.length() - 1), t);
        } else if (o instanceof Unpickler.PyObject p) {
            for (String part : List.of("_parameters", "_buffers")) {
                if (p.state().get(part) instanceof Map<?, ?> m) {
                    m.forEach((k, v) -> walkTensors(v, prefix + k + ".", visit, seen));
                }
            }
            if (p.state().get("_modules") instanceof Map<?, ?> m) {
                m.forEach((k, v) -> walkTensors(v, prefix + k + ".", visit, seen));
            }
        } else if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if (k instanceof String key) {
                    walkTensors(v, prefix + key + ".", visit, seen);
                }
            });
        }
    }

    /** IEEE 754 half precision to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits >>> 15) << 31;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13)); // inf, NaN
        }
        if (exp == 0) {
            float v = mant / 1024f * (float) Math.pow(2, -14); // subnormal (or zero)
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /** The tensor a view describes, read element by element through its strides, every index checked first. */
    static INDArray materialise(Path file, String name, Unpickler.TensorRef t, byte[] storage) {
        Unpickler.StorageType type = t.storage().type();
        long available = storage.length / type.bytes;
        if (storage.length % type.bytes != 0 || available != t.storage().numel()) {
            throw new RmferException(file + ": tensor " + name + "'s storage holds " + storage.length + " bytes, not "
                    + t.storage().numel() + " " + type + " elements (truncated or damaged?)");
        }
        long n = 1;
        long last = t.offset();
        for (int d = 0; d < t.size().length; d++) {
            n = Math.multiplyExact(n, t.size()[d]);
            if (t.size()[d] > 0) {
                last = Math.addExact(last, Math.multiplyExact(t.size()[d] - 1, t.stride()[d]));
            }
        }
        if (n > Integer.MAX_VALUE) {
            throw new RmferException(file + ": tensor " + name + " has " + n + " elements, more than one array holds");
        }
        if (n > 0 && (t.offset() < 0 || last >= available)) {
            throw new RmferException(file + ": tensor " + name + " " + Arrays.toString(t.size()) + " reaches element "
                    + last + " of a storage of " + available);
        }
        ByteBuffer b = ByteBuffer.wrap(storage).order(ByteOrder.LITTLE_ENDIAN);
        int rank = t.size().length;
        long[] idx = new long[rank];
        boolean integral = switch (type) {
            case LONG, INT, SHORT, CHAR, BYTE, BOOL -> true;
            default -> false;
        };
        double[] dv = type == Unpickler.StorageType.DOUBLE ? new double[(int) n] : null;
        float[] fv = !integral && dv == null ? new float[(int) n] : null;
        long[] lv = integral ? new long[(int) n] : null;
        for (int i = 0; i < n; i++) {
            long at = t.offset();
            for (int d = 0; d < rank; d++) {
                at += idx[d] * t.stride()[d];
            }
            int p = (int) (at * type.bytes);
            switch (type) {
                case FLOAT -> fv[i] = b.getFloat(p);
                case DOUBLE -> dv[i] = b.getDouble(p);
                case HALF -> fv[i] = halfToFloat(b.getShort(p));
                case BFLOAT16 -> fv[i] = Float.intBitsToFloat((b.getShort(p) & 0xFFFF) << 16);
                case LONG -> lv[i] = b.getLong(p);
                case INT -> lv[i] = b.getInt(p);
                case SHORT -> lv[i] = b.getShort(p);
                case CHAR -> lv[i] = b.get(p);
                case BYTE -> lv[i] = b.get(p) & 0xFF;
                case BOOL -> lv[i] = b.get(p) != 0 ? 1 : 0;
                default -> throw new IllegalStateException(type.name());
            }
            for (int d = rank - 1; d >= 0; d--) { // next index, last dimension fastest (C order)
                if (++idx[d] < t.size()[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        long[] shape = t.size().clone();
        if (n == 0) {
            return Nd4j.create(integral ? DataType.LONG : dv != null ? DataType.DOUBLE : DataType.FLOAT, shape);
        }
        if (rank == 0) {
            return dv != null ? Nd4j.scalar(dv[0]) : fv != null ? Nd4j.scalar(fv[0]) : Nd4j.scalar(lv[0]);
        }
        return dv != null
                ? Nd4j.create(dv, shape, DataType.DOUBLE)
                : fv != null
                        ? Nd4j.create(fv, shape, 'c')
                        : Nd4j.createFromArray(lv).reshape(shape);
    }
}
