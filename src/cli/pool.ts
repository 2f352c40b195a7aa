import { Worker } from 'node:worker_threads';

/** One task for a worker thread: the message, and what it hands over rather than copies. */
export interface PoolTask {
  message: unknown;
  transfer?: ArrayBuffer[];
}

/**
 * Runs `count` tasks on `jobs` worker threads made from `script` (each given
 * `workerData` once): each worker holds `perWorker` tasks, by default two —
 * the one it works on and the next, so that it never waits for this thread,
 * busy with the answers, to send it work — and is sent another as soon as it
 * answers one; the answers come out in task order. At most `ahead` tasks run or
 * wait beyond the last answer given out, so a slow task holds back only that
 * many answers in memory. A worker that fails ends it with its error.
 *
 * The worker answers `{ index, message }` with `{ index, result }`.
 */
export async function* inOrderOnWorkers<Result>(
  script: URL,
  workerData: unknown,
  count: number,
  taskOf: (index: number) => PoolTask,
  jobs: number,
  ahead = 4 * jobs,
  perWorker = 2,
): AsyncGenerator<Result> {
  const ready = new Map<number, Result>();
  /** A worker once for each task it could take now but was not sent (the `ahead` limit). */
  const idle: Worker[] = [];
  let next = 0;
  let given = 0;
  // Set by the workers' events (an object, so that the loop below reads it afresh).
  const failed: { error?: unknown; any: boolean } = { any: false };
  let wake: (() => void) | null = null;
  const rouse = (): void => {
    const resume = wake;
    wake = null;
    resume?.();
  };
  const fail = (error: unknown): void => {
    if (!failed.any) Object.assign(failed, { error, any: true });
    rouse();
  };
  const dispatch = (worker: Worker): void => {
    if (next >= count || next - given >= ahead) {
      idle.push(worker);
      return;
    }
    const index = next++;
    const { message, transfer } = taskOf(index);
    worker.postMessage({ index, message }, transfer ?? []);
  };
  const workers = Array.from({ length: Math.max(1, Math.min(jobs, count)) }, () => new Worker(script, { workerData }));
  try {
    for (const worker of workers) {
      worker.on('message', ({ index, result }: { index: number; result: Result }) => {
        ready.set(index, result);
        dispatch(worker);
        rouse();
      });
      worker.once('error', (error) => fail(error));
      worker.once('exit', (code) => {
        if (given < count) fail(new Error(`a worker thread stopped with exit code ${code}`));
      });
      for (let slot = 0; slot < perWorker; slot++) dispatch(worker);
    }
    while (given < count) {
      if (failed.any) throw failed.error;
      const result = ready.get(given);
      if (result === undefined) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      ready.delete(given++);
      while (idle.length > 0 && next < count && next - given < ahead) dispatch(idle.pop()!);
      yield result;
    }
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
