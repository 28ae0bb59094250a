package org.rmfer4j.rmset;

/** An axis-aligned rectangle in frame pixels. */
public record Box(int x, int y, int w, int h) implements java.io.Serializable {
    /** Area of the overlap with another box. */
    public double intersection(Box o) {
        int ix = Math.max(0, Math.min(x + w, o.x + o.w) - Math.max(x, o.x));
        int iy = Math.max(0, Math.min(y + h, o.y + o.h) - Math.max(y, o.y));
        return (double) ix * iy;
    }

    public double area() {
        return (double) w * h;
    }

    /** Intersection over union. */
    public double iou(Box o) {
        double inter = intersection(o);
        double union = area() + o.area() - inter;
        return union <= 0 ? 0 : inter / union;
    }

    public static Box of(Detection d) {
        return new Box(d.x(), d.y(), d.w(), d.h());
    }

    /** True if this box lies fully inside a width × height frame. */
    public boolean inside(int width, int height) {
        return x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= width && y + h <= height;
    }

    /**
     * The paper's crop transform (Sec. 3, Step 4): widen by Δw = 0.31·w around the centre, keep the height, then clip
     * to the frame.
     */
    public Box widenForCrop(double widening, int width, int height) {
        double cx = x + w / 2.0;
        double nw = w * (1 + widening);
        int nx = (int) Math.round(cx - nw / 2);
        int x0 = Math.max(0, nx);
        int x1 = Math.min(width, (int) Math.round(nx + nw));
        int y0 = Math.max(0, y);
        int y1 = Math.min(height, y + h);
        return new Box(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
    }
}
