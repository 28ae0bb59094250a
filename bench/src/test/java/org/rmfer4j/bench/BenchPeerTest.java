package org.rmfer4j.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rmfer4j.engine.torch.TorchRuntime;
import org.rmfer4j.model.Backbone;
import org.rmfer4j.model.Engine;

/** The bench's PyTorch peer: how its output is read, and the environment of its "glibc defaults" run. */
class BenchPeerTest {
    @TempDir
    Path dir;

    private Bench bench(Path script, List<String> log) {
        return new Bench(
                new Bench.Options(
                        List.of(Engine.TORCH),
                        List.of(Backbone.SMALL_CNN),
                        List.of(64, 112),
                        32,
                        1,
                        2,
                        List.of(),
                        "/bin/sh",
                        script),
                log::add);
    }

    @Test
    void readsOneMeasureForEverySizeTheScriptReports() throws Exception {
        // A stand-in for bench/pytorch_peer.py: checks the arguments it is given, prints noise and two JSON lines.
        Path script = Files.writeString(dir.resolve("peer.sh"), """
                [ "$*" = "--batch 32 --warmup 1 --steps 2 --sizes 64 112" ] || { echo "bad arguments: $*"; exit 3; }
                echo "a warning from the library"
                echo '{"size": 64, "img_per_s": [200.0, 240.0, 220.0], "torch": "0.0-test", "threads": 2}'
                echo '{"size": 112, "img_per_s": [70.0, 80.0], "torch": "0.0-test", "threads": 2}'
                """);
        List<String> log = new ArrayList<>();
        Map<Integer, Measure> m = bench(script, log).peer(false);
        assertEquals(List.of(64, 112), List.copyOf(m.keySet()), "log: " + log);
        assertArrayEquals(new double[] {200, 240, 220}, m.get(64).values(), 0);
        assertEquals(220.0, m.get(64).median(), 1e-12);
        assertArrayEquals(new double[] {70, 80}, m.get(112).values(), 0);
        assertTrue(
                log.stream().anyMatch(l -> l.contains("PyTorch 0.0-test (Python), small CNN, 112 px")), "log: " + log);
    }

    @Test
    void aFailingPeerIsReportedWithItsLastLine() throws Exception {
        Path script = Files.writeString(
                dir.resolve("peer.sh"), "echo 'ModuleNotFoundError: No module named torch'; exit 1\n");
        List<String> log = new ArrayList<>();
        assertTrue(bench(script, log).peer(true).isEmpty());
        assertTrue(
                log.stream()
                        .anyMatch(l -> l.equals("  PyTorch peer failed: ModuleNotFoundError: No module named torch")),
                "log: " + log);
    }

    @Test
    void roundRatiosPairEachRoundWithItsOwnPeer() {
        // round 2 was a slow spell for both sides: pooled medians would blur it, the paired ratios do not
        Measure r = Bench.roundRatios(List.of(80.0, 40.0, 90.0), List.of(100.0, 40.0, 60.0, 70.0));
        assertArrayEquals(new double[] {0.8, 1.0, 1.5}, r.values(), 1e-12);
        assertEquals(1.0, r.median(), 1e-12);
    }

    @Test
    void theGlibcDefaultsRunDropsExactlyTheLaunchersAllocatorSettings() {
        Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/bin", "MALLOC_ARENA_MAX", "2"));
        TorchRuntime.MALLOC_ENV.forEach(k -> env.put(k, "1"));
        Bench.withoutAllocatorSettings(env);
        assertEquals(Map.of("PATH", "/usr/bin", "MALLOC_ARENA_MAX", "2"), env);
    }
}
