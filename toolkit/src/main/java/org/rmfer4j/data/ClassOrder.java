package org.rmfer4j.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.core.RmferException;

/**
 * A numbering of expressions: which expression each label code (in a file) and each class index (in a model's
 * output) stands for. Datasets disagree — RAF-DB numbers from 1 starting with Surprise, AffectNet from 0 starting
 * with Neutral, the pretrained HSEmotion heads alphabetically — and mixing them up silently costs accuracy (the
 * official RMFER code reuses an alphabetical head under AffectNet labels). So every label and every head in the
 * toolkit carries its order, and conversions go through {@link Expression}, never through bare integers.
 *
 * <p>Index {@code i} (0-based, what a model sees) and code {@code firstCode + i} (what a label file says) name
 * the same expression.
 */
public final class ClassOrder {
    /** AffectNet, 8 classes: codes 0 Neutral … 7 Contempt (codes 8–10, None/Uncertain/No-Face, are not classes). */
    public static final ClassOrder AFFECTNET_8 = new ClassOrder(
            "affectnet-8",
            0,
            Expression.NEUTRAL,
            Expression.HAPPINESS,
            Expression.SADNESS,
            Expression.SURPRISE,
            Expression.FEAR,
            Expression.DISGUST,
            Expression.ANGER,
            Expression.CONTEMPT);
    /** AffectNet, 7 classes: AffectNet-8 without Contempt. Also the RMFER code's label order. */
    public static final ClassOrder AFFECTNET_7 = new ClassOrder(
            "affectnet-7",
            0,
            Expression.NEUTRAL,
            Expression.HAPPINESS,
            Expression.SADNESS,
            Expression.SURPRISE,
            Expression.FEAR,
            Expression.DISGUST,
            Expression.ANGER);
    /** RAF-DB basic emotions: codes 1 Surprise … 7 Neutral. */
    public static final ClassOrder RAFDB = new ClassOrder(
            "rafdb",
            1,
            Expression.SURPRISE,
            Expression.FEAR,
            Expression.DISGUST,
            Expression.HAPPINESS,
            Expression.SADNESS,
            Expression.ANGER,
            Expression.NEUTRAL);
    /** FERPlus vote columns (the 8 emotion columns of fer2013new.csv, before 'unknown' and 'NF'). */
    public static final ClassOrder FERPLUS = new ClassOrder(
            "ferplus",
            0,
            Expression.NEUTRAL,
            Expression.HAPPINESS,
            Expression.SURPRISE,
            Expression.SADNESS,
            Expression.ANGER,
            Expression.DISGUST,
            Expression.FEAR,
            Expression.CONTEMPT);
    /** Alphabetical, 7 classes: ImageFolder order, as in HSEmotion's {@code enet_b2_7} head. */
    public static final ClassOrder ALPHABETICAL_7 = new ClassOrder(
            "alphabetical-7",
            0,
            Expression.ANGER,
            Expression.DISGUST,
            Expression.FEAR,
            Expression.HAPPINESS,
            Expression.NEUTRAL,
            Expression.SADNESS,
            Expression.SURPRISE);
    /** Alphabetical, 8 classes: as in HSEmotion's {@code enet_b2_8} head. */
    public static final ClassOrder ALPHABETICAL_8 = new ClassOrder(
            "alphabetical-8",
            0,
            Expression.ANGER,
            Expression.CONTEMPT,
            Expression.DISGUST,
            Expression.FEAR,
            Expression.HAPPINESS,
            Expression.NEUTRAL,
            Expression.SADNESS,
            Expression.SURPRISE);

    private static final List<ClassOrder> KNOWN =
            List.of(AFFECTNET_8, AFFECTNET_7, RAFDB, FERPLUS, ALPHABETICAL_7, ALPHABETICAL_8);

    private final String name;
    private final int firstCode;
    private final List<Expression> byIndex;
    private final Map<Expression, Integer> indexOf;

    private ClassOrder(String name, int firstCode, Expression... expressions) {
        this.name = name;
        this.firstCode = firstCode;
        this.byIndex = List.of(expressions);
        EnumMap<Expression, Integer> map = new EnumMap<>(Expression.class);
        for (int i = 0; i < expressions.length; i++) {
            if (map.put(expressions[i], i) != null) {
                throw new IllegalArgumentException("Expression " + expressions[i] + " twice in order " + name);
            }
        }
        this.indexOf = map;
    }

    /**
     * A custom order (e.g. the folder names of a user's own class-per-folder dataset).
     *
     * @param name        a name for messages and run records
     * @param firstCode   the label code of index 0 (0 or 1 in practice)
     * @param expressions the expressions in index order, each at most once
     */
    public static ClassOrder of(String name, int firstCode, List<Expression> expressions) {
        Objects.requireNonNull(name, "name");
        if (expressions.isEmpty()) {
            throw new RmferException("Class order '" + name + "' has no classes");
        }
        return new ClassOrder(name, firstCode, expressions.toArray(new Expression[0]));
    }

    /** Looks up a built-in order by name ({@code affectnet-7}, {@code rafdb}, {@code alphabetical-8}, …). */
    public static ClassOrder byName(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT);
        for (ClassOrder o : KNOWN) {
            if (o.name.equals(key)) {
                return o;
            }
        }
        throw new RmferException("Unknown class order '" + name + "'; expected one of "
                + KNOWN.stream().map(ClassOrder::name).toList());
    }

    /** All built-in orders. */
    public static List<ClassOrder> builtIn() {
        return KNOWN;
    }

    public String name() {
        return name;
    }

    /** Number of classes. */
    public int size() {
        return byIndex.size();
    }

    /** The label code of index 0. */
    public int firstCode() {
        return firstCode;
    }

    /** The expressions in index order. */
    public List<Expression> expressions() {
        return byIndex;
    }

    public boolean contains(Expression e) {
        return indexOf.containsKey(e);
    }

    /** The expression at a 0-based class index. */
    public Expression at(int index) {
        if (index < 0 || index >= byIndex.size()) {
            throw new RmferException(
                    "Class index " + index + " is outside order " + name + " (0.." + (size() - 1) + ")");
        }
        return byIndex.get(index);
    }

    /** The 0-based class index of an expression; fails if this order does not have it. */
    public int indexOf(Expression e) {
        Integer i = indexOf.get(e);
        if (i == null) {
            throw new RmferException("Expression " + e + " is not a class of order " + name + " " + byIndex);
        }
        return i;
    }

    /** True if {@code code} is a label code of this order. */
    public boolean isCode(int code) {
        return code >= firstCode && code < firstCode + size();
    }

    /** The expression a label code stands for; fails naming the valid range. */
    public Expression fromCode(int code) {
        if (!isCode(code)) {
            throw new RmferException("Label code " + code + " is not valid in order " + name + "; expected " + firstCode
                    + ".." + (firstCode + size() - 1));
        }
        return byIndex.get(code - firstCode);
    }

    /** The label code of an expression. */
    public int codeOf(Expression e) {
        return indexOf(e) + firstCode;
    }

    /**
     * Where each of this order's classes sits in {@code source}: {@code result[i]} is the index in {@code source} of
     * {@code this.at(i)}. For example {@code AFFECTNET_7.permutationFrom(ALPHABETICAL_7)} is
     * {@code [4, 3, 5, 6, 2, 1, 0]}: the rows of a pretrained alphabetical head to take, in AffectNet order.
     *
     * @throws RmferException if {@code source} lacks one of this order's expressions
     */
    public int[] permutationFrom(ClassOrder source) {
        int[] p = new int[size()];
        for (int i = 0; i < p.length; i++) {
            Expression e = byIndex.get(i);
            if (!source.contains(e)) {
                throw new RmferException("Cannot convert from order " + source.name + " to " + name + ": " + e
                        + " is missing in " + source.name);
            }
            p[i] = source.indexOf(e);
        }
        return p;
    }

    /**
     * Converts a per-class vector (probabilities, logits, votes) from {@code source} order into this order.
     * Mass on a class this order lacks is an error, not something to drop silently.
     */
    public float[] convert(float[] values, ClassOrder source) {
        if (values.length != source.size()) {
            throw new RmferException("Vector of length " + values.length + " does not match order " + source.name + " ("
                    + source.size() + " classes)");
        }
        for (int j = 0; j < values.length; j++) {
            if (values[j] != 0f && !contains(source.at(j))) {
                throw new RmferException("Cannot convert to order " + name + ": class " + source.at(j)
                        + " carries value " + values[j] + " but " + name + " has no such class");
            }
        }
        int[] p = permutationFrom(source);
        float[] out = new float[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[p[i]];
        }
        return out;
    }

    /**
     * Reorders the columns of a {@code [N, source.size()]} array (e.g. logits) into this order, giving
     * {@code [N, size()]}. Columns for classes this order lacks are dropped only if you ask for a smaller order
     * explicitly by calling this method; mass checks are the caller's business for logits.
     */
    public INDArray convertColumns(INDArray x, ClassOrder source) {
        if (x.rank() != 2 || x.size(1) != source.size()) {
            throw new RmferException("Expected a [N, " + source.size() + "] array in order " + source.name + ", got "
                    + Arrays.toString(x.shape()));
        }
        int[] p = permutationFrom(source);
        INDArray out = x.ulike().reshape(x.size(0), size());
        for (int i = 0; i < p.length; i++) {
            out.putColumn(i, x.getColumn(p[i]));
        }
        return out;
    }

    /**
     * Reorders the rows of a {@code [source.size(), ...]} array (e.g. the weight matrix of a pretrained linear
     * head stored as [classes, features]) into this order.
     */
    public INDArray convertRows(INDArray w, ClassOrder source) {
        if (w.size(0) != source.size()) {
            throw new RmferException("Expected " + source.size() + " rows (order " + source.name + "), got "
                    + Arrays.toString(w.shape()));
        }
        int[] p = permutationFrom(source);
        List<INDArray> rows = new ArrayList<>();
        for (int i : p) {
            rows.add(w.slice(i).reshape(1, w.length() / w.size(0)));
        }
        long[] shape = w.shape().clone();
        shape[0] = size();
        return Nd4j.vstack(rows.toArray(new INDArray[0])).reshape(shape);
    }

    /** Class names in index order, for table headers and chart axes. */
    public List<String> displayNames() {
        return byIndex.stream().map(Expression::displayName).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassOrder other
                && other.name.equals(name)
                && other.firstCode == firstCode
                && other.byIndex.equals(byIndex);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, firstCode, byIndex);
    }

    @Override
    public String toString() {
        return name + byIndex;
    }
}
