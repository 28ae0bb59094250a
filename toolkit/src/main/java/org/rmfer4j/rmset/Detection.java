package org.rmfer4j.rmset;

/**
 * A detected face box in image pixels with the detector's confidence (for the Haar cascade, the number of
 * neighbouring raw detections that support it).
 */
public record Detection(int x, int y, int w, int h, double confidence) {
    /** Intersection over union with another box. */
    public double iou(int ox, int oy, int ow, int oh) {
        return box().iou(new Box(ox, oy, ow, oh));
    }

    /** The box without the confidence. */
    public Box box() {
        return new Box(x, y, w, h);
    }

    public double iou(Detection o) {
        return box().iou(o.box());
    }
}
