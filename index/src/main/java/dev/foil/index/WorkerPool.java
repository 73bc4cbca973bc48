package dev.foil.index;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A fixed pool of daemon worker threads for the library's parallel work (indexing, batch retrieval),
 * whose {@link #await} rethrows a task's own exception rather than a wrapped one. Closing it lets
 * queued tasks finish without interrupting them (an interrupt inside Lucene's IndexWriter can leave it
 * unusable), then stops the workers.
 */
public final class WorkerPool implements AutoCloseable {
  private final ExecutorService executor;

  /**
   * @param name thread name, for stack dumps
   * @param threads number of workers, ≥ 1
   */
  public WorkerPool(String name, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("illegal threads value: " + threads + ", must be at least 1");
    }
    this.executor = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    });
  }

  /** The underlying executor, for libraries that take one (Lucene's concurrent HNSW merge). */
  public ExecutorService executor() {
    return executor;
  }

  /** Queues {@code task}. */
  public <T> Future<T> submit(Callable<T> task) {
    return executor.submit(task);
  }

  /**
   * Waits for {@code f} and returns its value, rethrowing the task's {@link IOException} or
   * unchecked exception as itself.
   */
  public static <T> T await(Future<T> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for a worker");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IOException(cause);
    }
  }

  /** A body run over a contiguous range of indexes. */
  @FunctionalInterface
  public interface RangeBody {
    void run(int from, int to) throws IOException;
  }

  /**
   * Splits {@code [0, n)} into {@code slices} contiguous ranges, runs {@code body} on each in this
   * pool, and waits for all. Which thread runs a range never changes what it computes.
   */
  public void parallelFor(int n, int slices, RangeBody body) throws IOException {
    int s = Math.max(1, Math.min(n, slices));
    java.util.List<Future<Void>> tasks = new java.util.ArrayList<>(s);
    for (int i = 0; i < s; i++) {
      int from = (int) ((long) n * i / s);
      int to = (int) ((long) n * (i + 1) / s);
      tasks.add(submit(() -> {
        body.run(from, to);
        return null;
      }));
    }
    for (Future<Void> f : tasks) {
      await(f);
    }
  }

  @Override
  public void close() {
    executor.close();
  }
}
