package org.rmfer4j.checkpoint;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.rmfer4j.core.RmferException;

/**
 * A pickle reader that runs nothing. Python's pickle is a small stack machine whose {@code GLOBAL} and {@code REDUCE}
 * opcodes name and call any function of the writer's choosing ({@code os.system} included); this reader knows the
 * handful of callables a PyTorch checkpoint needs and builds inert Java values for them, and refuses every other
 * global the moment it is named, before anything is built from it. Module classes (torchvision's, timm's,
 * {@code torch.nn}'s) are allowed only as inert {@link PyObject}s whose state is their attribute dict: no class code is
 * needed or run.
 *
 * <p>Values: Python ints are {@code Long}, floats {@code Double}, str {@code String}, bytes {@code byte[]}, bool
 * {@code Boolean}, None {@code null}, list {@code ArrayList}, tuple {@link Tuple}, dict and OrderedDict
 * {@code LinkedHashMap}, set {@code LinkedHashSet}, tensors {@link TensorRef}. Opcodes of protocols 0–4 that
 * checkpoints use are read; others are refused with their byte offset. Every length is checked against what is left
 * of the input before anything is allocated.
 */
public final class Unpickler {
    /** A Python tuple. */
    public record Tuple(List<Object> items) {
        public Tuple {
            items = Collections.unmodifiableList(new ArrayList<>(items));
        }

        Object get(int i) {
            return items.get(i);
        }

        int size() {
            return items.size();
        }
    }

    /** An instance of an allowed module class, with the attribute dict BUILD gave it. */
    public record PyObject(String className, Map<Object, Object> state) {}

    /** A storage named by a persistent id: its element type, zip key (or legacy key) and element count. */
    public record StorageRef(StorageType type, String key, long numel) {}

    /** {@code torch._utils._rebuild_tensor_v2(storage, offset, size, stride, ...)}: a view of a storage. */
    public record TensorRef(StorageRef storage, long offset, long[] size, long[] stride) {}

    /** Element types of PyTorch storages. */
    public enum StorageType {
        FLOAT(4),
        DOUBLE(8),
        HALF(2),
        BFLOAT16(2),
        LONG(8),
        INT(4),
        SHORT(2),
        CHAR(1),
        BYTE(1),
        BOOL(1);

        final int bytes;

        StorageType(int bytes) {
            this.bytes = bytes;
        }

        static @Nullable StorageType ofClass(String name) {
            return switch (name) {
                case "FloatStorage" -> FLOAT;
                case "DoubleStorage" -> DOUBLE;
                case "HalfStorage" -> HALF;
                case "BFloat16Storage" -> BFLOAT16;
                case "LongStorage" -> LONG;
                case "IntStorage" -> INT;
                case "ShortStorage" -> SHORT;
                case "CharStorage" -> CHAR;
                case "ByteStorage" -> BYTE;
                case "BoolStorage" -> BOOL;
                default -> null;
            };
        }
    }

    /** The callables a checkpoint may name, each built here as an inert value. */
    private enum Known {
        ORDERED_DICT,
        REBUILD_TENSOR,
        REBUILD_PARAMETER,
        SET,
        STORAGE,
        MODULE_CLASS,
        OBJECT,
        RECONSTRUCTOR,
        NUMPY_SCALAR,
        NUMPY_DTYPE
    }

    private record Global(Known kind, String module, String name) {}

    /** Module prefixes whose classes may appear as inert objects (a whole pickled model). */
    static final List<String> MODULE_PREFIXES =
            List.of("torch.nn.modules.", "torchvision.models.", "timm.models.", "timm.layers.");

    private static final Object MARK = new Object();
    private static final int MAX_MEMO = 50_000_000;

    private final byte[] in;
    private final String where;
    private int pos;
    private final List<Object> stack = new ArrayList<>();
    private final Deque<Integer> marks = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private Unpickler(byte[] in, int start, String where) {
        this.in = in;
        this.pos = start;
        this.where = where;
    }

    /** Reads one pickle from {@code data}; {@code where} names the file (and entry) in errors. */
    public static Object read(byte[] data, String where) {
        return new Unpickler(data, 0, where).run();
    }

    /** Reads consecutive pickles from one stream (the legacy format): the value and where the next pickle starts. */
    record Next(@Nullable Object value, int end) {}

    static Next readAt(byte[] data, int start, String where) {
        Unpickler u = new Unpickler(data, start, where);
        Object v = u.run();
        return new Next(v, u.pos);
    }

    private RmferException bad(String what) {
        return new RmferException(where + ": " + what + " (pickle byte " + pos + "); nothing in the file was run");
    }

    private int u8() {
        if (pos >= in.length) {
            throw bad("the pickle ends early: the file is truncated");
        }
        return in[pos++] & 0xFF;
    }

    private ByteBuffer take(long n) {
        if (n < 0 || n > in.length - pos) {
            throw bad("a length of " + n + " bytes runs past the end of the data (" + (in.length - pos) + " left)");
        }
        ByteBuffer b = ByteBuffer.wrap(in, pos, (int) n).order(ByteOrder.LITTLE_ENDIAN);
        pos += (int) n;
        return b;
    }

    private String utf8(long n) {
        ByteBuffer b = take(n);
        return new String(in, b.position(), (int) n, StandardCharsets.UTF_8);
    }

    private String line() {
        int start = pos;
        while (pos < in.length && in[pos] != '\n') {
            pos++;
        }
        if (pos >= in.length) {
            throw bad("a text line runs past the end of the data");
        }
        String s = new String(in, start, pos - start, StandardCharsets.UTF_8);
        pos++;
        return s;
    }

    private Object pop() {
        if (stack.isEmpty()) {
            throw bad("stack underflow: the pickle is malformed");
        }
        Object o = stack.remove(stack.size() - 1);
        if (o == MARK) {
            throw bad("a MARK where a value was expected: the pickle is malformed");
        }
        return o;
    }

    private @Nullable Object top() {
        if (stack.isEmpty()) {
            throw bad("stack underflow: the pickle is malformed");
        }
        return stack.get(stack.size() - 1);
    }

    private List<Object> popToMark() {
        if (marks.isEmpty()) {
            throw bad("no MARK to pop to: the pickle is malformed");
        }
        int m = marks.pop();
        List<Object> items = new ArrayList<>(stack.subList(m + 1, stack.size()));
        stack.subList(m, stack.size()).clear();
        return items;
    }

    private void memoize(long key, @Nullable Object value) {
        if (memo.size() >= MAX_MEMO) {
            throw bad("more than " + MAX_MEMO + " memo entries");
        }
        memo.put(key, value);
    }

    private @Nullable Object recall(long key) {
        if (!memo.containsKey(key)) {
            throw bad("memo key " + key + " was never stored");
        }
        return memo.get(key);
    }

    @SuppressWarnings("unchecked")
    private Object run() {
        while (true) {
            int op = u8();
            switch (op) {
                case 0x80 -> { // PROTO
                    int v = u8();
                    if (v > 5) {
                        throw bad("pickle protocol " + v + " is not supported");
                    }
                }
                case 0x95 -> take(8); // FRAME: a length hint only
                case '.' -> { // STOP
                    if (stack.isEmpty()) {
                        throw bad("nothing to return");
                    }
                    return pop();
                }
                case '(' -> {
                    marks.push(stack.size());
                    stack.add(MARK);
                }
                case '0' -> pop();
                case '1' -> popToMark();
                case '2' -> stack.add(top());
                case 'N' -> stack.add(null);
                case 0x88 -> stack.add(Boolean.TRUE);
                case 0x89 -> stack.add(Boolean.FALSE);
                case 'J' -> stack.add((long) take(4).getInt());
                case 'K' -> stack.add((long) u8());
                case 'M' -> stack.add((long) Short.toUnsignedInt(take(2).getShort()));
                case 0x8a -> stack.add(long1(u8()));
                case 0x8b -> {
                    long n = Integer.toUnsignedLong(take(4).getInt());
                    if (n > 64) {
                        throw bad("an integer of " + n + " bytes");
                    }
                    stack.add(long1((int) n));
                }
                case 'G' -> stack.add(take(8).order(ByteOrder.BIG_ENDIAN).getDouble());
                case 'I' -> { // INT (protocol 0): also 01 / 00 for True / False
                    String s = line();
                    stack.add(s.equals("01") ? Boolean.TRUE : s.equals("00") ? Boolean.FALSE : parseLong(s));
                }
                case 'L' -> stack.add(parseLong(line().replace("L", "")));
                case 'F' -> {
                    String s = line();
                    try {
                        stack.add(Double.parseDouble(s));
                    } catch (NumberFormatException e) {
                        throw bad("'" + s + "' is not a float");
                    }
                }
                case 'X' -> stack.add(utf8(Integer.toUnsignedLong(take(4).getInt())));
                case 0x8c -> stack.add(utf8(u8()));
                case 0x8d -> stack.add(utf8(take(8).getLong()));
                case 'T' -> stack.add(latin1(Integer.toUnsignedLong(take(4).getInt())));
                case 'U' -> stack.add(latin1(u8()));
                case 'B' -> stack.add(bytes(Integer.toUnsignedLong(take(4).getInt())));
                case 'C' -> stack.add(bytes(u8()));
                case 0x8e -> stack.add(bytes(take(8).getLong()));
                case ']' -> stack.add(new ArrayList<>());
                case ')' -> stack.add(new Tuple(List.of()));
                case '}' -> stack.add(new LinkedHashMap<>());
                case 0x8f -> stack.add(new LinkedHashSet<>());
                case 'l' -> stack.add(new ArrayList<>(popToMark()));
                case 't' -> stack.add(new Tuple(popToMark()));
                case 'd' -> {
                    List<Object> kv = popToMark();
                    stack.add(dictOf(kv));
                }
                case 0x85 -> stack.add(new Tuple(Collections.singletonList(pop()))); // (None,) is valid
                case 0x86 -> {
                    Object b = pop();
                    Object a = pop();
                    stack.add(new Tuple(Arrays.asList(a, b)));
                }
                case 0x87 -> {
                    Object c = pop();
                    Object b = pop();
                    Object a = pop();
                    stack.add(new Tuple(Arrays.asList(a, b, c)));
                }
                case 'a' -> {
                    Object v = pop();
                    list(top()).add(v);
                }
                case 'e' -> {
                    List<Object> items = popToMark();
                    list(top()).addAll(items);
                }
                case 0x90 -> { // ADDITEMS
                    List<Object> items = popToMark();
                    Object s = top();
                    if (!(s instanceof Set<?>)) {
                        throw bad("ADDITEMS on a " + typeName(s));
                    }
                    ((Set<Object>) s).addAll(items);
                }
                case 's' -> {
                    Object v = pop();
                    Object k = pop();
                    map(top()).put(k, v);
                }
                case 'u' -> {
                    List<Object> kv = popToMark();
                    map(top()).putAll(dictOf(kv));
                }
                case 'q' -> memoize(u8(), top());
                case 'r' -> memoize(Integer.toUnsignedLong(take(4).getInt()), top());
                case 'p' -> memoize(parseLong(line()), top());
                case 0x94 -> memoize(memo.size(), top());
                case 'h' -> stack.add(recall(u8()));
                case 'j' -> stack.add(recall(Integer.toUnsignedLong(take(4).getInt())));
                case 'g' -> stack.add(recall(parseLong(line())));
                case 'c' -> {
                    String module = line();
                    String name = line();
                    stack.add(global(module, name));
                }
                case 0x93 -> { // STACK_GLOBAL
                    Object name = pop();
                    Object module = pop();
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw bad("STACK_GLOBAL needs two strings");
                    }
                    stack.add(global(m, n));
                }
                case 'R' -> {
                    Object args = pop();
                    Object fn = pop();
                    stack.add(reduce(fn, args));
                }
                case 0x81 -> { // NEWOBJ
                    Object args = pop();
                    Object cls = pop();
                    stack.add(newObject(cls, args));
                }
                case 'b' -> {
                    Object state = pop();
                    build(top(), state);
                }
                case 'Q' -> stack.add(persistent(pop()));
                default -> throw bad(String.format("opcode 0x%02x is not one a checkpoint needs; refused", op));
            }
        }
    }

    /** A little-endian two's-complement integer of n bytes: a Long when it fits, else a BigInteger (legacy magic). */
    private Object long1(int n) {
        ByteBuffer b = take(n);
        if (n > 8) {
            byte[] be = new byte[n];
            for (int i = 0; i < n; i++) {
                be[i] = in[b.position() + n - 1 - i];
            }
            return new BigInteger(be);
        }
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = (v << 8) | (in[b.position() + i] & 0xFF);
        }
        if (n > 0 && n < 8 && (in[b.position() + n - 1] & 0x80) != 0) {
            v -= 1L << (8 * n); // two's complement of n bytes
        }
        return v;
    }

    private long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw bad("'" + s + "' is not an integer");
        }
    }

    private String latin1(long n) {
        ByteBuffer b = take(n);
        return new String(in, b.position(), (int) n, StandardCharsets.ISO_8859_1);
    }

    private byte[] bytes(long n) {
        ByteBuffer b = take(n);
        byte[] out = new byte[(int) n];
        System.arraycopy(in, b.position(), out, 0, (int) n);
        return out;
    }

    private Map<Object, Object> dictOf(List<Object> kv) {
        if (kv.size() % 2 != 0) {
            throw bad("a dict with an odd number of keys and values");
        }
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.size(); i += 2) {
            m.put(kv.get(i), kv.get(i + 1));
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(@Nullable Object o) {
        if (o instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw bad("APPEND on a " + typeName(o));
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> map(@Nullable Object o) {
        if (o instanceof Map<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        if (o instanceof PyObject p) {
            return p.state(); // dict items of a module object
        }
        throw bad("SETITEM on a " + typeName(o));
    }

    private static String typeName(@Nullable Object o) {
        return o == null
                ? "None"
                : o instanceof Global g
                        ? g.module() + "." + g.name()
                        : o.getClass().getSimpleName();
    }

    /** The allow-list: anything not named here is refused as soon as the pickle names it. */
    private Global global(String module, String name) {
        String full = module + "." + name;
        Known k = switch (full) {
            case "collections.OrderedDict" -> Known.ORDERED_DICT;
            case "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_tensor" -> Known.REBUILD_TENSOR;
            case "torch._utils._rebuild_parameter" -> Known.REBUILD_PARAMETER;
            case "builtins.set", "__builtin__.set" -> Known.SET;
            case "builtins.object", "__builtin__.object" -> Known.OBJECT;
            case "copy_reg._reconstructor", "copyreg._reconstructor" -> Known.RECONSTRUCTOR;
            case "numpy.core.multiarray.scalar", "numpy._core.multiarray.scalar" -> Known.NUMPY_SCALAR;
            case "numpy.dtype" -> Known.NUMPY_DTYPE;
            default -> null;
        };
        if (k == null && module.equals("torch") && StorageType.ofClass(name) != null) {
            k = Known.STORAGE;
        }
        if (k == null && MODULE_PREFIXES.stream().anyMatch(module::startsWith) && name.matches("[A-Z][A-Za-z0-9_]*")) {
            k = Known.MODULE_CLASS;
        }
        if (k == null) {
            throw new RmferException(
                    where + ": the pickle names the global '" + full + "', which a checkpoint does not need; "
                            + "refused (a pickle can run any function it names — this reader runs none). If the file is yours, save "
                            + "its state dict instead: torch.save(model.state_dict(), 'weights.pth')");
        }
        return new Global(k, module, name);
    }

    private Object reduce(@Nullable Object fn, @Nullable Object args) {
        if (!(fn instanceof Global g)) {
            throw bad("REDUCE on a " + typeName(fn) + ", not a global");
        }
        if (!(args instanceof Tuple a)) {
            throw bad("REDUCE arguments are a " + typeName(args) + ", not a tuple");
        }
        switch (g.kind()) {
            case ORDERED_DICT -> {
                Map<Object, Object> m = new LinkedHashMap<>();
                if (a.size() == 1 && a.get(0) instanceof List<?> pairs) {
                    for (Object p : pairs) {
                        if (p instanceof Tuple t && t.size() == 2) {
                            m.put(t.get(0), t.get(1));
                        }
                    }
                }
                return m;
            }
            case SET -> {
                return a.size() == 1 && a.get(0) instanceof List<?> l ? new LinkedHashSet<>(l) : new LinkedHashSet<>();
            }
            case REBUILD_TENSOR -> {
                if (a.size() < 4
                        || !(a.get(0) instanceof StorageRef s)
                        || !(a.get(1) instanceof Long off)
                        || !(a.get(2) instanceof Tuple size)
                        || !(a.get(3) instanceof Tuple stride)
                        || size.size() != stride.size()) {
                    throw bad("_rebuild_tensor_v2 with arguments " + describe(a));
                }
                return new TensorRef(s, off, longs(size), longs(stride));
            }
            case REBUILD_PARAMETER -> {
                if (a.size() < 1 || !(a.get(0) instanceof TensorRef t)) {
                    throw bad("_rebuild_parameter with arguments " + describe(a));
                }
                return t;
            }
            case RECONSTRUCTOR -> { // protocol < 2 objects: copyreg._reconstructor(cls, object, None)
                if (a.size() >= 1 && a.get(0) instanceof Global c && c.kind() == Known.MODULE_CLASS) {
                    return new PyObject(c.module() + "." + c.name(), new LinkedHashMap<>());
                }
                throw bad("_reconstructor of " + describe(a));
            }
            case NUMPY_SCALAR -> { // numpy.core.multiarray.scalar(dtype, bytes): a float or int a training script saved
                if (a.size() == 2 && a.get(0) instanceof NumpyDtype d && a.get(1) instanceof byte[] b) {
                    return d.decode(b, where);
                }
                throw bad("numpy scalar with arguments " + describe(a));
            }
            case NUMPY_DTYPE -> {
                if (a.size() >= 1 && a.get(0) instanceof String code) {
                    return new NumpyDtype(code);
                }
                throw bad("numpy dtype with arguments " + describe(a));
            }
            default -> throw bad("'" + g.module() + "." + g.name() + "' cannot be called here");
        }
    }

    /** A numpy dtype named by its code ('f8', 'f4', 'i8', ...), enough to read a saved scalar. */
    record NumpyDtype(String code) {
        Object decode(byte[] b, String where) {
            ByteBuffer buf = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            return switch (code + ":" + b.length) {
                case "f8:8" -> buf.getDouble();
                case "f4:4" -> (double) buf.getFloat();
                case "i8:8", "u8:8" -> buf.getLong();
                case "i4:4" -> (long) buf.getInt();
                case "b1:1" -> b[0] != 0;
                default ->
                    throw new RmferException(
                            where + ": a numpy scalar of type " + code + " and " + b.length + " bytes");
            };
        }
    }

    private Object newObject(@Nullable Object cls, @Nullable Object args) {
        if (cls instanceof Global g && g.kind() == Known.MODULE_CLASS) {
            return new PyObject(g.module() + "." + g.name(), new LinkedHashMap<>());
        }
        if (cls instanceof Global g && g.kind() == Known.ORDERED_DICT) {
            return new LinkedHashMap<>();
        }
        throw bad("NEWOBJ of " + typeName(cls) + " is refused");
    }

    @SuppressWarnings("unchecked")
    private void build(@Nullable Object target, @Nullable Object state) {
        if (target instanceof PyObject p) {
            Object dict = state instanceof Tuple t && t.size() == 2 ? t.get(0) : state; // (dict, slots)
            if (dict instanceof Map<?, ?> m) {
                p.state().putAll((Map<Object, Object>) m);
            } else if (dict != null) {
                throw bad("BUILD of " + p.className() + " with a " + typeName(dict));
            }
            return;
        }
        if (target instanceof Map<?, ?> || target instanceof NumpyDtype) {
            return; // an OrderedDict's instance attributes (a state dict's _metadata), a dtype's flags: not needed
        }
        throw bad("BUILD on a " + typeName(target));
    }

    private Object persistent(@Nullable Object pid) {
        // ('storage', <storage class>, key, location, numel[, view metadata])
        if (pid instanceof Tuple t
                && t.size() >= 5
                && "storage".equals(t.get(0))
                && t.get(1) instanceof Global g
                && g.kind() == Known.STORAGE
                && t.get(2) instanceof String key
                && t.get(4) instanceof Long numel
                && numel >= 0) {
            StorageType type = StorageType.ofClass(g.name());
            return new StorageRef(type, key, numel);
        }
        throw bad("a persistent id " + (pid instanceof Tuple t ? describe(t) : typeName(pid))
                + " that is not a tensor storage");
    }

    private long[] longs(Tuple t) {
        long[] out = new long[t.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(t.get(i) instanceof Long v) || v < 0) {
                throw bad("a tensor size or stride that is not a non-negative integer: " + describe(t));
            }
            out[i] = v;
        }
        return out;
    }

    private static String describe(Tuple t) {
        StringBuilder sb = new StringBuilder("(");
        for (Object o : t.items()) {
            sb.append(sb.length() == 1 ? "" : ", ")
                    .append(o instanceof String s ? "'" + s + "'" : o instanceof Long l ? l.toString() : typeName(o));
        }
        return sb.append(')').toString();
    }
}
