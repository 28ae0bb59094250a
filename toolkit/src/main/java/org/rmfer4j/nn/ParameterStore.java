package org.rmfer4j.nn;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.core.Nd4jSupport;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.core.Seeds;

/**
 * A model's named arrays in canonical layouts (PyTorch's: conv {@code [out, in/groups, kH, kW]}, linear
 * {@code [out, in]}), the engine-neutral form in which weights are initialised, saved, loaded and compared
 * between engines. Trainable parameters and buffers (batch-norm running statistics) are kept apart.
 */
public final class ParameterStore {
    private final Map<String, INDArray> params = new LinkedHashMap<>();
    private final Map<String, INDArray> buffers = new LinkedHashMap<>();
    private final long seed;
    private final DataType dtype;

    public ParameterStore(long seed, DataType dtype) {
        Nd4jSupport.init();
        this.seed = seed;
        this.dtype = dtype;
    }

    public DataType dtype() {
        return dtype;
    }

    /** Trainable parameters in declaration order (live arrays). */
    public Map<String, INDArray> params() {
        return Collections.unmodifiableMap(params);
    }

    /** Buffers (running statistics) in declaration order (live arrays). */
    public Map<String, INDArray> buffers() {
        return Collections.unmodifiableMap(buffers);
    }

    public INDArray get(String name) {
        INDArray a = params.get(name);
        if (a == null) {
            a = buffers.get(name);
        }
        if (a == null) {
            throw new RmferException("No parameter or buffer named '" + name + "'");
        }
        return a;
    }

    public boolean has(String name) {
        return params.containsKey(name) || buffers.containsKey(name);
    }

    /**
     * Declares a weight with PyTorch's default initialisation: Kaiming-uniform with a = √5, i.e.
     * U(−1/√fan_in, 1/√fan_in), fan_in = shape[1]·kH·kW. Each array's random stream depends only on the store seed
     * and the name, so adding a layer does not change the others.
     */
    public INDArray weight(String name, long... shape) {
        long fanIn = 1;
        for (int i = 1; i < shape.length; i++) {
            fanIn *= shape[i];
        }
        return uniform(name, 1.0 / Math.sqrt(fanIn), shape);
    }

    /** Declares a bias U(±1/√fanIn), PyTorch's default. */
    public INDArray bias(String name, long fanIn, long size) {
        return uniform(name, 1.0 / Math.sqrt(fanIn), size);
    }

    /** Declares a constant-filled parameter (batch-norm weight 1, bias 0). */
    public INDArray filled(String name, double value, long... shape) {
        return params.computeIfAbsent(name, k -> Nd4j.valueArrayOf(shape, value, dtype));
    }

    /** Declares a buffer (not trained). */
    public INDArray buffer(String name, double value, long... shape) {
        return buffers.computeIfAbsent(name, k -> Nd4j.valueArrayOf(shape, value, dtype));
    }

    private INDArray uniform(String name, double bound, long... shape) {
        return params.computeIfAbsent(name, k -> {
            long n = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, name.hashCode(), name.length()));
            double[] v = new double[Math.toIntExact(n)];
            for (int i = 0; i < v.length; i++) {
                v[i] = (2 * rng.nextDouble() - 1) * bound;
            }
            return Nd4j.create(v, shape, DataType.DOUBLE).castTo(dtype);
        });
    }

    /** Number of trainable scalars. */
    public long parameterCount() {
        return params.values().stream().mapToLong(INDArray::length).sum();
    }

    /** Overwrites the values of every named array present in {@code values} (shapes must match). */
    public void assign(Map<String, INDArray> values) {
        values.forEach((name, v) -> {
            INDArray dst = get(name);
            if (!Arrays.equals(dst.shape(), v.shape())) {
                throw new RmferException("Parameter " + name + " has shape " + Arrays.toString(dst.shape())
                        + " but the loaded value has " + Arrays.toString(v.shape()));
            }
            dst.assign(v.castTo(dtype));
        });
    }

    /** Like {@link #assign} but the names must match this store's exactly (loading a saved model). */
    public void assignExactly(Map<String, INDArray> values, String source) {
        Set<String> mine = new TreeSet<>(params.keySet());
        mine.addAll(buffers.keySet());
        Set<String> theirs = new TreeSet<>(values.keySet());
        if (!mine.equals(theirs)) {
            Set<String> missing = new TreeSet<>(mine);
            missing.removeAll(theirs);
            Set<String> extra = new TreeSet<>(theirs);
            extra.removeAll(mine);
            throw new RmferException(
                    source + " does not fit this model: missing " + limit(missing) + ", unexpected " + limit(extra));
        }
        assign(values);
    }

    private static String limit(Set<String> names) {
        return names.size() <= 8
                ? names.toString()
                : names.stream().limit(8).toList() + " and " + (names.size() - 8) + " more";
    }

    /** Copies of all parameters and buffers. */
    public Map<String, INDArray> snapshot() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, v.dup()));
        buffers.forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }
}
