/**
 * A worker thread of the loader: reads, parses and (when asked) analyses its
 * share of the page files, and sends the results back in order. Options are
 * normalised once here, for all its files.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { problemOf } from '../model/problem.js';
import { normalizeAnalyseOptions } from '../options/index.js';
import { loadPage, type PageResult, type WorkerJob } from './load.js';

const job = workerData as WorkerJob;
let results: PageResult[];
try {
  const analyse = job.analyse === null ? null : normalizeAnalyseOptions(job.analyse);
  results = [];
  for (const file of job.files) results.push(await loadPage(file, job.cwd, job.reading, analyse));
} catch (error) {
  results = job.files.map((file) => ({ file, threads: [], problems: [problemOf(error)] }));
}
parentPort!.postMessage(results);
