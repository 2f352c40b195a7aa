/**
 * A worker thread of the loader: reads, parses and (when asked) analyses the
 * page files it is sent (see inOrderOnWorkers), one at a time, and sends
 * each result back with the file's index. Options are normalised once here, for all its files.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { problemOf } from '../model/problem.js';
import { normalizeAnalyseOptions, type NormalizedAnalyseOptions } from '../options/index.js';
import { loadPage, type PageResult, type WorkerJob } from './load.js';

const job = workerData as WorkerJob;
let analyse: NormalizedAnalyseOptions | null = null;
let setup: unknown = null;
try {
  analyse = job.analyse === null ? null : normalizeAnalyseOptions(job.analyse);
} catch (error) {
  setup = error;
}
parentPort!.on('message', ({ index, message: file }: { index: number; message: string }) => {
  const answer = (result: PageResult): void => parentPort!.postMessage({ index, result });
  if (setup !== null) answer({ file, threads: [], problems: [problemOf(setup)] });
  else void loadPage(file, job.cwd, job.reading, analyse).then(answer);
});
