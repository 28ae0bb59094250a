package org.rmfer4j.notebook.kernel;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl;

/**
 * Loads the classes JShell compiles from cells, with the kernel's own class loader as parent: a chart or table made
 * in a cell is an instance of the same class the kernel's renderers know, and the toolkit's static state is shared.
 * (JShell's default loader would load the toolkit a second time.)
 */
final class CellLoader extends URLClassLoader {
    private final Map<String, byte[]> pending = new ConcurrentHashMap<>();
    private final Map<String, Class<?>> loaded = new ConcurrentHashMap<>();

    CellLoader(ClassLoader parent) {
        super(new URL[0], parent);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] b = pending.get(name);
        if (b != null) {
            return defineClass(name, b, 0, b.length);
        }
        return super.findClass(name);
    }

    void load(ExecutionControl.ClassBytecodes[] cbcs) throws ExecutionControl.ClassInstallException {
        boolean[] ok = new boolean[cbcs.length];
        for (ExecutionControl.ClassBytecodes c : cbcs) {
            pending.put(c.name(), c.bytecodes());
        }
        for (int i = 0; i < cbcs.length; i++) {
            try {
                loaded.put(cbcs[i].name(), Class.forName(cbcs[i].name(), false, this));
                ok[i] = true;
            } catch (ClassNotFoundException | LinkageError e) {
                throw new ExecutionControl.ClassInstallException("Cannot load " + cbcs[i].name() + ": " + e, ok);
            }
        }
    }

    void classesRedefined(ExecutionControl.ClassBytecodes[] cbcs) {
        // JShell falls back to new class names when redefinition is not supported
    }

    void addToClasspath(String path) throws ExecutionControl.InternalException {
        for (String p : path.split(File.pathSeparator)) {
            if (p.isBlank()) {
                continue;
            }
            try {
                addURL(Path.of(p).toUri().toURL());
            } catch (MalformedURLException e) {
                throw new ExecutionControl.InternalException("Bad class path entry " + p);
            }
        }
    }

    Class<?> loadedOrFind(String name) throws ClassNotFoundException {
        Class<?> c = loaded.get(name);
        return c != null ? c : Class.forName(name, false, this);
    }

    // LoaderDelegate.findClass(String) clashes with ClassLoader.findClass(String): bridge it
    static LoaderDelegate delegate(CellLoader l) {
        return new LoaderDelegate() {
            @Override
            public void load(ExecutionControl.ClassBytecodes[] cbcs)
                    throws ExecutionControl.ClassInstallException, ExecutionControl.NotImplementedException,
                            ExecutionControl.EngineTerminationException {
                l.load(cbcs);
            }

            @Override
            public void classesRedefined(ExecutionControl.ClassBytecodes[] cbcs) {
                l.classesRedefined(cbcs);
            }

            @Override
            public void addToClasspath(String path)
                    throws ExecutionControl.EngineTerminationException, ExecutionControl.InternalException {
                l.addToClasspath(path);
            }

            @Override
            public Class<?> findClass(String name) throws ClassNotFoundException {
                return l.loadedOrFind(name);
            }
        };
    }
}
