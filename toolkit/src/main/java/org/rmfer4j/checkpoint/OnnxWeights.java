package org.rmfer4j.checkpoint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import onnx.Onnx;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.protobuf.InvalidProtocolBufferException;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.Nd4jSupport;
import org.rmfer4j.core.RmferException;

/**
 * The initialisers (weights) of an ONNX file by name, read with the ONNX protobuf classes ND4J ships; the graph itself
 * is not run or imported. When PyTorch exports in eval mode with constant folding (its default), batch norm is folded
 * into the convolutions: their initialisers are renamed ({@code onnx::Conv_193}) and the BN statistics are gone.
 * {@link #read} reports such a file as {@link Contents#bnFolded()}: its weights are a different parametrisation of the
 * network (a convolution with bias, no BN), which the toolkit's backbones, and fine-tuning with BN, cannot take. Export
 * with {@code training=torch.onnx.TrainingMode.TRAINING, do_constant_folding=False} to keep them, or import the
 * {@code .pth}.
 */
public final class OnnxWeights {
    static final long MAX_FILE = Integer.MAX_VALUE - 16L; // protobuf's own limit

    /**
     * What an ONNX file holds.
     *
     * @param tensors  the initialisers by name (floating point as FLOAT / DOUBLE, integers as LONG)
     * @param bnFolded true when the graph has convolutions but no BatchNormalization node (folded at export)
     * @param ops      the graph's node types, sorted
     */
    public record Contents(Path file, Map<String, INDArray> tensors, boolean bnFolded, List<String> ops) {}

    private OnnxWeights() {}

    /** Whether a file is (probably) ONNX: its name, since a protobuf has no magic number. */
    public static boolean looksLikeOnnx(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    public static Contents read(Path file) {
        Nd4jSupport.init();
        Onnx.ModelProto model;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE) {
                throw new RmferException(
                        file + " is " + size + " bytes; ONNX files over 2 GB keep their weights in external files, "
                                + "which this reader does not follow");
            }
            try (InputStream in = Files.newInputStream(file)) {
                model = Onnx.ModelProto.parseFrom(in);
            }
        } catch (InvalidProtocolBufferException e) {
            throw new RmferException(
                    file + " is not a readable ONNX model (truncated or another format?): " + e.getMessage(), e);
        } catch (IOException e) {
            throw AtomicFiles.failure("read", file, e);
        }
        Onnx.GraphProto g = model.getGraph();
        if (g.getInitializerCount() == 0) {
            throw new RmferException(file + " has no initialisers (weights): not an ONNX model with parameters");
        }
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        for (Onnx.TensorProto t : g.getInitializerList()) {
            if (t.getExternalDataCount() > 0 || t.getDataLocationValue() != 0) {
                throw new RmferException(
                        file + ": initialiser " + t.getName() + " lives in an external file; not followed");
            }
            tensors.put(t.getName(), tensor(file, t));
        }
        TreeSet<String> ops = new TreeSet<>();
        g.getNodeList().forEach(n -> ops.add(n.getOpType()));
        boolean folded = ops.contains("Conv") && !ops.contains("BatchNormalization");
        return new Contents(file, tensors, folded, List.copyOf(ops));
    }

    private static INDArray tensor(Path file, Onnx.TensorProto t) {
        long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new RmferException(file + ": initialiser " + t.getName() + " has dimension " + d);
            }
            n = Math.multiplyExact(n, d);
        }
        ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        int type = t.getDataType();
        int width = switch (type) {
            case 1, 6 -> 4; // FLOAT, INT32
            case 7, 11 -> 8; // INT64, DOUBLE
            default ->
                throw new RmferException(file + ": initialiser " + t.getName() + " has ONNX data type " + type
                        + " (float32, float64, int32 and int64 are read)");
        };
        boolean fromRaw = raw.remaining() > 0 || n == 0;
        long have = fromRaw
                ? raw.remaining() / width
                : switch (type) {
                    case 1 -> t.getFloatDataCount();
                    case 11 -> t.getDoubleDataCount();
                    case 6 -> t.getInt32DataCount();
                    default -> t.getInt64DataCount();
                };
        if (have != n || (fromRaw && raw.remaining() % width != 0)) {
            throw new RmferException(file + ": initialiser " + t.getName() + " " + Arrays.toString(shape) + " holds "
                    + have + " values, not " + n);
        }
        if (type == 1) {
            float[] v = new float[(int) n];
            for (int i = 0; i < n; i++) {
                v[i] = fromRaw ? raw.getFloat(i * 4) : t.getFloatData(i);
            }
            return shape.length == 0 ? Nd4j.scalar(v[0]) : Nd4j.create(v, shape, 'c');
        }
        if (type == 11) {
            double[] v = new double[(int) n];
            for (int i = 0; i < n; i++) {
                v[i] = fromRaw ? raw.getDouble(i * 8) : t.getDoubleData(i);
            }
            return shape.length == 0 ? Nd4j.scalar(v[0]) : Nd4j.create(v, shape, DataType.DOUBLE);
        }
        long[] v = new long[(int) n];
        for (int i = 0; i < n; i++) {
            v[i] = type == 6
                    ? (fromRaw ? raw.getInt(i * 4) : t.getInt32Data(i))
                    : (fromRaw ? raw.getLong(i * 8) : t.getInt64Data(i));
        }
        return shape.length == 0 ? Nd4j.scalar(v[0]) : Nd4j.createFromArray(v).reshape(shape);
    }
}
