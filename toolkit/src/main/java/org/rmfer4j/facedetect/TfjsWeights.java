package org.rmfer4j.facedetect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.rmfer4j.core.RmferException;

/**
 * TensorFlow.js weights: a {@code *-weights_manifest.json} (a list of groups, each naming its {@code .bin} shards and
 * the tensors laid back to back in them, in manifest order) and the shard bytes. Quantised tensors store one byte (or
 * two) per value: {@code value = q · scale + min}. Read defensively: nothing in the files is run, every size is checked
 * against the bytes there are before anything is allocated, and shard names are plain file names (no folders), so a
 * manifest cannot point outside its model's folder. Errors name the file, the tensor and what was expected.
 */
public final class TfjsWeights {
    /** Largest manifest read (the face-api manifests are under 30 KB). */
    static final int MAX_MANIFEST_BYTES = 1 << 20;
    /** Largest tensor (values) accepted: a face detector's biggest is ~1M values. */
    static final long MAX_TENSOR_VALUES = 1L << 26;

    private static final Pattern PLAIN_FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    /** One tensor: TensorFlow's shape and its values in row-major order. */
    public record Tensor(String name, int[] shape, float[] values) {
        public int size(int dim) {
            return shape[dim];
        }

        @Override
        public String toString() {
            return name + Arrays.toString(shape);
        }
    }

    /** Where the shard bytes come from (a folder, or the jar's resources), checked before they are read. */
    public interface Shards {
        /** The shard's size in bytes, or -1 when it does not exist. */
        long size(String file);

        byte[] read(String file);
    }

    private TfjsWeights() {}

    /** The shard names a manifest lists, in order (to check their checksums before {@link #read}). */
    public static List<String> shardNames(String manifestName, byte[] manifest) {
        List<String> out = new ArrayList<>();
        JsonNode groups = parse(manifestName, manifest);
        for (int g = 0; g < groups.size(); g++) {
            for (JsonNode p : groups.get(g).path("paths")) {
                out.add(shardName(manifestName, g, p));
            }
        }
        return out;
    }

    /**
     * Reads every tensor of a manifest.
     *
     * @param manifestName the manifest's file name (for error messages)
     * @param manifest     its bytes
     * @param shards       the shard files beside it
     */
    public static Map<String, Tensor> read(String manifestName, byte[] manifest, Shards shards) {
        JsonNode groups = parse(manifestName, manifest);
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            JsonNode group = groups.get(g);
            String where = manifestName + ": group " + g;
            JsonNode paths = group.get("paths");
            JsonNode weights = group.get("weights");
            if (paths == null || !paths.isArray() || paths.isEmpty() || weights == null || !weights.isArray()) {
                throw new RmferException(
                        where + " needs 'paths' (a non-empty list of .bin files) and 'weights' (a list)");
            }
            List<Entry> entries = new ArrayList<>();
            long needed = 0;
            for (int i = 0; i < weights.size(); i++) {
                Entry e = entry(where, i, weights.get(i));
                if (out.containsKey(e.name) || entries.stream().anyMatch(x -> x.name.equals(e.name))) {
                    throw new RmferException(where + ": tensor '" + e.name + "' is listed twice");
                }
                entries.add(e);
                needed += e.bytes();
            }
            long have = 0;
            List<String> files = new ArrayList<>();
            for (JsonNode p : paths) {
                String file = shardName(manifestName, g, p);
                long size = shards.size(file);
                if (size < 0) {
                    throw new RmferException(where + ": shard '" + file + "' does not exist beside the manifest");
                }
                have += size;
                files.add(file);
            }
            if (have != needed) {
                throw new RmferException(where + ": its tensors need " + needed + " bytes but the shards " + files
                        + " hold " + have + " (a truncated, corrupt or mismatched .bin file)");
            }
            ByteBuffer bytes = ByteBuffer.allocate(Math.toIntExact(have)).order(ByteOrder.LITTLE_ENDIAN);
            for (String file : files) {
                byte[] b = shards.read(file);
                if (b.length != shards.size(file)) {
                    throw new RmferException(where + ": shard '" + file + "' changed while it was read");
                }
                bytes.put(b);
            }
            bytes.flip();
            for (Entry e : entries) {
                out.put(e.name, new Tensor(e.name, e.shape, e.decode(bytes)));
            }
        }
        return out;
    }

    private static JsonNode parse(String manifestName, byte[] manifest) {
        if (manifest.length > MAX_MANIFEST_BYTES) {
            throw new RmferException(manifestName + " is " + manifest.length + " bytes; a weights manifest is at most "
                    + MAX_MANIFEST_BYTES);
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(manifest);
        } catch (java.io.IOException e) {
            String why = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new RmferException(manifestName + " is not valid JSON: " + why, e);
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            throw new RmferException(
                    manifestName + ": expected a JSON list of weight groups ({\"paths\": [...], \"weights\": [...]})");
        }
        return root;
    }

    private static String shardName(String manifestName, int group, JsonNode p) {
        String file = p.isTextual() ? p.asText() : "";
        if (!PLAIN_FILE.matcher(file).matches() || file.contains("..")) {
            throw new RmferException(manifestName + ": group " + group + " names shard " + p
                    + "; expected a plain file name beside the manifest (no folders)");
        }
        return file;
    }

    /** A manifest entry: where its bytes are and how to turn them into floats. */
    private record Entry(String name, int[] shape, long count, String storage, double scale, double min) {
        long bytes() {
            return count
                    * switch (storage) {
                        case "uint8" -> 1;
                        case "uint16", "float16" -> 2;
                        default -> 4;
                    };
        }

        float[] decode(ByteBuffer b) {
            float[] v = new float[(int) count];
            for (int i = 0; i < v.length; i++) {
                v[i] = switch (storage) {
                    case "uint8" -> (float) ((b.get() & 0xFF) * scale + min);
                    case "uint16" -> (float) ((b.getShort() & 0xFFFF) * scale + min);
                    case "float16" -> halfToFloat(b.getShort());
                    case "int32" -> b.getInt();
                    default -> b.getFloat();
                };
            }
            return v;
        }
    }

    /** IEEE 754 half precision to float (Java 17 has no Float.float16ToFloat). */
    static float halfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) { // infinity or NaN
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) { // zero or subnormal: mant * 2^-24
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    private static Entry entry(String where, int index, JsonNode w) {
        String at = where + ", weights[" + index + "]";
        JsonNode nameNode = w.get("name");
        if (nameNode == null || !nameNode.isTextual() || nameNode.asText().isEmpty()) {
            throw new RmferException(at + ": 'name' must be a non-empty string");
        }
        String name = nameNode.asText();
        at += " '" + name + "'";
        JsonNode shapeNode = w.get("shape");
        if (shapeNode == null || !shapeNode.isArray() || shapeNode.size() > 8) {
            throw new RmferException(at + ": 'shape' must be a list of at most 8 sizes");
        }
        int[] shape = new int[shapeNode.size()];
        long count = 1;
        for (int d = 0; d < shape.length; d++) {
            JsonNode s = shapeNode.get(d);
            if (!s.isInt() || s.asInt() < 0) {
                throw new RmferException(at + ": shape entry " + s + " is not a non-negative integer");
            }
            shape[d] = s.asInt();
            count *= shape[d];
            if (count > MAX_TENSOR_VALUES) {
                throw new RmferException(at + ": shape " + shapeNode + " has more than " + MAX_TENSOR_VALUES
                        + " values; refusing to allocate it");
            }
        }
        String dtype = w.path("dtype").asText("");
        if (!dtype.equals("float32") && !dtype.equals("int32")) {
            throw new RmferException(at + ": dtype '" + dtype + "' is not supported; expected float32 or int32");
        }
        JsonNode q = w.get("quantization");
        if (q == null) {
            return new Entry(name, shape, count, dtype, 1, 0);
        }
        String qType = q.path("dtype").asText("");
        if (qType.equals("float16")) {
            return new Entry(name, shape, count, qType, 1, 0);
        }
        if (!qType.equals("uint8") && !qType.equals("uint16")) {
            throw new RmferException(
                    at + ": quantization dtype '" + qType + "' is not supported; expected uint8, uint16 or float16");
        }
        JsonNode scale = q.get("scale");
        JsonNode min = q.get("min");
        if (scale == null
                || !scale.isNumber()
                || min == null
                || !min.isNumber()
                || !Double.isFinite(scale.asDouble())
                || !Double.isFinite(min.asDouble())) {
            throw new RmferException(at + ": a " + qType + " quantisation needs finite numbers 'scale' and 'min'");
        }
        return new Entry(name, shape, count, qType, scale.asDouble(), min.asDouble());
    }
}
