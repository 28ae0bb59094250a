package org.rmfer4j.rmset;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.rmfer4j.core.AtomicFiles;
import org.rmfer4j.core.RmferException;

/**
 * A video's crops in one file instead of one file per face: a POSIX (ustar) tar archive, {@code <video>/crops.tar},
 * readable by any tar tool. The paper's RMset is 45.7 million faces; as files that is 45.7 million inodes and, on a
 * 4 KiB-block file system, a block per ~3 KB crop; as shards it is 216 files. The index names a member as
 * {@code <video>/crops.tar#<crop>.jpg}. Members are located once per shard by walking the 512-byte headers (no
 * decompression: the JPEGs are stored as they are) and read with one positioned read each. Read defensively: member
 * names are plain file names, sizes are checked against the file before anything is read.
 */
public final class CropShard {
    /** The shard's file name in a video's folder. */
    public static final String FILE = "crops.tar";

    /** What separates the shard from the member in an index row's file path. */
    public static final String MEMBER = "#";

    private static final int BLOCK = 512;
    private static final long MAX_MEMBER = 64L << 20;
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");
    private static final Map<Path, Table> MEMBERS = new ConcurrentHashMap<>();

    /** A shard's member table with the file's size and time when it was read (a rebuilt shard is read again). */
    private record Table(long size, long modified, Map<String, long[]> members) {}

    private CropShard() {}

    /** Whether an index file path names a shard member. */
    public static boolean isMember(String filePath) {
        return filePath.contains(".tar" + MEMBER);
    }

    /**
     * Packs files of {@code folder} into {@code folder/crops.tar} (atomically: the archive appears whole or not at
     * all), in the given order, then deletes them.
     */
    public static Path pack(Path folder, List<String> names) {
        Path tar = folder.resolve(FILE);
        AtomicFiles.write(tar, out -> {
            byte[] header = new byte[BLOCK];
            for (String name : names) {
                if (!PLAIN.matcher(name).matches()) {
                    throw new RmferException(
                            "crop name '" + name + "' is not a plain file name of at most 100 characters");
                }
                byte[] data = Files.readAllBytes(folder.resolve(name));
                header(header, name, data.length);
                out.write(header);
                out.write(data);
                out.write(new byte[(BLOCK - data.length % BLOCK) % BLOCK]);
            }
            out.write(new byte[2 * BLOCK]); // end of archive
        });
        for (String name : names) {
            try {
                Files.delete(folder.resolve(name));
            } catch (IOException e) {
                throw AtomicFiles.failure("delete the packed crop", folder.resolve(name), e);
            }
        }
        return tar;
    }

    private static void header(byte[] h, String name, long size) {
        Arrays.fill(h, (byte) 0);
        put(h, 0, name.getBytes(StandardCharsets.US_ASCII));
        put(h, 100, octal(0644, 7));
        put(h, 108, octal(0, 7));
        put(h, 116, octal(0, 7));
        put(h, 124, octal(size, 11));
        put(h, 136, octal(0, 11)); // mtime 0: the same crops give the same bytes
        h[156] = '0';
        put(h, 257, "ustar\0".getBytes(StandardCharsets.US_ASCII));
        put(h, 263, "00".getBytes(StandardCharsets.US_ASCII));
        Arrays.fill(h, 148, 156, (byte) ' ');
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xFF;
        }
        put(h, 148, octal(sum, 6));
        h[154] = 0;
        h[155] = ' ';
    }

    private static byte[] octal(long v, int digits) {
        String s = Long.toOctalString(v);
        if (s.length() > digits) {
            throw new RmferException("tar field overflow: " + v);
        }
        return ("0".repeat(digits - s.length()) + s).getBytes(StandardCharsets.US_ASCII);
    }

    private static void put(byte[] h, int at, byte[] v) {
        System.arraycopy(v, 0, h, at, v.length);
    }

    /** The bytes of one member. Errors name the shard and the member. */
    public static byte[] read(Path tar, String member) {
        long[] at = members(tar).get(member);
        if (at == null) {
            throw new RmferException("RMset shard " + tar + " has no crop '" + member + "'");
        }
        try (SeekableByteChannel f = Files.newByteChannel(tar)) {
            byte[] b = new byte[(int) at[1]];
            readFully(f, at[0], b, tar);
            return b;
        } catch (IOException e) {
            throw new RmferException("Could not read crop '" + member + "' of " + tar + ": " + e.getMessage(), e);
        }
    }

    /** Member name to (offset, size), read once per shard (and again when the file changed). */
    static Map<String, long[]> members(Path tar) {
        Path key = tar.toAbsolutePath().normalize();
        long size;
        long modified;
        try {
            size = Files.size(key);
            modified = Files.getLastModifiedTime(key).toMillis();
        } catch (IOException e) {
            throw new RmferException("The RMset shard " + tar + " is missing or unreadable: " + e.getMessage(), e);
        }
        Table t = MEMBERS.get(key);
        if (t == null || t.size() != size || t.modified() != modified) {
            t = new Table(size, modified, scan(key));
            MEMBERS.put(key, t);
        }
        return t.members();
    }

    private static Map<String, long[]> scan(Path tar) {
        Map<String, long[]> out = new LinkedHashMap<>();
        try (SeekableByteChannel f = Files.newByteChannel(tar)) {
            long length = f.size();
            long pos = 0;
            byte[] h = new byte[BLOCK];
            while (pos + BLOCK <= length) {
                readFully(f, pos, h, tar);
                if (allZero(h)) {
                    break; // end of archive
                }
                String name = text(h, 0, 100);
                long size = parseOctal(tar, h, 124, 12, pos);
                if (!PLAIN.matcher(name).matches()) {
                    throw new RmferException("RMset shard " + tar + " at byte " + pos + ": member name '" + name
                            + "' is not a plain file name (a crafted or foreign archive?)");
                }
                if (h[156] != '0' && h[156] != 0) {
                    throw new RmferException("RMset shard " + tar + " at byte " + pos + ": member '" + name
                            + "' is not a regular file (type '" + (char) h[156] + "')");
                }
                if (size > MAX_MEMBER || pos + BLOCK + size > length) {
                    throw new RmferException("RMset shard " + tar + " at byte " + pos + ": member '" + name
                            + "' claims " + size + " bytes but the file ends at " + length + " (truncated?)");
                }
                out.put(name, new long[] {pos + BLOCK, size});
                pos += BLOCK + (size + BLOCK - 1) / BLOCK * BLOCK;
            }
        } catch (IOException e) {
            throw new RmferException("Could not read the RMset shard " + tar + ": " + e.getMessage(), e);
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * Reads {@code b.length} bytes at {@code pos}: through a channel, so a shard on another file system (HDFS, through
     * {@link org.rmfer4j.core.Locations}) reads as a local one does.
     */
    private static void readFully(SeekableByteChannel f, long pos, byte[] b, Path tar) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(b);
        f.position(pos);
        while (buf.hasRemaining()) {
            if (f.read(buf) < 0) {
                throw new EOFException(tar + " ends at byte " + (pos + buf.position()) + ", inside a member");
            }
        }
    }

    private static boolean allZero(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] h, int at, int len) {
        int end = at;
        while (end < at + len && h[end] != 0) {
            end++;
        }
        return new String(h, at, end - at, StandardCharsets.US_ASCII);
    }

    private static long parseOctal(Path tar, byte[] h, int at, int len, long pos) {
        String s = text(h, at, len).trim();
        if (!s.matches("[0-7]{1,11}")) {
            throw new RmferException("RMset shard " + tar + " at byte " + pos + ": size field '" + s
                    + "' is not an octal number (not a tar archive?)");
        }
        return Long.parseLong(s, 8);
    }
}
