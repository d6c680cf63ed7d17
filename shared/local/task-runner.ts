import type { TaskQueue } from '../app/task-queue.js';

interface TaskWorker {
  runTask(taskId: string): Promise<unknown>;
  pendingTasks(limit: number): Promise<{ id: string }[]>;
}

interface RunnerLogger {
  error(message: string, attributes: Record<string, unknown>): void;
}

/**
 * The local stand-in for the stream-triggered worker: runs a task as soon as it is accepted, and
 * polls for pending ones (a task whose run crashed, or one accepted by another process sharing the
 * SQLite file). Running the same task twice is safe: the worker claims it conditionally.
 */
export class LocalTaskRunner implements TaskQueue {
  private timer: NodeJS.Timeout | undefined;
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly worker: TaskWorker,
    private readonly logger: RunnerLogger,
    private readonly pollMs = 1000,
  ) {}

  notify(taskId: string): void {
    this.track(this.worker.runTask(taskId));
  }

  start(): void {
    this.timer ??= setInterval(() => this.track(this.poll()), this.pollMs);
    this.timer.unref();
  }

  /** Stops polling and waits for the tasks in flight. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await Promise.allSettled([...this.running]);
  }

  private async poll(): Promise<void> {
    for (const task of await this.worker.pendingTasks(10)) await this.worker.runTask(task.id);
  }

  private track(work: Promise<unknown>): void {
    const done: Promise<void> = work.then(
      () => undefined,
      (error: unknown) => this.logger.error('background task failed', { error }),
    );
    this.running.add(done);
    void done.finally(() => this.running.delete(done));
  }
}
