package org.rmfer4j.core;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A route to paths on a file system other than the local one, found by {@link Locations#of(String)} through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/org.rmfer4j.core.RemotePaths}). The returned paths work
 * with {@link java.nio.file.Files}' reading methods; the toolkit reads RMset indexes and crops through them.
 */
public interface RemotePaths {
    /** The path {@code uri} names, or empty when this route does not handle its scheme. */
    Optional<Path> path(URI uri);
}
