package org.rmfer4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J finds its backend through the thread context class loader. These tests start fresh JVMs (ND4J initialises
 * once per JVM) whose context loader cannot see nd4j-native — as under JShell and notebook kernels — and show that
 * a bare ND4J call fails there while {@link Nd4jSupport#init()} makes it work.
 */
class Nd4jClassLoaderTest {
    /** Entry point of the child JVM: args[0] = "bare" or "init". */
    public static final class Child {
        public static void main(String[] args) {
            // A context loader that sees only the JDK, like a REPL's snippet loader that lacks nd4j-native.
            Thread.currentThread()
                    .setContextClassLoader(
                            new URLClassLoader(new java.net.URL[0], ClassLoader.getPlatformClassLoader()));
            try {
                if (args[0].equals("init")) {
                    Nd4jSupport.init();
                }
                double s = Nd4j.ones(2, 2).sumNumber().doubleValue();
                System.out.println("SUM=" + s);
            } catch (Throwable t) {
                System.out.println("FAILED " + t);
            }
        }
    }

    private static String runChild(String mode) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(
                java,
                "-Xmx1g",
                "-cp",
                System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                Child.class.getName(),
                mode);
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return out;
    }

    @Test
    void initMakesNd4jWorkUnderAForeignContextLoader() throws Exception {
        String bare = runChild("bare");
        String fixed = runChild("init");
        assertTrue(bare.contains("FAILED"), "without init the pitfall is real: " + bare);
        assertTrue(fixed.contains("SUM=4.0"), fixed);
    }

    @Test
    void toolkitWorksInsideJShell() {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (JShell shell = JShell.builder()
                .executionEngine("local")
                .out(new PrintStream(buf, true, StandardCharsets.UTF_8))
                .build()) {
            shell.addToClasspath(System.getProperty("java.class.path"));
            List<String> cells = List.of(
                    "import org.rmfer4j.core.*;",
                    "import org.rmfer4j.data.*;",
                    "Nd4jSupport.init();",
                    "var x = org.nd4j.linalg.factory.Nd4j.create(new float[]{1, 2, 3});",
                    "x.sumNumber().doubleValue()",
                    "ClassOrder.AFFECTNET_7.permutationFrom(ClassOrder.ALPHABETICAL_7)[0]");
            String last = null;
            for (String cell : cells) {
                for (SnippetEvent ev : shell.eval(cell)) {
                    assertEquals(null, ev.exception(), cell);
                    assertTrue(
                            ev.status() == Snippet.Status.VALID,
                            cell + " -> " + ev.status() + " "
                                    + shell.diagnostics(ev.snippet())
                                            .map(d -> d.getMessage(null))
                                            .toList());
                    last = ev.value();
                }
                if (cell.startsWith("x.sum")) {
                    assertEquals("6.0", last);
                }
            }
            assertEquals("4", last);
        } finally {
            System.setOut(old);
        }
    }
}
