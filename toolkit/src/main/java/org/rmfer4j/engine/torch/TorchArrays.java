package org.rmfer4j.engine.torch;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptions;
import org.bytedeco.pytorch.global.torch;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.core.RmferException;

/**
 * Moves data between ND4J and libtorch. Both keep their arrays in native memory, so {@link #view} shares the
 * INDArray's memory with a Tensor (no copy): parameters live once, in the {@link org.rmfer4j.nn.ParameterStore},
 * and libtorch reads and batch norm updates them in place. The INDArray must stay reachable while the view is used.
 */
public final class TorchArrays {
    private TorchArrays() {}

    /** A Tensor over the INDArray's memory (float32 or float64, contiguous 'c' order). */
    public static Tensor view(INDArray a) {
        if (a.ordering() != 'c' || a.isView() && a.length() != a.data().length() || a.elementWiseStride() != 1) {
            throw new RmferException("TorchArrays.view needs a contiguous 'c'-order array; call dup('c') first");
        }
        Pointer p = a.data().addressPointer();
        long offset = a.offset();
        TensorOptions opts;
        if (a.dataType() == DataType.FLOAT) {
            p = new FloatPointer(p).position(offset);
            opts = new TensorOptions(torch.ScalarType.Float);
        } else if (a.dataType() == DataType.DOUBLE) {
            p = new DoublePointer(p).position(offset);
            opts = new TensorOptions(torch.ScalarType.Double);
        } else {
            throw new RmferException("TorchArrays.view supports FLOAT and DOUBLE, not " + a.dataType());
        }
        long[] shape = a.rank() == 0 ? new long[0] : a.shape();
        return torch.from_blob(p, shape, opts);
    }

    /** A Tensor that owns a copy of the data (for constants whose INDArray may be freed). */
    public static Tensor copy(INDArray a) {
        return view(a.dup('c')).clone();
    }

    /** An INDArray sharing the Tensor's memory (valid while the Tensor lives and is not reallocated). */
    public static INDArray viewOf(Tensor t) {
        Tensor c = t.contiguous();
        long n = c.numel();
        long[] shape = c.sizes().vec().get();
        DataBuffer buf;
        // intern(): JavaCPP hands back enum objects that are not the constants themselves
        torch.ScalarType type = c.scalar_type().intern();
        if (type == torch.ScalarType.Float) {
            buf = Nd4j.createBuffer(c.data_ptr_float().capacity(n), n, DataType.FLOAT);
        } else if (type == torch.ScalarType.Double) {
            buf = Nd4j.createBuffer(c.data_ptr_double().capacity(n), n, DataType.DOUBLE);
        } else {
            throw new RmferException("Unsupported tensor type " + c.scalar_type());
        }
        return Nd4j.create(buf, shape.length == 0 ? new long[0] : shape);
    }

    /** An INDArray with its own copy of the Tensor's values. */
    public static INDArray toNd4j(Tensor t) {
        return viewOf(t).dup('c');
    }
}
