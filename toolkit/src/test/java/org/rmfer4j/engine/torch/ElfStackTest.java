package org.rmfer4j.engine.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JVM's "might have disabled stack guard" warning on loading libtorch (issue 18, case 11). */
class ElfStackTest {
    @TempDir
    Path dir;

    /** A minimal 64-bit little-endian ELF header with two program headers, the second PT_GNU_STACK with {@code flags}. */
    private Path elf(int flags) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(64 + 2 * 56).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1});
        b.putLong(0x20, 64);
        b.putShort(0x36, (short) 56);
        b.putShort(0x38, (short) 2);
        b.putInt(64, 1); // PT_LOAD
        b.putInt(68, 5);
        b.putInt(64 + 56, ElfStack.PT_GNU_STACK);
        b.putInt(64 + 56 + 4, flags);
        return Files.write(dir.resolve("lib" + flags + ".so"), b.array());
    }

    @Test
    void clearsOnlyTheExecuteBitOfTheStackHeaderAndKeepsTheFileTime() throws Exception {
        Path lib = elf(7); // RWX
        FileTime t = FileTime.fromMillis(1_600_000_000_000L);
        Files.setLastModifiedTime(lib, t);
        byte[] before = Files.readAllBytes(lib);
        assertEquals(Boolean.TRUE, ElfStack.executableStack(lib.toFile()));
        assertTrue(ElfStack.clear(lib.toFile()));
        assertEquals(Boolean.FALSE, ElfStack.executableStack(lib.toFile()));
        byte[] after = Files.readAllBytes(lib);
        int diff = 0;
        for (int i = 0; i < before.length; i++) {
            diff += before[i] != after[i] ? 1 : 0;
        }
        assertEquals(1, diff, "one byte changed");
        assertEquals(6, ByteBuffer.wrap(after).order(ByteOrder.LITTLE_ENDIAN).getInt(64 + 56 + 4), "RW kept");
        assertEquals(5, ByteBuffer.wrap(after).order(ByteOrder.LITTLE_ENDIAN).getInt(68), "other headers untouched");
        assertEquals(t, Files.getLastModifiedTime(lib), "JavaCPP's cache check still matches");
        assertFalse(ElfStack.clear(lib.toFile()), "nothing to do the second time");
    }

    @Test
    void leavesAnythingElseAlone() throws Exception {
        Path text = Files.writeString(
                dir.resolve("notes.so"), "not a library at all, but long enough to have a header......");
        assertNull(ElfStack.executableStack(text.toFile()));
        assertFalse(ElfStack.clear(text.toFile()));
        Path lying = elf(7);
        byte[] b = Files.readAllBytes(lying);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putShort(0x38, (short) 4000); // more headers than bytes
        Files.write(lying, b);
        assertNull(ElfStack.executableStack(lying.toFile()));
    }

    @Test
    void theLoadedLibTorchNoLongerAsksForAnExecutableStack() {
        TorchRuntime.init();
        File lib = TorchRuntime.cachedLibTorchCpu();
        assertNotNull(lib, "libtorch_cpu.so is in JavaCPP's cache");
        assertEquals(Boolean.FALSE, ElfStack.executableStack(lib));
    }
}
