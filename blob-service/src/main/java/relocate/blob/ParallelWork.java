package relocate.blob;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one task per item on a few threads, for work that waits on a store (HEADs, small uploads) more than
 * it computes. The first failure stops what has not started yet and is rethrown once the running tasks end.
 */
public final class ParallelWork {

    @FunctionalInterface
    public interface Task<T> {
        void run(T item) throws IOException;
    }

    private ParallelWork() {
    }

    public static <T> void forEach(List<T> items, int threads, String name, Task<T> task) throws IOException {
        if (threads <= 1 || items.size() <= 1) {
            for (T item : items) {
                task.run(item);
            }
            return;
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, items.size()), named(name));
        try {
            for (T item : items) {
                pool.execute(() -> {
                    if (failure.get() != null) {
                        return;
                    }
                    try {
                        task.run(item);
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                });
            }
            pool.shutdown();
            while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
                // the tasks are bounded by the stores' own timeouts; keep waiting
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + name + " was running");
        }
        Throwable t = failure.get();
        if (t instanceof IOException io) {
            throw io;
        }
        if (t instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (t instanceof Error error) {
            throw error;
        }
    }

    private static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
