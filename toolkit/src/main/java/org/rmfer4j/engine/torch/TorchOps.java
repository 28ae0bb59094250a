package org.rmfer4j.engine.torch;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarTypeOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.rmfer4j.nn.ParameterStore;
import org.rmfer4j.nn.TensorOps;

/**
 * {@link TensorOps} on libtorch, eager. Parameters and batch-norm buffers are zero-copy views of the
 * {@link ParameterStore}'s arrays ({@link TorchArrays#view}); batch norm in training mode updates the running
 * statistics in place with PyTorch's rule (momentum 0.1, unbiased variance).
 */
public final class TorchOps implements TensorOps<Tensor> {
    private final ParameterStore store;
    private final Map<String, Tensor> params;
    private final boolean training;
    private final Map<String, INDArray> keepAlive = new HashMap<>();

    /**
     * @param params shared leaf tensors of the store's parameters (requires_grad), created once per model
     */
    TorchOps(ParameterStore store, Map<String, Tensor> params, boolean training) {
        this.store = store;
        this.params = params;
        this.training = training;
    }

    /** A leaf tensor for every trainable parameter of the store (shared memory, requires_grad). */
    static Map<String, Tensor> leaves(ParameterStore store) {
        Map<String, Tensor> m = new HashMap<>();
        store.params().forEach((name, arr) -> {
            Tensor t = TorchArrays.view(arr);
            t.set_requires_grad(true);
            m.put(name, t);
        });
        return m;
    }

    @Override
    public Tensor param(String name) {
        Tensor t = params.get(name);
        if (t == null) {
            // declared after the leaves were made (first build): make its leaf now
            t = TorchArrays.view(store.get(name));
            t.set_requires_grad(true);
            params.put(name, t);
        }
        return t;
    }

    private Tensor buffer(String name) {
        return TorchArrays.view(store.get(name));
    }

    @Override
    public Tensor constant(INDArray value) {
        return TorchArrays.copy(value.castTo(store.dtype()));
    }

    @Override
    public Tensor input(String name, INDArray value) {
        // No copy when the array already has the right type and layout: libtorch reads ND4J's memory directly.
        INDArray v = value.dataType() == store.dtype() ? value : value.castTo(store.dtype());
        if (v.ordering() != 'c' || v.isView() || v.elementWiseStride() != 1) {
            v = v.dup('c');
        }
        keepAlive.put(name, v);
        return TorchArrays.view(v);
    }

    private static TensorOptional opt(@Nullable Tensor t) {
        return t == null ? new TensorOptional() : new TensorOptional(t);
    }

    @Override
    public Tensor conv2d(Tensor x, Tensor w, @Nullable Tensor b, int stride, int[] pad, int groups) {
        Tensor in = x;
        long ph = pad[0];
        long pw = pad[2];
        if (pad[0] != pad[1] || pad[2] != pad[3]) {
            in = torch.constant_pad_nd(x, pad[2], pad[3], pad[0], pad[1]); // (left, right, top, bottom)
            ph = 0;
            pw = 0;
        }
        return torch.conv2d(in, w, opt(b), new long[] {stride, stride}, new long[] {ph, pw}, new long[] {1, 1}, groups);
    }

    @Override
    public Tensor batchNorm(Tensor x, String name, double eps) {
        return torch.batch_norm(
                x,
                opt(param(name + ".weight")),
                opt(param(name + ".bias")),
                opt(buffer(name + ".running_mean")),
                opt(buffer(name + ".running_var")),
                training,
                0.1,
                eps,
                false);
    }

    @Override
    public Tensor relu(Tensor x) {
        return torch.relu(x);
    }

    @Override
    public Tensor sigmoid(Tensor x) {
        return torch.sigmoid(x);
    }

    @Override
    public Tensor silu(Tensor x) {
        return torch.silu(x);
    }

    @Override
    public Tensor maxPool(Tensor x, int kernel, int stride, int pad) {
        return torch.max_pool2d(
                x,
                new long[] {kernel, kernel},
                new long[] {stride, stride},
                new long[] {pad, pad},
                new long[] {1, 1},
                false);
    }

    @Override
    public Tensor globalAvgPool(Tensor x) {
        return x.mean(new long[] {2, 3}, false, new ScalarTypeOptional());
    }

    @Override
    public Tensor dropout(Tensor x, double p) {
        return training && p > 0 ? torch.dropout(x, p, true) : x;
    }

    @Override
    public Tensor linear(Tensor x, Tensor w, @Nullable Tensor b) {
        return torch.linear(x, w, opt(b));
    }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        return a.add(b);
    }

    @Override
    public Tensor mul(Tensor a, Tensor b) {
        return a.mul(b);
    }

    @Override
    public Tensor scaleChannels(Tensor x, Tensor g) {
        return x.mul(g.reshape(g.size(0), g.size(1), 1, 1));
    }

    @Override
    public Tensor mulScalar(Tensor x, double s) {
        return x.mul(new Scalar(s));
    }

    @Override
    public Tensor addScalar(Tensor x, double s) {
        return x.add(new Scalar(s));
    }

    @Override
    public Tensor matmul(Tensor a, Tensor b) {
        return a.mm(b);
    }

    @Override
    public Tensor matmulT(Tensor a, Tensor b) {
        return a.mm(b.t());
    }

    @Override
    public Tensor normalizeRows(Tensor x) {
        // no epsilon, as in the official code
        return x.div(
                x.mul(x).sum(new long[] {1}, true, new ScalarTypeOptional()).sqrt());
    }

    @Override
    public Tensor softmaxRows(Tensor x) {
        return torch.softmax(x, 1);
    }

    @Override
    public Tensor maskedLogSumExpRows(Tensor x, Tensor mask) {
        // the same formulation as the SameDiff layer (see SdOps): finite for empty rows, no overflow for any τ
        Tensor pushed = x.add(mask.sub(new Scalar(1.0)).mul(new Scalar(1e4)));
        Tensor m = pushed.amax(new long[] {1}, true);
        Tensor sum = torch.exp(pushed.sub(m))
                .mul(mask)
                .sum(new long[] {1}, true, new ScalarTypeOptional())
                .add(new Scalar(1e-30));
        return m.add(torch.log(sum)).reshape(-1);
    }

    @Override
    public Tensor logSoftmaxRows(Tensor x) {
        return torch.log_softmax(x, 1);
    }

    @Override
    public Tensor sumRows(Tensor x) {
        return x.sum(new long[] {1}, false, new ScalarTypeOptional());
    }

    @Override
    public Tensor sum(Tensor x) {
        return x.sum();
    }

    @Override
    public Tensor mean(Tensor x) {
        return x.mean();
    }

    @Override
    public Tensor reshape(Tensor x, long... shape) {
        return x.reshape(shape);
    }

    @Override
    public boolean training() {
        return training;
    }
}
