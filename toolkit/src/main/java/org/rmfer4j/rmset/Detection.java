package org.rmfer4j.rmset;

/**
 * A detected face box in image pixels with the detector's confidence (for the Haar cascade, the number of
 * neighbouring raw detections that support it).
 */
public record Detection(int x, int y, int w, int h, double confidence) {
    /** Intersection over union with another box. */
    public double iou(int ox, int oy, int ow, int oh) {
        int ix = Math.max(0, Math.min(x + w, ox + ow) - Math.max(x, ox));
        int iy = Math.max(0, Math.min(y + h, oy + oh) - Math.max(y, oy));
        double inter = (double) ix * iy;
        double union = (double) w * h + (double) ow * oh - inter;
        return union <= 0 ? 0 : inter / union;
    }

    public double iou(Detection o) {
        return iou(o.x, o.y, o.w, o.h);
    }
}
