package org.rmfer4j.engine.torch;

import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import org.jspecify.annotations.Nullable;

/**
 * The executable-stack flag of an ELF shared library. libtorch_cpu.so of the 1.10.2 presets is linked asking for an
 * executable stack, so every JVM that loads it prints "might have disabled stack guard ... execstack -c". Clearing
 * the flag in JavaCPP's extracted copy (what {@code execstack -c} does: the {@code PF_X} bit of the
 * {@code PT_GNU_STACK} program header) before loading silences it for good; libtorch never runs code on its stack.
 * The file's modification time is kept, so JavaCPP still recognises its cached copy and does not extract it again.
 */
final class ElfStack {
    static final int PT_GNU_STACK = 0x6474e551;
    static final int PF_X = 1;

    private ElfStack() {}

    /**
     * Where the flags word of the file's {@code PT_GNU_STACK} header lies, or −1 when the file is not a 64-bit
     * little-endian ELF with one. Every offset and count is checked against the file's length.
     */
    static long flagsOffset(RandomAccessFile f) throws IOException {
        long length = f.length();
        if (length < 64) {
            return -1;
        }
        byte[] head = new byte[64];
        f.seek(0);
        f.readFully(head);
        if (head[0] != 0x7f || head[1] != 'E' || head[2] != 'L' || head[3] != 'F' || head[4] != 2 || head[5] != 1) {
            return -1; // not ELF, or not ELFCLASS64 / little-endian
        }
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        long phoff = b.getLong(0x20);
        int phentsize = Short.toUnsignedInt(b.getShort(0x36));
        int phnum = Short.toUnsignedInt(b.getShort(0x38));
        if (phoff <= 0 || phentsize < 8 || phnum > 4096 || phoff + (long) phentsize * phnum > length) {
            return -1;
        }
        byte[] entry = new byte[8];
        for (int i = 0; i < phnum; i++) {
            long at = phoff + (long) i * phentsize;
            f.seek(at);
            f.readFully(entry);
            ByteBuffer e = ByteBuffer.wrap(entry).order(ByteOrder.LITTLE_ENDIAN);
            if (e.getInt(0) == PT_GNU_STACK) {
                return at + 4;
            }
        }
        return -1;
    }

    /** Whether the library asks for an executable stack (null when it is not a readable ELF with a stack header). */
    static @Nullable Boolean executableStack(File lib) {
        try (RandomAccessFile f = new RandomAccessFile(lib, "r")) {
            long at = flagsOffset(f);
            if (at < 0) {
                return null;
            }
            f.seek(at);
            return (Integer.reverseBytes(f.readInt()) & PF_X) != 0;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Clears the flag, keeping the modification time; true when it was set and is now cleared. Read-only files and
     * anything unexpected leave the file as it is (the JVM then prints its warning, nothing worse).
     */
    static boolean clear(File lib) {
        try (RandomAccessFile f = new RandomAccessFile(lib, "rw")) {
            long at = flagsOffset(f);
            if (at < 0) {
                return false;
            }
            f.seek(at);
            int flags = Integer.reverseBytes(f.readInt());
            if ((flags & PF_X) == 0) {
                return false;
            }
            FileTime modified = Files.getLastModifiedTime(lib.toPath());
            f.seek(at);
            f.writeInt(Integer.reverseBytes(flags & ~PF_X));
            f.getFD().sync();
            f.close();
            Files.setLastModifiedTime(lib.toPath(), modified);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
