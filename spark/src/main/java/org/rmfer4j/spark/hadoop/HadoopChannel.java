package org.rmfer4j.spark.hadoop;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * A read-only seekable channel on a Hadoop file: positioned reads ({@code PositionedReadable}), so a shard member is
 * one read at its offset, as on a local file.
 */
final class HadoopChannel implements SeekableByteChannel {
    private final HadoopPath path;
    private final FSDataInputStream in;
    private final long size;
    private final byte[] chunk = new byte[1 << 16];
    private long position;
    private boolean open = true;

    HadoopChannel(HadoopPath path, FSDataInputStream in, long size) {
        this.path = path;
        this.in = in;
        this.size = size;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (position >= size) {
            return -1;
        }
        int want = (int) Math.min(dst.remaining(), size - position);
        int n;
        if (dst.hasArray()) {
            n = in.read(position, dst.array(), dst.arrayOffset() + dst.position(), want);
            if (n > 0) {
                dst.position(dst.position() + n);
            }
        } else {
            n = in.read(position, chunk, 0, Math.min(want, chunk.length));
            if (n > 0) {
                dst.put(chunk, 0, n);
            }
        }
        if (n < 0) {
            throw new IOException(path + " ended at byte " + position + " although its status says " + size);
        }
        position += n;
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public SeekableByteChannel position(long p) throws IOException {
        ensureOpen();
        if (p < 0) {
            throw new IllegalArgumentException("negative position " + p + " in " + path);
        }
        position = p;
        return this;
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return size;
    }

    @Override
    public SeekableByteChannel truncate(long s) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        if (open) {
            open = false;
            in.close();
        }
    }

    private void ensureOpen() throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }
}
