package org.rmfer4j.notebook.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scripted JShell session with the toolkit's start-up script, the way {@code ./rmfer jshell script.jsh} runs it: the
 * imports are in place, ND4J initialises, and the toolkit computes.
 */
class JShellScriptTest {
    @TempDir
    Path tmp;

    @Test
    void scriptedSessionUsesTheToolkit() throws Exception {
        Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
        Path startup = Path.of("..", "toolkit", "src", "main", "resources", "org", "rmfer4j", "notebook", "startup.jsh")
                .toAbsolutePath();
        Path script = tmp.resolve("session.jsh");
        Files.writeString(
                script,
                String.join(
                        "\n",
                        "var m = ConfusionMatrix.of(ClassOrder.AFFECTNET_7, new int[]{0, 1, 1, 2}, new int[]{0, 1, 0, 2});",
                        "System.out.println(\"accuracy=\" + m.overallAccuracy());",
                        "System.out.println(\"perm=\" + Arrays.toString(ClassOrder.AFFECTNET_7.permutationFrom(ClassOrder.ALPHABETICAL_7)));",
                        "System.out.println(\"zeros=\" + Nd4j.zeros(2, 3).sumNumber());",
                        "/exit",
                        ""));
        // the remote JVM gets the build's options, as ./rmfer jshell passes them
        List<String> command = new ArrayList<>(List.of(jshell.toString()));
        for (String o : Files.readString(KernelHarness.jvmArgs()).strip().split("\\s+")) {
            command.add("-R" + o);
        }
        command.addAll(List.of(
                "--class-path",
                KernelHarness.classPath(),
                "--startup",
                "DEFAULT",
                "--startup",
                startup.toString(),
                script.toString()));
        KernelHarness.Run r = KernelHarness.run(command, Map.of(), tmp, 300);
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("rmfer4j ready"), r.output());
        assertTrue(r.output().contains("accuracy=0.75"), r.output());
        assertTrue(r.output().contains("perm=[4, 3, 5, 6, 2, 1, 0]"), r.output());
        assertTrue(r.output().contains("zeros=0.0"), r.output());
    }
}
