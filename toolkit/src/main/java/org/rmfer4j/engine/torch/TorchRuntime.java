package org.rmfer4j.engine.torch;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.bytedeco.pytorch.global.torch;
import org.rmfer4j.core.Nd4jSupport;
import org.rmfer4j.core.RmferException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts libtorch and ND4J into the threading set-up that makes the torch engine fast on a CPU, and checks it
 * (measured in {@code shared/reference/java-stack.md} §13):
 * <ul>
 *   <li>ATen's intra-op threads = the cores;</li>
 *   <li>OpenBLAS (shared by ND4J and libtorch) at 1 thread — set <em>after</em> ND4J starts, because ND4J resets it;
 *       otherwise OpenBLAS's busy-waiting pool fights ATen's OpenMP threads and training runs at half speed;</li>
 *   <li>oneDNN (MKLDNN) enabled: without it training is ~25× slower.</li>
 * </ul>
 * {@link #init()} applies it once; {@link #enforce()} re-applies it cheaply before each step, so nothing that runs
 * later (another ND4J start, a user's call) can bring the 2× trap back silently.
 */
public final class TorchRuntime {
    private static final Logger LOG = LoggerFactory.getLogger(TorchRuntime.class);
    private static volatile boolean ready;
    private static int threads;

    private TorchRuntime() {}

    /** The threading set-up in force. */
    public record Setup(
            int atenThreads, int openblasThreads, boolean oneDnnAvailable, boolean oneDnnEnabled, boolean mallocTuned) {
        @Override
        public String toString() {
            return "libtorch " + atenThreads + " threads, OpenBLAS " + openblasThreads + " thread(s), oneDNN "
                    + (oneDnnEnabled ? "on" : (oneDnnAvailable ? "OFF" : "unavailable")) + ", glibc malloc "
                    + (mallocTuned
                            ? "tuned"
                            : "default (training at 112 px up to ~40% slower; ./rmfer and the kernel set "
                                    + String.join(", ", MALLOC_ENV) + ")");
        }
    }

    /**
     * The glibc allocator settings the launcher exports for its commands and the Jupyter kernel ({@code malloc.env}): with
     * glibc's defaults every training step maps, faults in and zeroes its large buffers anew (no block is mapped on its
     * own any more: {@code MALLOC_MMAP_MAX_=0}, since glibc caps the mmap threshold at 32 MB). They must be in the
     * environment before the process starts, so they are only checked and reported here.
     */
    public static final List<String> MALLOC_ENV = mallocNames();

    /** The names in {@code malloc.env}, the launch settings' one list (toolkit/src/main/launch, copied into the jar). */
    private static List<String> mallocNames() {
        try (var in = TorchRuntime.class.getResourceAsStream("/org/rmfer4j/launch/malloc.env")) {
            if (in == null) {
                throw new IllegalStateException("org/rmfer4j/launch/malloc.env is missing from the toolkit jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> l.substring(0, l.indexOf('=')))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read org/rmfer4j/launch/malloc.env", e);
        }
    }

    /** Whether the process started with the allocator settings of {@link #MALLOC_ENV}. */
    public static boolean mallocTuned() {
        return MALLOC_ENV.stream().allMatch(k -> System.getenv(k) != null);
    }

    /** libtorch_cpu.so in JavaCPP's cache, extracted now if it is not there yet (null when it cannot be found). */
    static java.io.@org.jspecify.annotations.Nullable File cachedLibTorchCpu() {
        try {
            return Loader.cacheResource(torch.class, Loader.getPlatform() + "/libtorch_cpu.so");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** See {@link ElfStack}: silences the JVM's stack-guard warning before libtorch is loaded. */
    private static void clearExecStack() {
        File lib = cachedLibTorchCpu();
        if (lib != null && ElfStack.clear(lib)) {
            LOG.info("cleared the executable-stack flag of {} (as execstack -c would)", lib);
        }
    }

    public static synchronized Setup init() {
        if (!ready) {
            Nd4jSupport.init(); // first, so its OpenBLAS set-up happens before ours
            clearExecStack();
            Loader.load(torch.class);
            threads = Integer.getInteger(
                    "rmfer.torch.threads", Runtime.getRuntime().availableProcessors());
            torch.set_num_threads(threads);
            if (torch.hasMKLDNN()) {
                torch.globalContext().setUserEnabledMkldnn(true);
            }
            ready = true;
        }
        enforce();
        Setup s = setup();
        LOG.info("torch engine: {}", s);
        if (s.openblasThreads() != 1 || !s.oneDnnEnabled() && s.oneDnnAvailable()) {
            throw new RmferException("torch engine threading set-up did not hold: " + s);
        }
        return s;
    }

    /** Re-applies the OpenBLAS and ATen thread counts (cheap; called before every step). */
    public static void enforce() {
        if (openblas_nolapack.blas_get_num_threads() != 1) {
            openblas_nolapack.blas_set_num_threads(1);
        }
        if (torch.get_num_threads() != threads) {
            torch.set_num_threads(threads);
        }
    }

    /** What is in force now. */
    public static Setup setup() {
        return new Setup(
                torch.get_num_threads(),
                openblas_nolapack.blas_get_num_threads(),
                torch.hasMKLDNN(),
                torch.hasMKLDNN() && torch.globalContext().userEnabledMkldnn(),
                mallocTuned());
    }
}
