package org.rmfer4j.rmset;

import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Size;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.RmferException;

/**
 * Cuts, resizes, JPEG-encodes and writes face crops (paper Step 4's output). The cut and resize happen on the caller's
 * thread (a small copy, so the frame can be freed at once); encoding and writing happen on a thread of their own, which
 * overlaps them with detection in the next frame. Encoding and file creation were a third of a sampled frame's time at
 * 720p with 12 faces (bench/NOTES.md, RMset section). The queue is short, so memory stays bounded
 * ({@value #QUEUE} crops of cropSize² × 3 bytes). An error in the writer surfaces from the next {@link #write} or from
 * {@link #finish}, naming the crop. {@link #close} stops the thread and frees what is queued.
 */
final class CropWriter implements AutoCloseable {
    /** JPEG quality of the crops (OpenCV's default is 95; 90 keeps files about a third smaller with no visible loss). */
    static final int JPEG_QUALITY = 90;

    private static final int QUEUE = 48;

    private record Job(@Nullable Mat pixels, @Nullable Path target) {}

    private static final Job END = new Job(null, null);

    private final Size dims;
    private final BlockingQueue<Job> queue = new ArrayBlockingQueue<>(QUEUE);
    private final @Nullable Thread thread;
    private final IntPointer jpeg = new IntPointer(opencv_imgcodecs.IMWRITE_JPEG_QUALITY, JPEG_QUALITY);
    private volatile @Nullable Throwable failure;
    private boolean finished;

    /**
     * @param cropSize   side of the saved crops in pixels
     * @param background encode and write on a thread of its own ({@code false}: on the caller's thread)
     * @param name       the video, for the thread's name
     */
    CropWriter(int cropSize, boolean background, String name) {
        this.dims = new Size(cropSize, cropSize);
        if (background) {
            thread = new Thread(this::loop, "rmset-crops-" + name);
            thread.setDaemon(true);
            thread.start();
        } else {
            thread = null;
        }
    }

    /**
     * Cuts {@code crop} (inside the frame) out of {@code bgr}, resizes it to cropSize² (area averaging when shrinking,
     * bilinear when enlarging) and writes it as JPEG to {@code target}, now or soon.
     */
    void write(Mat bgr, Box crop, Path target) {
        rethrow();
        Mat resized = new Mat();
        try (Rect r = new Rect(crop.x(), crop.y(), crop.w(), crop.h());
                Mat face = new Mat(bgr, r)) {
            boolean shrink = crop.w() > dims.width() && crop.h() > dims.height();
            opencv_imgproc.resize(
                    face, resized, dims, 0, 0, shrink ? opencv_imgproc.INTER_AREA : opencv_imgproc.INTER_LINEAR);
        } catch (RuntimeException e) {
            resized.close();
            throw e;
        }
        if (thread == null) {
            try (resized) {
                encodeAndWrite(resized, target);
            }
            return;
        }
        try {
            queue.put(new Job(resized, target));
        } catch (InterruptedException e) {
            resized.close();
            Thread.currentThread().interrupt();
            throw new RmferException("Interrupted while writing the crop " + target.getFileName(), e);
        }
    }

    /** Waits until every crop is on disk; rethrows the writer's first error. */
    void finish() {
        if (thread != null && !finished) {
            finished = true;
            try {
                queue.put(END);
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RmferException("Interrupted while waiting for the crops to be written", e);
            }
        }
        rethrow();
    }

    private void rethrow() {
        Throwable t = failure;
        if (t instanceof RmferException r) {
            throw r;
        }
        if (t != null) {
            throw new RmferException("Writing a crop failed: " + t, t);
        }
    }

    private void loop() {
        while (true) {
            Job job;
            try {
                job = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (job == END || job.pixels() == null || job.target() == null) {
                return;
            }
            try (Mat m = job.pixels()) {
                if (failure == null) {
                    encodeAndWrite(m, job.target());
                }
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                }
            }
        }
    }

    /** Encoded in memory and written through Java, so any path the JVM can write works. */
    private void encodeAndWrite(Mat resized, Path target) {
        try (BytePointer buf = new BytePointer()) {
            if (!opencv_imgcodecs.imencode(".jpg", resized, buf, jpeg)) {
                throw new RmferException("OpenCV could not encode the crop " + target.getFileName() + " as JPEG");
            }
            byte[] bytes = new byte[(int) buf.limit()];
            buf.get(bytes);
            AtomicFiles.writeInStaging(target, bytes); // the video's private folder is renamed when complete
        }
    }

    /** Stops the writer (without waiting for the queue: call {@link #finish} first to keep the crops) and frees memory. */
    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Job j;
            while ((j = queue.poll()) != null) {
                if (j.pixels() != null) {
                    j.pixels().close();
                }
            }
        }
        jpeg.close();
        dims.close();
    }
}
