package org.rmfer4j.core;

/**
 * The toolkit's one unchecked exception type. The public API throws no checked exceptions (friendly to Kotlin,
 * JShell and notebooks); I/O and parsing failures are wrapped here with a message that says what was expected.
 */
public class RmferException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RmferException(String message) {
        super(message);
    }

    public RmferException(String message, Throwable cause) {
        super(message, cause);
    }
}
