import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { analyseThread } from '../analyse/index.js';
import { errorOf, isUsageProblem, problemOf, type Problem, type Thread } from '../model/index.js';
import { normalizeAnalyseOptions, type AnalyseOptions, type ArticleOverrides, type NormalizedAnalyseOptions } from '../options/index.js';
import { parse } from '../parse/index.js';
import { parseSidecar } from '../parse/sidecar.js';
import { expandInputs, readInput, readOptionalText, usage, type CliIo } from './io.js';

/** How pages are read: tab size, article fields from flags (all files, or per file). */
export interface PageReading {
  tabSize: number;
  flag?: ArticleOverrides;
  perFile?: ReadonlyMap<string, ArticleOverrides>;
}

/** One file's outcome: its thread (analysed when analysis was asked for), or the problem that stopped it. */
export type PageResult = { file: string; thread: Thread } | { file: string; problem: Problem };

/** What a worker thread is given: plain data only. */
export interface WorkerJob {
  files: string[];
  cwd: string;
  reading: PageReading;
  analyse: AnalyseOptions | null;
}

/** Reads one page with its sidecar (and any flags' overrides), parses it and, with options, analyses it. */
export async function loadPage(file: string, cwd: string, reading: PageReading, analyse: AnalyseOptions | NormalizedAnalyseOptions | null): Promise<PageResult> {
  try {
    const bytes = await readInput(file, cwd);
    const sidecarText = await readOptionalText(`${file}.meta.json`, cwd);
    const sidecar = sidecarText === null ? {} : parseSidecar(sidecarText, `${file}.meta.json`);
    const flag = { ...reading.flag, ...reading.perFile?.get(file) };
    const thread = parse(bytes, { file, tabSize: reading.tabSize, overrides: { sidecar, flag } });
    return { file, thread: analyse === null ? thread : analyseThread(thread, analyse) };
  } catch (error) {
    return { file, problem: problemOf(error, file) };
  }
}

/** The compiled worker; absent when running from the TypeScript sources, where everything runs in one thread. */
const WORKER = new URL('./load-worker.js', import.meta.url);

/** How many threads to use by default: one per core, up to four. */
export function defaultJobs(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

export interface Loaded<T extends Thread> {
  threads: T[];
  /** Every problem met, in file order: each thread's diagnostics (naming its file) and each file that could not be processed. */
  problems: Problem[];
}

/**
 * The one loader of the CLI: reads, parses and (with analysis options)
 * analyses the pages named on the command line, folders expanded, on up to
 * `jobs` worker threads, each taking a contiguous share of the files.
 * Results and problems come back in file order whatever the worker; `onPage`
 * sees each in that order. A file that cannot be processed is a problem of
 * severity `error`, and the others go on.
 */
export async function loadPages<T extends Thread = Thread>(
  paths: string[],
  io: CliIo,
  options: { reading: PageReading; analyse: NormalizedAnalyseOptions | null; jobs?: number; onPage?: (result: PageResult, problems: Problem[]) => void },
): Promise<Loaded<T>> {
  const files = await expandInputs(paths, io);
  if (files.length === 0) throw usage(`expected page files, found none in ${paths.join(', ')}`);
  const jobs = Math.min(options.jobs ?? 1, files.length);
  const results =
    jobs > 1 && existsSync(fileURLToPath(WORKER))
      ? await inWorkers(files, io.cwd, options.reading, options.analyse, jobs)
      : await inThisThread(files, io.cwd, options.reading, options.analyse);
  const threads: T[] = [];
  const problems: Problem[] = [];
  for (const result of results) {
    // A bad option reaches every file alike: it is the command's mistake, not the file's.
    if ('problem' in result && isUsageProblem(result.problem)) throw errorOf(result.problem);
    const found = 'problem' in result ? [result.problem] : result.thread.diagnostics.map((diagnostic) => ({ ...diagnostic, file: result.file }));
    problems.push(...found);
    if ('thread' in result) threads.push(result.thread as T);
    options.onPage?.(result, found);
  }
  return { threads, problems };
}

async function inThisThread(files: string[], cwd: string, reading: PageReading, analyse: NormalizedAnalyseOptions | null): Promise<PageResult[]> {
  const results: PageResult[] = [];
  for (const file of files) results.push(await loadPage(file, cwd, reading, analyse));
  return results;
}

function inWorkers(files: string[], cwd: string, reading: PageReading, analyse: NormalizedAnalyseOptions | null, jobs: number): Promise<PageResult[]> {
  const size = Math.ceil(files.length / jobs);
  const shares = Array.from({ length: jobs }, (_, k) => files.slice(k * size, (k + 1) * size)).filter((share) => share.length > 0);
  return Promise.all(
    shares.map(
      (share) =>
        new Promise<PageResult[]>((resolve, reject) => {
          const job: WorkerJob = { files: share, cwd, reading, analyse: analyse === null ? null : normalizeAnalyseOptions(analyse).source };
          const worker = new Worker(WORKER, { workerData: job });
          worker.once('message', (results: PageResult[]) => resolve(results));
          worker.once('error', reject);
          worker.once('exit', (code) => {
            if (code !== 0) reject(new Error(`a worker thread stopped with exit code ${code}`));
          });
        }),
    ),
  ).then((parts) => parts.flat());
}
