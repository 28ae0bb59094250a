package org.rmfer4j.notebook.kernel;

import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jshell.execution.DirectExecutionControl;
import org.jspecify.annotations.Nullable;

/**
 * Runs JShell snippets in the kernel's JVM, so a cell's value is the real object (an image, a chart, a table) and
 * not its string. Each snippet runs on its own thread, which {@link #stop()} can end: that is how an interrupt stops
 * a long cell without killing the kernel.
 */
final class CellExecution extends DirectExecutionControl {
    private final Map<String, Object> values = new ConcurrentHashMap<>();
    private final AtomicLong keys = new AtomicLong();
    private final ClassLoader contextLoader;
    private volatile @Nullable Thread running;
    private volatile boolean stopRequested;
    private volatile boolean stopped;

    CellExecution(CellLoader loader) {
        super(CellLoader.delegate(loader));
        this.contextLoader = loader;
    }

    @Override
    protected String invoke(Method doit) throws Exception {
        Object[] result = new Object[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(
                () -> {
                    try {
                        result[0] = doit.invoke(null);
                    } catch (InvocationTargetException e) {
                        failure[0] = e.getCause();
                    } catch (Throwable e) {
                        failure[0] = e;
                    }
                },
                "rmfer-cell");
        t.setContextClassLoader(contextLoader);
        running = t;
        t.start();
        try {
            t.join();
        } finally {
            running = null;
        }
        if (failure[0] instanceof ThreadDeath || stopRequested) {
            stopRequested = false;
            stopped = true;
            throw new StoppedException();
        }
        if (failure[0] != null) {
            throw new InvocationTargetException(failure[0]);
        }
        String key = "rmfer-value-" + keys.incrementAndGet();
        if (result[0] != null) {
            values.put(key, result[0]);
        }
        return key;
    }

    /** The value of a variable (JShell asks for it after each declaration and temporary expression variable). */
    @Override
    public String varValue(String className, String varName)
            throws RunException, EngineTerminationException, InternalException {
        try {
            Field f = findClass(className).getField(varName);
            f.setAccessible(true);
            Object v = f.get(null);
            String key = "rmfer-value-" + keys.incrementAndGet();
            if (v != null) {
                values.put(key, v);
            }
            return key;
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new InternalException("Cannot read " + className + "." + varName + ": " + e);
        }
    }

    /** Drops every stored value. */
    void forgetValues() {
        values.clear();
    }

    /** The object a snippet returned, by the key JShell reported as its value (removed on read). */
    @Nullable
    Object take(@Nullable String key) {
        return key == null ? null : values.remove(key);
    }

    /** True once after a cell was stopped by an interrupt. */
    boolean takeStopped() {
        boolean s = stopped;
        stopped = false;
        return s;
    }

    /** Whether a value string is one of this engine's keys. */
    static boolean isKey(@Nullable String s) {
        return s != null && s.startsWith("rmfer-value-");
    }

    /** Stops the running cell, if any (interrupt first, then a hard stop for code that ignores interrupts). */
    @SuppressWarnings({"deprecation", "removal"})
    void stopCell() {
        Thread t = running;
        if (t == null) {
            return;
        }
        stopRequested = true;
        t.interrupt();
        try {
            t.join(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) {
            t.stop(); // Java 17: still works; a loop that ignores interrupts has no other way out in-process
        }
    }

    @Override
    public void stop() {
        stopCell();
    }
}
