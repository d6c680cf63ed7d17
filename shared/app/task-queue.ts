/**
 * How an accepted background task reaches a worker. In the cloud the task item's insertion does
 * (a DynamoDB stream triggers the worker Lambda), so `notify` does nothing; locally the runner
 * starts it at once.
 */
export interface TaskQueue {
  notify(taskId: string): void;
}

export const streamTriggeredTasks: TaskQueue = { notify: () => undefined };
