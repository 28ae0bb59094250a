package org.rmfer4j.data;

import org.rmfer4j.core.RmferException;

/** Bad dataset input: the message names the file, the line or field, and what was expected. */
public class DatasetException extends RmferException {
    private static final long serialVersionUID = 1L;
    private final transient Problem problem;

    public DatasetException(Problem problem) {
        super(problem.toString());
        this.problem = problem;
    }

    public DatasetException(Problem problem, Throwable cause) {
        super(problem.toString(), cause);
        this.problem = problem;
    }

    /** The structured description of what went wrong. */
    public Problem problem() {
        return problem;
    }
}
