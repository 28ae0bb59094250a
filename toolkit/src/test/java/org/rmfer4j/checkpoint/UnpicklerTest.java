package org.rmfer4j.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.rmfer4j.core.RmferException;

/** Hand-assembled pickles: values, the allow-list, and malformed input. */
class UnpicklerTest {
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) {
                b.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
            } else {
                b.write((Integer) p);
            }
        }
        return b.toByteArray();
    }

    @Test
    void readsTheValuesACheckpointHolds() {
        // {'a': (1, -2, 3.5), 'b': [True, None, 'x']} in protocol 2
        byte[] p = bytes(
                0x80, 2, "}q", 0, "(X", 1, 0, 0, 0, "aK", 1, "J", 0xfe, 0xff, 0xff, 0xff, "G", 0x40, 0x0c, 0, 0, 0, 0,
                0, 0, 0x87, "X", 1, 0, 0, 0, "b]q", 1, "(", 0x88, "NX", 1, 0, 0, 0, "xeu.");
        Object v = Unpickler.read(p, "test");
        assertEquals(Map.of("a", new Unpickler.Tuple(List.of(1L, -2L, 3.5)), "b", Arrays.asList(true, null, "x")), v);
        assertEquals(-1L, Unpickler.read(bytes(0x80, 2, 0x8a, 1, 0xff, "."), "t"), "LONG1 is two's complement");
        assertEquals(300L, Unpickler.read(bytes(0x80, 2, "M", 0x2c, 0x01, "."), "t"));
        assertEquals(
                new Unpickler.Tuple(Arrays.asList((Object) null)),
                Unpickler.read(bytes(0x80, 2, "N", 0x85, "."), "t"),
                "TUPLE1 of None");
    }

    @Test
    void refusesEveryGlobalOutsideTheAllowList() {
        // cos / system / (S'echo hi' / tR. : the classic payload, refused at the GLOBAL before anything is called
        for (String[] g : new String[][] {
            {"os", "system"},
            {"builtins", "eval"},
            {"subprocess", "Popen"},
            {"torch", "load"},
            {"torch.nn.modules.conv", "__init__"}
        }) {
            byte[] p = bytes("c" + g[0] + "\n" + g[1] + "\n(X", 2, 0, 0, 0, "hitR.");
            RmferException e = assertThrows(RmferException.class, () -> Unpickler.read(p, "evil.pkl"));
            assertTrue(
                    e.getMessage().contains("'" + g[0] + "." + g[1] + "'")
                            && e.getMessage().contains("refused"),
                    e.getMessage());
        }
        // a module class may only be an inert object: calling it is refused
        byte[] call = bytes("ctorch.nn.modules.linear\nLinear\n)R.");
        RmferException e = assertThrows(RmferException.class, () -> Unpickler.read(call, "t"));
        assertTrue(e.getMessage().contains("cannot be called"), e.getMessage());
    }

    @Test
    void malformedInputGetsAClearErrorNotAnExceptionFromTheParser() {
        for (byte[] p : List.of(
                bytes(0x80, 2, "X", 0xff, 0xff, 0xff, 0x7f, "abc"),
                bytes(0x80, 2, "h", 9, "."),
                bytes("0."),
                bytes(0x80, 2, "}"),
                bytes(0x80, 2, 0xfe))) {
            RmferException e = assertThrows(RmferException.class, () -> Unpickler.read(p, "bad.pkl"));
            assertTrue(
                    e.getMessage().startsWith("bad.pkl: ") && e.getMessage().contains("pickle byte"), e.getMessage());
        }
    }
}
