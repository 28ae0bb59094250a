package org.rmfer4j.core;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A full-disk drill: while one is open, every file the toolkit writes through {@link AtomicFiles} under its folder
 * shares a budget of bytes, and the write that exceeds it fails exactly as the kernel fails it, with
 * {@code IOException("No space left on device")} after writing what fitted. It lets tests (and a user checking their
 * own set-up) see what a full disk does to an RMset, a checkpoint or a log without root, a small file system or
 * timing luck. Files written by native code (FFmpeg's video writer) are not covered.
 *
 * <pre>{@code
 * try (var drill = FullDiskDrill.start(rmsetDir, 4096)) {
 *     builder.build(progress);   // fails: "no space left on device: could not write .../index.csv ..."
 * }
 * }</pre>
 */
public final class FullDiskDrill implements AutoCloseable {
    private static final Map<Path, AtomicLong> BUDGETS = new ConcurrentHashMap<>();
    private final Path dir;

    private FullDiskDrill(Path dir) {
        this.dir = dir;
    }

    /** Starts a drill: from now on only {@code bytesLeft} more bytes fit under {@code dir}. */
    public static FullDiskDrill start(Path dir, long bytesLeft) {
        Path key = dir.toAbsolutePath().normalize();
        if (BUDGETS.putIfAbsent(key, new AtomicLong(bytesLeft)) != null) {
            throw new RmferException("A full-disk drill is already running on " + key);
        }
        return new FullDiskDrill(key);
    }

    /** Bytes still free in this drill (negative once a write has been refused). */
    public long bytesLeft() {
        AtomicLong left = BUDGETS.get(dir);
        return left == null ? 0 : left.get();
    }

    @Override
    public void close() {
        BUDGETS.remove(dir);
    }

    /** {@code out} itself, or, under a drill, a stream that fails once the drill's budget is spent. */
    static OutputStream guard(Path target, OutputStream out) {
        if (BUDGETS.isEmpty()) {
            return out;
        }
        Path t = target.toAbsolutePath().normalize();
        for (Map.Entry<Path, AtomicLong> e : BUDGETS.entrySet()) {
            if (t.startsWith(e.getKey())) {
                return new Limited(out, e.getValue());
            }
        }
        return out;
    }

    private static final class Limited extends FilterOutputStream {
        private final AtomicLong left;

        Limited(OutputStream out, AtomicLong left) {
            super(out);
            this.left = left;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            long before = left.getAndAdd(-len);
            if (before >= len) {
                out.write(b, off, len);
                return;
            }
            int fits = (int) Math.max(0, before);
            out.write(b, off, fits);
            throw new IOException("No space left on device");
        }
    }
}
