package org.rmfer4j.model;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import org.nd4j.linalg.api.buffer.DataType;
import org.rmfer4j.core.RmferException;

/**
 * One training engine, found through {@link ServiceLoader}: each engine package lists its provider in
 * {@code META-INF/services/org.rmfer4j.model.EngineProvider}. The model package names the engines ({@link Engine})
 * but never imports them, so the engines sit above the model and a new engine needs no change here.
 */
public interface EngineProvider {
    /** Which engine this provides. */
    Engine engine();

    /** A new model with freshly initialised weights. */
    RmferModel create(ModelConfig config);

    /** The same in another precision (double for gradient checks and parity tests). */
    RmferModel create(ModelConfig config, DataType dtype);

    /** One line on the native runtime behind the engine (library version, threads), for a run's environment file. */
    String runtime();

    /** The provider of {@code engine}, or an error naming what is missing from the class path. */
    static EngineProvider of(Engine engine) {
        EngineProvider p = Registry.PROVIDERS.get(engine);
        if (p == null) {
            throw new RmferException("The " + engine.name().toLowerCase(Locale.ROOT)
                    + " engine is not on the class path: "
                    + "no META-INF/services/" + EngineProvider.class.getName() + " entry provides it (engines found: "
                    + Registry.PROVIDERS.keySet() + ")");
        }
        return p;
    }

    /** The providers on the class path, read once. */
    final class Registry {
        private static final Map<Engine, EngineProvider> PROVIDERS = load();

        private Registry() {}

        private static Map<Engine, EngineProvider> load() {
            Map<Engine, EngineProvider> m = new EnumMap<>(Engine.class);
            // The toolkit's own class loader: JShell and the Jupyter kernel run user code under another one.
            for (EngineProvider p : ServiceLoader.load(EngineProvider.class, EngineProvider.class.getClassLoader())) {
                EngineProvider before = m.putIfAbsent(p.engine(), p);
                if (before != null && before.getClass() != p.getClass()) {
                    throw new RmferException("Two providers of the " + p.engine() + " engine on the class path: "
                            + before.getClass().getName() + " and "
                            + p.getClass().getName());
                }
            }
            return m;
        }
    }
}
