package org.rmfer4j.facedetect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * face-api's tiny face detector: Tiny-YOLOv2 (Redmon and Farhadi 2017) with depthwise-separable convolutions, one class.
 * A 416×416 input, mean-subtracted (117.001, 114.697, 97.404) and divided by 255; a 3×3 convolution without padding,
 * then five separable blocks (3×3 depthwise with one pixel of zero padding, 1×1 pointwise, bias, leaky ReLU 0.1), each
 * layer followed by 2×2 max pooling (stride 2, the last stride 1, TF 'same'); a 1×1 convolution to 5 anchors × (x, y, w,
 * h, score) per cell of the 13×13 grid. A box is ((col + σ(tx)) / 13, (row + σ(ty)) / 13) with size (e^tw · aw / 13,
 * e^th · ah / 13); the score is σ(t). NMS at IoU 0.4, the package's value.
 */
final class TinyFaceNet implements FaceNet {
    static final int SIZE = 416;
    private static final double[][] ANCHORS = {
        {1.603231, 2.094468}, {6.041143, 7.080126}, {2.882459, 3.518061}, {4.266906, 5.178857}, {9.041765, 10.66308}
    };
    private static final float[] MEAN_RGB = {117.001f, 114.697f, 97.404f};
    private static final int[] CHANNELS = {16, 32, 64, 128, 256, 512};

    private final Tensor stemW;
    private final Tensor stemB;
    private final List<Tensor[]> blocks = new ArrayList<>(); // depthwise, pointwise, bias
    private final Tensor headW;
    private final Tensor headB;

    TinyFaceNet(Map<String, TfjsWeights.Tensor> weights) {
        TfLayers w = new TfLayers("tiny face detector", weights);
        stemW = w.conv("conv0/filters", 3, 3, 16);
        stemB = w.vector("conv0/bias", 16);
        for (int k = 1; k <= 5; k++) {
            int in = CHANNELS[k - 1];
            int out = CHANNELS[k];
            blocks.add(new Tensor[] {
                w.depthwise("conv" + k + "/depthwise_filter", 3, in),
                w.conv("conv" + k + "/pointwise_filter", 1, in, out),
                w.vector("conv" + k + "/bias", out)
            });
        }
        headW = w.conv("conv8/filters", 1, 512, 25);
        headB = w.vector("conv8/bias", 25);
    }

    @Override
    public int inputSize() {
        return SIZE;
    }

    @Override
    public float scale() {
        return 1f / 255f;
    }

    @Override
    public float offset(int channel) {
        return -MEAN_RGB[channel] / 255f;
    }

    @Override
    public double nmsIou() {
        return 0.4;
    }

    private static Tensor leaky(Tensor x) {
        return torch.leaky_relu(x, new Scalar(0.10000000149011612));
    }

    @Override
    public List<Candidate> candidates(Tensor input, double minScore) {
        Tensor x = leaky(TfLayers.conv2d(input, stemW, stemB, 1, 1));
        x = TfLayers.maxPoolSame(x, 2, 2);
        for (int k = 0; k < blocks.size(); k++) {
            Tensor[] b = blocks.get(k);
            x = TfLayers.conv2d(torch.constant_pad_nd(x, 1, 1, 1, 1), b[0], 1, (int) x.size(1));
            x = leaky(TfLayers.conv2d(x, b[1], b[2], 1, 1));
            x = TfLayers.maxPoolSame(x, 2, k < 4 ? 2 : 1);
        }
        Tensor out = TfLayers.conv2d(x, headW, headB, 1, 1).permute(0, 2, 3, 1).contiguous(); // [1, n, n, 25]
        int cells = (int) out.size(1);
        float[] v = new float[(int) out.numel()];
        FloatPointer p = out.data_ptr_float();
        p.capacity(v.length).get(v);
        List<Candidate> found = new ArrayList<>();
        for (int row = 0; row < cells; row++) {
            for (int col = 0; col < cells; col++) {
                for (int a = 0; a < ANCHORS.length; a++) {
                    int at = ((row * cells + col) * ANCHORS.length + a) * 5;
                    double score = sigmoid(v[at + 4]);
                    if (score <= minScore) {
                        continue;
                    }
                    double cx = (col + sigmoid(v[at])) / cells;
                    double cy = (row + sigmoid(v[at + 1])) / cells;
                    double w = Math.exp(v[at + 2]) * ANCHORS[a][0] / cells;
                    double h = Math.exp(v[at + 3]) * ANCHORS[a][1] / cells;
                    found.add(new Candidate(score, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2));
                }
            }
        }
        return found;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Override
    public void close() {
        // the weights' native memory is released with the tensors (JavaCPP's deallocators)
    }
}
