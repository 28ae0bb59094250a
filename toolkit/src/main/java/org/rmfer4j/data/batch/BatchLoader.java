package org.rmfer4j.data.batch;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.factory.Nd4j;
import org.rmfer4j.core.Nd4jSupport;
import org.rmfer4j.core.RmferException;
import org.rmfer4j.core.Seeds;
import org.rmfer4j.data.ClassOrder;
import org.rmfer4j.data.FaceDataset;
import org.rmfer4j.data.FaceSample;
import org.rmfer4j.data.transform.Preprocessor;

/**
 * Turns a {@link FaceDataset} into NCHW float32 batches, decoding and augmenting on background threads so the
 * trainer never waits on JPEG decoding. Everything random is derived from (seed, epoch, position), so batches are
 * identical whatever the number of workers.
 *
 * <pre>{@code
 * BatchLoader loader = BatchLoader.builder()
 *         .setDataset(train).setBatchSize(32).setPreprocessor(Preprocessor.train(112, norm))
 *         .optSampler(Sampler.classBalanced(train.labelIndices(), 42)).optSeed(42).build();
 * try (BatchLoader.Epoch epoch = loader.epoch(0)) {
 *     for (Batch b : epoch) { ... }
 * }
 * }</pre>
 */
public final class BatchLoader {
    private final FaceDataset dataset;
    private final int batchSize;
    private final Preprocessor preprocessor;
    private final ClassOrder targetOrder;
    private final Sampler sampler;
    private final boolean dropLast;
    private final int workers;
    private final int prefetch;
    private final long seed;
    private final boolean sampleSoftLabels;

    private BatchLoader(Builder b) {
        this.dataset = b.dataset;
        this.batchSize = b.batchSize;
        this.preprocessor = b.preprocessor;
        this.targetOrder = b.targetOrder != null ? b.targetOrder : b.dataset.classOrder();
        this.sampler = b.sampler != null ? b.sampler : Sampler.sequential(b.dataset.size());
        this.dropLast = b.dropLast;
        this.workers = b.workers;
        this.prefetch = b.prefetch;
        this.seed = b.seed;
        this.sampleSoftLabels = b.sampleSoftLabels;
        // Fail now, not on batch 300, if the target order cannot hold the dataset's classes.
        for (var e : dataset.classOrder().expressions()) {
            if (!targetOrder.contains(e)
                    && dataset.classCounts()[dataset.classOrder().indexOf(e)] > 0) {
                throw new RmferException("Dataset " + dataset.name() + " has " + e + " samples but the target order "
                        + targetOrder.name() + " has no such class");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Required: dataset, batch size, preprocessor. Optional: target order, sampler, drop-last, workers, prefetch, seed. */
    public static final class Builder {
        private @Nullable FaceDataset dataset;
        private int batchSize;
        private @Nullable Preprocessor preprocessor;
        private @Nullable ClassOrder targetOrder;
        private @Nullable Sampler sampler;
        private boolean dropLast;
        private int workers = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        private int prefetch = 2;
        private long seed = 42;
        private boolean sampleSoftLabels;

        public Builder setDataset(FaceDataset dataset) {
            this.dataset = Objects.requireNonNull(dataset);
            return this;
        }

        public Builder setBatchSize(int batchSize) {
            if (batchSize < 1) {
                throw new RmferException("Batch size must be >= 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        public Builder setPreprocessor(Preprocessor preprocessor) {
            this.preprocessor = Objects.requireNonNull(preprocessor);
            return this;
        }

        /** The class order of the targets (default: the dataset's). Labels are converted through expressions. */
        public Builder optTargetOrder(ClassOrder order) {
            this.targetOrder = Objects.requireNonNull(order);
            return this;
        }

        /** Default: sequential. */
        public Builder optSampler(Sampler sampler) {
            this.sampler = Objects.requireNonNull(sampler);
            return this;
        }

        /** Drop an incomplete last batch (the official code's training loader does). */
        public Builder optDropLast(boolean dropLast) {
            this.dropLast = dropLast;
            return this;
        }

        /** Decoding threads (default: cores − 1, at least 1). */
        public Builder optWorkers(int workers) {
            this.workers = Math.max(1, workers);
            return this;
        }

        /** Batches prepared ahead (default 2). */
        public Builder optPrefetch(int prefetch) {
            this.prefetch = Math.max(1, prefetch);
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Replace each soft label by one class drawn from it, per sample and epoch (FERPlus "probability" mode).
         */
        public Builder optSampleSoftLabels(boolean sample) {
            this.sampleSoftLabels = sample;
            return this;
        }

        public BatchLoader build() {
            if (dataset == null || batchSize == 0 || preprocessor == null) {
                throw new RmferException(
                        "BatchLoader.builder(): setDataset, setBatchSize and setPreprocessor are required");
            }
            if (dataset.size() == 0) {
                throw new RmferException("Dataset " + dataset.name() + " is empty: nothing to batch");
            }
            return new BatchLoader(this);
        }
    }

    public FaceDataset dataset() {
        return dataset;
    }

    public ClassOrder targetOrder() {
        return targetOrder;
    }

    public int batchSize() {
        return batchSize;
    }

    /** Number of batches in an epoch. */
    public int batchesPerEpoch() {
        return batchesFor(sampler.indices(0).length);
    }

    private int batchesFor(int samples) {
        return dropLast ? samples / batchSize : (samples + batchSize - 1) / batchSize;
    }

    /** Starts producing the batches of one epoch in the background. Close it (try-with-resources) when done. */
    public Epoch epoch(int epoch) {
        return new Epoch(epoch, 0);
    }

    /**
     * The batches of one epoch from batch {@code firstBatch} on (a resumed run): the same batches, with the same
     * augmentation, as the uninterrupted epoch yields from that position.
     */
    public Epoch epoch(int epoch, int firstBatch) {
        return new Epoch(epoch, firstBatch);
    }

    /** Builds one batch synchronously (tests, notebooks). */
    public Batch batch(int epoch, int batchIndex) {
        int[] order = sampler.indices(epoch);
        int from = batchIndex * batchSize;
        if (from >= order.length) {
            throw new RmferException("Batch " + batchIndex + " is past the end of epoch " + epoch);
        }
        int to = Math.min(order.length, from + batchSize);
        return assemble(epoch, batchIndex, order, from, to, null);
    }

    private Batch assemble(int epoch, int batchIndex, int[] order, int from, int to, @Nullable ExecutorService pool) {
        int b = to - from;
        int s = preprocessor.size();
        int per = 3 * s * s;
        float[] pixels = new float[b * per];
        int classes = targetOrder.size();
        float[] targets = new float[b * classes];
        int[] labels = new int[b];
        List<String> ids = new ArrayList<>(b);
        boolean anyLabel = false;
        List<Future<?>> pending = new ArrayList<>();
        for (int k = 0; k < b; k++) {
            int position = from + k;
            FaceSample sample = dataset.get(order[position]);
            ids.add(sample.id());
            SplittableRandom rng = new SplittableRandom(Seeds.mix(seed, epoch, position));
            long augSeed = rng.nextLong();
            labels[k] = -1;
            if (sample.softLabel() != null) {
                float[] soft = targetOrder.convert(sample.softLabel(), dataset.classOrder());
                if (sampleSoftLabels) {
                    int drawn = draw(soft, rng.nextDouble());
                    targets[k * classes + drawn] = 1f;
                    labels[k] = drawn;
                } else {
                    System.arraycopy(soft, 0, targets, k * classes, classes);
                    labels[k] = targetOrder.indexOf(Objects.requireNonNull(sample.label()));
                }
                anyLabel = true;
            } else if (sample.label() != null) {
                labels[k] = targetOrder.indexOf(sample.label());
                targets[k * classes + labels[k]] = 1f;
                anyLabel = true;
            }
            int offset = k * per;
            Runnable decode =
                    () -> preprocessor.apply(sample.image().load(), new SplittableRandom(augSeed), pixels, offset);
            if (pool == null) {
                decode.run();
            } else {
                pending.add(pool.submit(decode));
            }
        }
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RmferException("Interrupted while decoding a batch", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof RuntimeException re) {
                    throw re;
                }
                throw new RmferException("Decoding failed: " + c, c);
            }
        }
        Nd4jSupport.init();
        var images = Nd4j.create(pixels, new long[] {b, 3, s, s}, 'c');
        var t = anyLabel ? Nd4j.create(targets, new long[] {b, classes}, 'c') : null;
        return new Batch(images, t, labels, List.copyOf(ids), targetOrder, epoch, batchIndex);
    }

    private static int draw(float[] p, double u) {
        double sum = 0;
        for (float v : p) {
            sum += v;
        }
        double acc = 0;
        for (int i = 0; i < p.length; i++) {
            acc += p[i] / sum;
            if (u < acc) {
                return i;
            }
        }
        return p.length - 1;
    }

    private static final Object END = new Object();

    /** The batches of one epoch, produced ahead on a background thread. */
    public final class Epoch implements Iterator<Batch>, Iterable<Batch>, AutoCloseable {
        private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(prefetch);
        private final ExecutorService pool;
        private final Thread producer;
        private final int total;
        private final int first;
        private volatile boolean closed;
        private @Nullable Object next;

        Epoch(int epoch, int firstBatch) {
            int[] order = sampler.indices(epoch);
            this.total = batchesFor(order.length);
            if (firstBatch < 0 || firstBatch > total) {
                throw new RmferException(
                        "Epoch " + epoch + " has " + total + " batches; cannot start at batch " + firstBatch);
            }
            this.first = firstBatch;
            this.pool = Executors.newFixedThreadPool(workers, Nd4jSupport.threadFactory("rmfer-decode"));
            this.producer = Nd4jSupport.threadFactory("rmfer-batches").newThread(() -> {
                try {
                    for (int bi = firstBatch; bi < total && !closed; bi++) {
                        int from = bi * batchSize;
                        int to = Math.min(order.length, from + batchSize);
                        Batch batch = assemble(epoch, bi, order, from, to, pool);
                        queue.put(batch);
                    }
                    queue.put(END);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException | Error e) {
                    try {
                        queue.put(e);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                }
            });
            producer.start();
        }

        /** Number of batches this epoch yields. */
        public int size() {
            return total - first;
        }

        @Override
        public boolean hasNext() {
            if (next == null) {
                if (closed) {
                    return false;
                }
                try {
                    next = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RmferException("Interrupted while waiting for a batch", e);
                }
            }
            if (next instanceof RuntimeException re) {
                close();
                throw re;
            }
            if (next instanceof Error err) {
                close();
                throw err;
            }
            return next != END;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Batch b = (Batch) next;
            next = null;
            return b;
        }

        @Override
        public Iterator<Batch> iterator() {
            return this;
        }

        @Override
        public void close() {
            closed = true;
            producer.interrupt();
            pool.shutdownNow();
            queue.clear();
            try {
                producer.join(TimeUnit.SECONDS.toMillis(10));
                pool.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
