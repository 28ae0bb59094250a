package org.rmfer4j.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.Nd4jSupport;
import org.rmfer4j.core.RmferException;

/**
 * NumPy's {@code .npy} format for float32 and float64 arrays in C order: how {@code ./rmfer infer} takes preprocessed
 * images and returns logits, so results can be compared with PyTorch's bit for bit. The header is parsed as data (a
 * fixed grammar, never evaluated) and the shape is checked against the file size before anything is allocated.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=]?)([fi])(\\d)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([0-9,\\s]*)\\)");

    private Npy() {}

    /** Reads a little-endian float32 or float64 array (C order). */
    public static INDArray read(Path file) {
        Nd4jSupport.init();
        byte[] all;
        try {
            if (Files.size(file) > Integer.MAX_VALUE - 16L) {
                throw new RmferException(file + " is larger than 2 GB");
            }
            all = Files.readAllBytes(file);
        } catch (IOException e) {
            throw AtomicFiles.failure("read", file, e);
        }
        if (all.length < 10 || !Arrays.equals(Arrays.copyOf(all, 6), MAGIC)) {
            throw new RmferException(file + " is not a .npy file (no \\x93NUMPY magic)");
        }
        int major = all[6];
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = major == 1 ? Short.toUnsignedInt(b.getShort(8)) : Integer.toUnsignedLong(b.getInt(8));
        int start = major == 1 ? 10 : 12;
        if (major < 1 || major > 3 || start + headerLen > all.length) {
            throw new RmferException(
                    file + ": .npy version " + major + " or header length " + headerLen + " is invalid");
        }
        String header = new String(all, start, (int) headerLen, StandardCharsets.ISO_8859_1);
        Matcher d = DESCR.matcher(header);
        Matcher o = ORDER.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !o.find() || !s.find()) {
            throw new RmferException(
                    file + ": the .npy header " + header.strip() + " lacks descr, fortran_order or shape");
        }
        if (d.group(1).equals(">")
                || !d.group(2).equals("f")
                || !(d.group(3).equals("4") || d.group(3).equals("8"))) {
            throw new RmferException(file + ": dtype " + d.group(1) + d.group(2) + d.group(3)
                    + " is not supported; save float32 " + "or float64 little-endian (np.float32)");
        }
        if (o.group(1).equals("True")) {
            throw new RmferException(file + ": Fortran-order arrays are not supported; save with np.ascontiguousarray");
        }
        String[] dims = s.group(1).split(",");
        long[] shape = Arrays.stream(dims)
                .map(String::trim)
                .filter(x -> !x.isEmpty())
                .mapToLong(Long::parseLong)
                .toArray();
        int width = Integer.parseInt(d.group(3));
        long n = 1;
        for (long dim : shape) {
            n = Math.multiplyExact(n, dim);
        }
        int data = start + (int) headerLen;
        if (n * width != all.length - data) {
            throw new RmferException(file + ": shape " + Arrays.toString(shape) + " needs " + n * width
                    + " bytes of data, the " + "file has " + (all.length - data) + " (truncated?)");
        }
        ByteBuffer v = ByteBuffer.wrap(all, data, all.length - data).order(ByteOrder.LITTLE_ENDIAN);
        if (width == 4) {
            float[] f = new float[(int) n];
            v.asFloatBuffer().get(f);
            return Nd4j.create(f, shape, 'c');
        }
        double[] f = new double[(int) n];
        v.asDoubleBuffer().get(f);
        return Nd4j.create(f, shape, DataType.DOUBLE);
    }

    /** Writes a float32 array (C order), atomically. */
    public static Path write(INDArray a, Path file) {
        INDArray c = a.castTo(DataType.FLOAT).dup('c');
        StringBuilder shape = new StringBuilder("(");
        for (long d : c.shape()) {
            shape.append(d).append(", ");
        }
        if (c.rank() > 1) {
            shape.setLength(shape.length() - 2);
        } else if (c.rank() == 1) {
            shape.setLength(shape.length() - 1);
        }
        shape.append(')');
        String h = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
        int pad = 64 - (10 + h.length() + 1) % 64; // the data starts on a 64-byte boundary, the header ends in '\n'
        h = h + " ".repeat(pad % 64) + "\n";
        byte[] header = h.getBytes(StandardCharsets.ISO_8859_1);
        float[] values = c.reshape(-1).toFloatVector();
        return AtomicFiles.write(file, out -> {
            ByteBuffer b =
                    ByteBuffer.allocate(10 + header.length + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
            b.put(MAGIC)
                    .put((byte) 1)
                    .put((byte) 0)
                    .putShort((short) header.length)
                    .put(header);
            b.asFloatBuffer().put(values);
            out.write(b.array());
        });
    }
}
