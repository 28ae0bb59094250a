package org.rmfer4j.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where loaders send what is wrong with their input. Loading for training uses {@link #failFast()}: the first
 * problem throws a {@link DatasetException}. {@code datasets verify} uses {@link #collecting()} to report every
 * problem in one pass.
 */
public interface ProblemSink {
    void report(Problem problem);

    /** Throws on the first problem. */
    static ProblemSink failFast() {
        return p -> {
            throw new DatasetException(p);
        };
    }

    /** Collects every problem (thread-safe). */
    static Collecting collecting() {
        return new Collecting();
    }

    /** A sink that remembers what it was told. */
    final class Collecting implements ProblemSink {
        private final List<Problem> problems = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void report(Problem problem) {
            problems.add(problem);
        }

        public List<Problem> problems() {
            synchronized (problems) {
                return List.copyOf(problems);
            }
        }
    }
}
