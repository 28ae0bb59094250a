package org.rmfer4j.facedetect;

import java.util.List;
import org.bytedeco.pytorch.Tensor;

/**
 * A face-detection network of the face-api package: a square RGB input of {@link #inputSize()} pixels (the image scaled
 * to fit, padded at the bottom and right with black), normalised per channel, and raw candidates out, before
 * non-maximum suppression.
 */
sealed interface FaceNet extends AutoCloseable permits SsdMobilenetV1, TinyFaceNet {
    /** A candidate box in the square input's coordinates (0..1), with its face score. */
    record Candidate(double score, double x0, double y0, double x1, double y1) {
        double area() {
            return Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
        }

        double iou(Candidate o) {
            double iw = Math.min(x1, o.x1) - Math.max(x0, o.x0);
            double ih = Math.min(y1, o.y1) - Math.max(y0, o.y0);
            if (iw <= 0 || ih <= 0) {
                return 0;
            }
            double inter = iw * ih;
            return inter / (area() + o.area() - inter);
        }
    }

    int inputSize();

    /** Input value of an 8-bit channel value v of channel c (0 = R): {@code v * scale() + offset(c)}. */
    float scale();

    float offset(int channel);

    /** Two boxes overlapping more than this are one face (the package's value for the network). */
    double nmsIou();

    /** Candidates scoring above {@code minScore}, from a [1, 3, S, S] input. */
    List<Candidate> candidates(Tensor input, double minScore);

    @Override
    void close();
}
