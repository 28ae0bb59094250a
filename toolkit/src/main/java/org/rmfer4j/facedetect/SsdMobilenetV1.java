package org.rmfer4j.facedetect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorOptional;
import org.bytedeco.pytorch.global.torch;

/**
 * SSD with a MobileNet-v1 backbone (Howard et al. 2017; Liu et al. 2016), as TensorFlow's object-detection API builds it
 * and face-api trained it for faces: a 512×512 input scaled to [-1, 1]; MobileNet-v1 (a 3×3 convolution, then 13
 * depthwise-separable blocks, stride 2 at blocks 2, 4, 6, 12; ReLU6; batch norm folded into the pointwise offsets
 * except after the depthwise convolutions); four extra stride-2 stages; box predictors on six feature maps (32², 16², 8²,
 * 4², 2², 1²: 3 anchors per cell on the first, 6 on the others, 5,118 in all). The anchors are the file's
 * {@code Output/extra_dim} (ymin, xmin, ymax, xmax); box encodings are TF's (ty, tx, th, tw) with scales 10, 10, 5, 5;
 * class 1 of each anchor's three logits is the face, scored by a sigmoid. NMS at IoU 0.5, the package's value.
 */
final class SsdMobilenetV1 implements FaceNet {
    static final int SIZE = 512;
    static final int ANCHORS = 5118;
    private static final double BN_EPS = 0.0010000000474974513;
    private static final int[] BLOCK_OUT = {64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024};
    private static final int[] EXTRA_OUT = {256, 512, 128, 256, 128, 256, 64, 128};
    private static final int[] PREDICTOR_IN = {512, 1024, 512, 256, 256, 128};

    private record Block(
            Tensor depthwise,
            Tensor mean,
            Tensor var,
            Tensor gamma,
            Tensor beta,
            Tensor pointwise,
            Tensor offset,
            int stride) {}

    private record Conv(Tensor w, Tensor b, int k, int stride) {}

    private final Conv stem;
    private final List<Block> blocks = new ArrayList<>();
    private final List<Conv> extras = new ArrayList<>();
    private final List<Conv> boxPredictors = new ArrayList<>();
    private final List<Conv> classPredictors = new ArrayList<>();
    private final float[] anchors;

    SsdMobilenetV1(Map<String, TfjsWeights.Tensor> weights) {
        TfLayers w = new TfLayers("SSD-MobileNet-v1", weights);
        stem = new Conv(
                w.conv("MobilenetV1/Conv2d_0_pointwise/weights", 3, 3, 32),
                w.vector("MobilenetV1/Conv2d_0_pointwise/convolution_bn_offset", 32),
                3,
                2);
        int in = 32;
        for (int i = 1; i <= 13; i++) {
            String d = "MobilenetV1/Conv2d_" + i + "_depthwise/";
            String p = "MobilenetV1/Conv2d_" + i + "_pointwise/";
            int out = BLOCK_OUT[i - 1];
            blocks.add(new Block(
                    w.depthwise(d + "depthwise_weights", 3, in),
                    w.vector(d + "BatchNorm/moving_mean", in),
                    w.vector(d + "BatchNorm/moving_variance", in),
                    w.vector(d + "BatchNorm/gamma", in),
                    w.vector(d + "BatchNorm/beta", in),
                    w.conv(p + "weights", 1, in, out),
                    w.vector(p + "convolution_bn_offset", out),
                    i == 2 || i == 4 || i == 6 || i == 12 ? 2 : 1));
            in = out;
        }
        for (int j = 0; j < 8; j++) {
            String p = "Prediction/Conv2d_" + j + "_pointwise/";
            int k = j % 2 == 0 ? 1 : 3;
            extras.add(new Conv(
                    w.conv(p + "weights", k, in, EXTRA_OUT[j]),
                    w.vector(p + "convolution_bn_offset", EXTRA_OUT[j]),
                    k,
                    j % 2 == 0 ? 1 : 2));
            in = EXTRA_OUT[j];
        }
        for (int k = 0; k < 6; k++) {
            String p = "Prediction/BoxPredictor_" + k + "/";
            int perCell = k == 0 ? 3 : 6;
            boxPredictors.add(new Conv(
                    w.conv(p + "BoxEncodingPredictor/weights", 1, PREDICTOR_IN[k], 4 * perCell),
                    w.vector(p + "BoxEncodingPredictor/biases", 4 * perCell),
                    1,
                    1));
            classPredictors.add(new Conv(
                    w.conv(p + "ClassPredictor/weights", 1, PREDICTOR_IN[k], 3 * perCell),
                    w.vector(p + "ClassPredictor/biases", 3 * perCell),
                    1,
                    1));
        }
        anchors = w.get("Output/extra_dim", 1, ANCHORS, 4).values();
    }

    @Override
    public int inputSize() {
        return SIZE;
    }

    @Override
    public float scale() {
        return 1f / 127.5f;
    }

    @Override
    public float offset(int channel) {
        return -1f;
    }

    @Override
    public double nmsIou() {
        return 0.5;
    }

    private static Tensor conv(Tensor x, Conv c) {
        return TfLayers.relu6(TfLayers.conv2d(TfLayers.padSame(x, c.k(), c.stride()), c.w(), c.b(), c.stride(), 1));
    }

    @Override
    public List<Candidate> candidates(Tensor input, double minScore) {
        Tensor x = conv(input, stem);
        List<Tensor> maps = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            x = TfLayers.conv2d(TfLayers.padSame(x, 3, b.stride()), b.depthwise(), b.stride(), (int) x.size(1));
            x = TfLayers.relu6(torch.batch_norm(
                    x, opt(b.gamma()), opt(b.beta()), opt(b.mean()), opt(b.var()), false, 0.0, BN_EPS, false));
            x = TfLayers.relu6(TfLayers.conv2d(x, b.pointwise(), b.offset(), 1, 1));
            if (i == 10) {
                maps.add(x); // block 11: the 32×32 map
            }
        }
        maps.add(x);
        Tensor y = x;
        for (int j = 0; j < extras.size(); j++) {
            y = conv(y, extras.get(j));
            if (j % 2 == 1) {
                maps.add(y);
            }
        }
        float[] enc = new float[ANCHORS * 4];
        float[] cls = new float[ANCHORS * 3];
        int at = 0;
        for (int k = 0; k < 6; k++) {
            Tensor m = maps.get(k);
            int n = read(
                    TfLayers.conv2d(
                            m, boxPredictors.get(k).w(), boxPredictors.get(k).b(), 1, 1),
                    enc,
                    at * 4);
            read(
                    TfLayers.conv2d(
                            m,
                            classPredictors.get(k).w(),
                            classPredictors.get(k).b(),
                            1,
                            1),
                    cls,
                    at * 3);
            at += n / 4;
        }
        return decode(enc, cls, minScore);
    }

    /** Copies an NCHW prediction into NHWC order (cell-major, then anchor, then value); returns the values copied. */
    private static int read(Tensor t, float[] out, int offset) {
        Tensor nhwc = t.permute(0, 2, 3, 1).contiguous();
        int n = (int) nhwc.numel();
        FloatPointer p = nhwc.data_ptr_float();
        p.capacity(n).get(out, offset, n);
        return n;
    }

    private List<Candidate> decode(float[] enc, float[] cls, double minScore) {
        List<Candidate> out = new ArrayList<>();
        for (int a = 0; a < ANCHORS; a++) {
            double score = 1 / (1 + Math.exp(-cls[3 * a + 1]));
            if (score <= minScore) {
                continue;
            }
            double ay0 = anchors[4 * a];
            double ax0 = anchors[4 * a + 1];
            double ah = anchors[4 * a + 2] - ay0;
            double aw = anchors[4 * a + 3] - ax0;
            double cy = enc[4 * a] / 10.0 * ah + ay0 + ah / 2;
            double cx = enc[4 * a + 1] / 10.0 * aw + ax0 + aw / 2;
            double h = Math.exp(enc[4 * a + 2] / 5.0) * ah;
            double w = Math.exp(enc[4 * a + 3] / 5.0) * aw;
            out.add(new Candidate(score, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2));
        }
        return out;
    }

    private static TensorOptional opt(Tensor t) {
        return new TensorOptional(t);
    }

    @Override
    public void close() {
        // the weights' native memory is released with the tensors (JavaCPP's deallocators)
    }
}
