package org.rmfer4j.rmset;

import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.FfmpegLog;
import org.rmfer4j.core.RmferException;

/**
 * Decodes a video on its own thread and hands every {@code every}-th frame, as an owned BGR {@link Mat}, to the
 * caller through a short queue, so decoding the next frames overlaps detecting faces in this one. Frames that are not
 * sampled are decoded (the codec needs them) but not converted to pixels. Frames arrive in order, so the result does not
 * depend on timing. {@link #close()} stops the thread, frees queued frames and closes the grabber; a decoding error
 * surfaces from {@link #next()} as an {@link RmferException} naming the file and frame.
 */
final class FrameSource implements AutoCloseable {
    /** One sampled frame: its number in the video and its pixels, which the receiver must close. */
    record Sampled(int index, Mat bgr) {}

    /** Frames decoded ahead at most: bounds memory (3 × 6 MB at 1080p) while keeping the decoder busy. */
    private static final int AHEAD = 3;

    private static final Object END = new Object();

    private final Path file;
    private final FFmpegFrameGrabber grabber;
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(AHEAD);
    private final Thread decoder;
    private volatile boolean stopped;
    private volatile int framesDecoded;
    private boolean finished;

    private FrameSource(
            Path file, FFmpegFrameGrabber grabber, int every, int start, int first, int end, AtomicLong decoded) {
        this.file = file;
        this.grabber = grabber;
        this.framesDecoded = start; // the frames before a seek count as decoded: the truncation check needs the total
        this.decoder =
                new Thread(() -> decodeLoop(every, start, first, end, decoded), "rmset-decode-" + file.getFileName());
        decoder.setDaemon(true);
        decoder.start();
    }

    /** Opens and starts decoding; an unreadable or streamless file is an error naming it. */
    static FrameSource open(Path file, int every, AtomicLong decoded) {
        return open(file, every, 0, Integer.MAX_VALUE, decoded);
    }

    /**
     * Like {@link #open(Path, int, AtomicLong)}, for the frames {@code [first, end)} only (a segment). The decoder
     * seeks to {@code first} (FFmpeg lands on the key frame before it, then decodes forward to the frame); where the
     * container cannot land exactly on {@code first} (the grabber reports another frame number, or the seek fails),
     * the video is opened again and the frames before {@code first} are decoded without being converted. Decoding
     * stops at {@code end}.
     */
    static FrameSource open(Path file, int every, int first, int end, AtomicLong decoded) {
        FFmpegFrameGrabber grabber = startGrabber(file);
        int start = 0;
        if (first > 0) {
            boolean landed;
            try {
                grabber.setVideoFrameNumber(first);
                landed = grabber.getFrameNumber() == first;
            } catch (FrameGrabber.Exception | RuntimeException e) {
                landed = false;
            }
            if (landed) {
                start = first;
            } else {
                closeQuietly(grabber);
                grabber = startGrabber(file);
            }
        }
        return new FrameSource(file, grabber, every, start, first, end, decoded);
    }

    private static FFmpegFrameGrabber startGrabber(Path file) {
        FfmpegLog.quiet();
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        // FFmpeg's frame threads default to every core, but the detector needs them too: half the cores for decoding
        // was 7-8% faster on 2 cores (one decoder thread; bench/NOTES.md)
        grabber.setVideoOption(
                "threads", String.valueOf(Math.max(1, Runtime.getRuntime().availableProcessors() / 2)));
        try {
            grabber.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            closeQuietly(grabber);
            throw new RmferException("Video " + file + " cannot be opened or decoded: " + e.getMessage(), e);
        }
        if (grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
            closeQuietly(grabber);
            throw new RmferException("Video " + file + " has no video stream");
        }
        return grabber;
    }

    int width() {
        return grabber.getImageWidth();
    }

    int height() {
        return grabber.getImageHeight();
    }

    /** The container's frame count (an estimate; 0 or less when unknown). */
    int lengthInFrames() {
        return grabber.getLengthInFrames();
    }

    /** Frames decoded so far (all of them, sampled or not); the video's length once {@link #next()} returned null. */
    int framesDecoded() {
        return framesDecoded;
    }

    /** The next sampled frame, or {@code null} at the end of the video. */
    @Nullable
    Sampled next() {
        if (finished) {
            return null;
        }
        Object o;
        try {
            o = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RmferException("Interrupted while decoding " + file, e);
        }
        if (o == END) {
            finished = true;
            return null;
        }
        if (o instanceof RmferException e) {
            finished = true;
            throw e;
        }
        return (Sampled) o;
    }

    private void decodeLoop(int every, int start, int first, int end, AtomicLong decoded) {
        int index = start;
        try (OpenCVFrameConverter.ToMat toMat = new OpenCVFrameConverter.ToMat()) {
            while (!stopped) {
                if (index >= end) {
                    offer(END);
                    return;
                }
                boolean sample = index % every == 0 && index >= first;
                Frame frame;
                try {
                    // doProcessing = false skips the pixel-format conversion of frames nobody looks at
                    frame = grabber.grabFrame(false, true, sample, false, false);
                } catch (FrameGrabber.Exception | RuntimeException e) {
                    offer(new RmferException(
                            "Video " + file + " is corrupt or truncated at frame " + index + ": " + e.getMessage(), e));
                    return;
                }
                if (frame == null) {
                    offer(END);
                    return;
                }
                decoded.incrementAndGet();
                framesDecoded++;
                if (sample) {
                    Mat view = toMat.convert(frame);
                    Mat owned = view.clone(); // the grabber reuses its buffer for the next frame
                    if (!offer(new Sampled(index, owned))) {
                        owned.close();
                        return;
                    }
                }
                index++;
            }
        } catch (RuntimeException e) {
            offer(new RmferException("Decoding " + file + " failed at frame " + index + ": " + e, e));
        }
    }

    /** Blocks until there is room, unless the source is being closed; false when it was. */
    private boolean offer(Object o) {
        try {
            while (!stopped) {
                if (queue.offer(o, 100, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    @Override
    public void close() {
        stopped = true;
        boolean interrupted = false;
        while (decoder.isAlive()) {
            drain();
            try {
                decoder.join(100);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        drain();
        closeQuietly(grabber);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain() {
        Object o;
        while ((o = queue.poll()) != null) {
            if (o instanceof Sampled s) {
                s.bgr().close();
            }
        }
    }

    private static void closeQuietly(FFmpegFrameGrabber g) {
        try {
            g.stop();
        } catch (FrameGrabber.Exception | RuntimeException ignored) {
            // closing after a failure: the failure is what gets reported
        }
        try {
            g.close();
        } catch (FrameGrabber.Exception | RuntimeException ignored) {
            // as above
        }
    }
}
