/**
 * A worker thread of `analyse` and `export`: reads, parses and scores its share
 * of the page files and sends the scored threads back, in order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { scoreThread } from '../analyse/index.js';
import { errorResult, loadPage, type WorkerJob, type WorkerResult } from './score-parallel.js';

const job = workerData as WorkerJob;
const results: WorkerResult[] = [];
for (const file of job.files) {
  try {
    const thread = await loadPage(file, job.cwd, job.tabSize);
    results.push({ file, scored: scoreThread(thread, job.analyse) });
  } catch (error) {
    results.push({ file, error: errorResult(error) });
  }
}
parentPort!.postMessage(results);
