package org.rmfer4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.core.Nd4jSupport;
import org.rmfer4j.core.RmferException;

class ClassOrderTest {
    @Test
    void codesFollowEachDatasetsNumbering() {
        assertEquals(Expression.SURPRISE, ClassOrder.RAFDB.fromCode(1));
        assertEquals(Expression.NEUTRAL, ClassOrder.RAFDB.fromCode(7));
        assertEquals(Expression.NEUTRAL, ClassOrder.AFFECTNET_8.fromCode(0));
        assertEquals(Expression.CONTEMPT, ClassOrder.AFFECTNET_8.fromCode(7));
        assertEquals(7, ClassOrder.AFFECTNET_7.size());
        assertEquals(Expression.FEAR, ClassOrder.FERPLUS.at(6));
        assertEquals(Expression.ANGER, ClassOrder.ALPHABETICAL_7.at(0));
        assertEquals(4, ClassOrder.RAFDB.codeOf(Expression.HAPPINESS));
        assertEquals(3, ClassOrder.RAFDB.indexOf(Expression.HAPPINESS));
    }

    @Test
    void permutationFromAlphabeticalHeadMatchesTheReference() {
        // official-code-facts.md §3: the Savchenko row for AffectNet class k.
        assertArrayEquals(
                new int[] {4, 3, 5, 6, 2, 1, 0}, ClassOrder.AFFECTNET_7.permutationFrom(ClassOrder.ALPHABETICAL_7));
        assertArrayEquals(
                new int[] {5, 4, 6, 7, 3, 2, 0, 1}, ClassOrder.AFFECTNET_8.permutationFrom(ClassOrder.ALPHABETICAL_8));
    }

    @Test
    void badCodesAndMissingClassesFailLoudly() {
        RmferException e = assertThrows(RmferException.class, () -> ClassOrder.RAFDB.fromCode(0));
        assertTrue(e.getMessage().contains("1..7"), e.getMessage());
        assertThrows(RmferException.class, () -> ClassOrder.AFFECTNET_7.indexOf(Expression.CONTEMPT));
        assertThrows(RmferException.class, () -> ClassOrder.AFFECTNET_8.permutationFrom(ClassOrder.RAFDB));
        assertThrows(RmferException.class, () -> ClassOrder.byName("imagenet"));
    }

    @Test
    void convertingAVectorRefusesToDropMass() {
        float[] fer = {0.5f, 0.2f, 0, 0, 0, 0, 0, 0.3f}; // neutral, happiness, ..., contempt
        RmferException e =
                assertThrows(RmferException.class, () -> ClassOrder.AFFECTNET_7.convert(fer, ClassOrder.FERPLUS));
        assertTrue(e.getMessage().contains("CONTEMPT"), e.getMessage());
        float[] noContempt = {0.5f, 0.2f, 0.3f, 0, 0, 0, 0, 0}; // neutral, happiness, surprise
        float[] out = ClassOrder.RAFDB.convert(noContempt, ClassOrder.FERPLUS);
        // RAF-DB order: Surprise, Fear, Disgust, Happiness, Sadness, Anger, Neutral
        assertArrayEquals(new float[] {0.3f, 0, 0, 0.2f, 0, 0, 0.5f}, out);
    }

    @Test
    void rowsAndColumnsOfArraysAreReordered() {
        Nd4jSupport.init();
        var w = Nd4j.create(
                new float[][] {{0, 0}, {1, 1}, {2, 2}, {3, 3}, {4, 4}, {5, 5}, {6, 6}}); // alphabetical-7 rows
        var r = ClassOrder.AFFECTNET_7.convertRows(w, ClassOrder.ALPHABETICAL_7);
        assertArrayEquals(new float[] {4, 3, 5, 6, 2, 1, 0}, r.getColumn(0).toFloatVector());
        var logits = Nd4j.create(new float[][] {{0, 1, 2, 3, 4, 5, 6}});
        var c = ClassOrder.AFFECTNET_7.convertColumns(logits, ClassOrder.ALPHABETICAL_7);
        assertArrayEquals(new float[] {4, 3, 5, 6, 2, 1, 0}, c.toFloatVector());
    }

    @Test
    void expressionAliases() {
        assertEquals(Expression.HAPPINESS, Expression.parse("happy"));
        assertEquals(Expression.ANGER, Expression.parse(" Angry "));
        assertThrows(RmferException.class, () -> Expression.parse("bored"));
    }
}
