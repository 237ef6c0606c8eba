package dev.switchboard.client;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time, in submission order, on a shared executor: each client's state machine
 * and its message handler get a thread of their own in effect without owning one.
 */
final class SerialExecutor implements Executor {

  private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());

  private final Executor delegate;
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile Thread runner;

  SerialExecutor(Executor delegate) {
    this.delegate = delegate;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    schedule();
  }

  /** Whether the calling thread is running one of this executor's tasks right now. */
  boolean isCurrentThread() {
    return runner == Thread.currentThread();
  }

  private void schedule() {
    if (scheduled.compareAndSet(false, true)) {
      delegate.execute(this::drain);
    }
  }

  private void drain() {
    runner = Thread.currentThread();
    try {
      Runnable task;
      while ((task = tasks.poll()) != null) {
        try {
          task.run();
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.ERROR, "client task failed", e);
        }
      }
    } finally {
      runner = null;
      scheduled.set(false);
    }
    if (!tasks.isEmpty()) {
      schedule();
    }
  }
}
