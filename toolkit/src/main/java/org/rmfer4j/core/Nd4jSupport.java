package org.rmfer4j.core;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Starts ND4J correctly wherever the toolkit runs. ND4J finds its native backend with {@code ServiceLoader} on the
 * <em>thread context class loader</em>; under JShell and Jupyter kernels that loader may not see
 * {@code nd4j-native}, and the first array fails with {@code NoAvailableBackendException} or
 * "Could not initialize class Nd4j". {@link #init()} points the context loader at ND4J's own loader before ND4J's
 * static initialisation runs, and threads made by {@link #threadFactory} carry the same loader.
 */
public final class Nd4jSupport {
    private static volatile boolean ready;

    private Nd4jSupport() {}

    /** Idempotent; call before the first ND4J use on a thread you did not create through the toolkit. */
    public static void init() {
        // A class literal loads without initialising: Nd4j's static initialiser has not run yet here.
        ClassLoader nd4jLoader = Nd4j.class.getClassLoader();
        Thread.currentThread().setContextClassLoader(nd4jLoader);
        if (!ready) {
            synchronized (Nd4jSupport.class) {
                if (!ready) {
                    Nd4j.getBackend();
                    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
                    ready = true;
                }
            }
        }
    }

    /** One line naming the backend and its build, for run records. */
    public static String backendInfo() {
        init();
        var env = Nd4j.getExecutioner().getEnvironmentInformation();
        return Nd4j.getBackend().getClass().getSimpleName() + " ("
                + Nd4j.getExecutioner().getClass().getSimpleName()
                + ", blas " + env.getProperty("blas.vendor", "?") + ", "
                + Nd4j.getEnvironment().maxThreads() + " threads, binaries "
                + Loader.getPlatform() + System.getProperty("org.bytedeco.javacpp.platform.extension", "") + ")";
    }

    /** Daemon threads whose context class loader can see ND4J's backend. */
    public static ThreadFactory threadFactory(String prefix) {
        AtomicInteger n = new AtomicInteger();
        ClassLoader loader = Nd4j.class.getClassLoader();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            t.setContextClassLoader(loader);
            return t;
        };
    }
}
