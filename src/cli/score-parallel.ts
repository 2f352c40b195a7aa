import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { scoreThread } from '../analyse/index.js';
import { ThreadlensError, type ErrorCode } from '../errors.js';
import type { ScoredThread, Thread } from '../model.js';
import type { AnalyseOptions, ArticleOverrides } from '../options.js';
import { makeIdsUnique, parse } from '../parse/index.js';
import { parseSidecar } from '../parse/sidecar.js';
import { formatDiagnostic } from '../report/diagnostics.js';
import { EXIT, expandInputs, readInput, readOptionalText, reportError, type CliIo } from './io.js';
import { UsageError } from './usage.js';

export interface WorkerJob {
  files: string[];
  cwd: string;
  tabSize: number;
  analyse: AnalyseOptions;
}

export type WorkerResult =
  | { file: string; scored: ScoredThread }
  | { file: string; error: { code: ErrorCode | 'internal'; message: string; file?: string | undefined; line?: number | undefined; column?: number | undefined } };

/** Reads one page with its sidecar (and any flags' overrides) and parses it. */
export async function loadPage(file: string, cwd: string, tabSize: number, flag: ArticleOverrides = {}): Promise<Thread> {
  const io = { cwd, stdout: { write: () => true }, stderr: { write: () => true } };
  const bytes = await readInput(file, io);
  const sidecarText = await readOptionalText(`${file}.meta.json`, io);
  const sidecar = sidecarText === null ? {} : parseSidecar(sidecarText, `${file}.meta.json`);
  return parse(bytes, { file, tabSize, overrides: { sidecar, flag } });
}

/** The compiled worker; absent when running from the TypeScript sources, where everything runs in one thread. */
const WORKER = new URL('./score-worker.js', import.meta.url);

/** How many threads to use by default: one per core, up to four. */
export function defaultJobs(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

/**
 * Reads, parses and scores the pages named on the command line (folders
 * expanded), on up to `jobs` worker threads, each taking a contiguous share
 * of the files balanced by count. Diagnostics and errors are reported in file
 * order whatever the worker that met them; results come back in file order.
 */
export async function loadAndScore(paths: string[], io: CliIo, options: { tabSize: number; analyse: AnalyseOptions; jobs: number }): Promise<{ scored: ScoredThread[]; exitCode: number }> {
  const files = await expandInputs(paths, io);
  if (files.length === 0) throw new UsageError(`expected page files, found none in ${paths.join(', ')}`);
  const jobs = Math.min(options.jobs, files.length);
  const results = jobs > 1 && existsSync(fileURLToPath(WORKER)) ? await inWorkers(files, io.cwd, options, jobs) : await inThisThread(files, io.cwd, options);
  let exitCode: number = EXIT.ok;
  const scored: ScoredThread[] = [];
  for (const result of results) {
    if ('error' in result) {
      if (result.error.code === 'invalid-option') throw new UsageError(result.error.message);
      reportError(result.error.code === 'internal' ? new Error(result.error.message) : new ThreadlensError(result.error.code, result.error.message, result.error), io);
      exitCode = EXIT.inputError;
      continue;
    }
    for (const diagnostic of result.scored.thread.diagnostics) io.stderr.write(formatDiagnostic(result.file, diagnostic) + '\n');
    if (result.scored.thread.diagnostics.some((diagnostic) => diagnostic.severity === 'error')) exitCode = EXIT.inputError;
    scored.push(result.scored);
  }
  makeIdsUnique(scored.map(({ thread }) => thread));
  return { scored, exitCode };
}

async function inThisThread(files: string[], cwd: string, options: { tabSize: number; analyse: AnalyseOptions }): Promise<WorkerResult[]> {
  const results: WorkerResult[] = [];
  for (const file of files) {
    try {
      results.push({ file, scored: scoreThread(await loadPage(file, cwd, options.tabSize), options.analyse) });
    } catch (error) {
      results.push({ file, error: errorResult(error) });
    }
  }
  return results;
}

function inWorkers(files: string[], cwd: string, options: { tabSize: number; analyse: AnalyseOptions }, jobs: number): Promise<WorkerResult[]> {
  const size = Math.ceil(files.length / jobs);
  const shares = Array.from({ length: jobs }, (_, k) => files.slice(k * size, (k + 1) * size)).filter((share) => share.length > 0);
  return Promise.all(
    shares.map(
      (share) =>
        new Promise<WorkerResult[]>((resolve, reject) => {
          const job: WorkerJob = { files: share, cwd, tabSize: options.tabSize, analyse: options.analyse };
          const worker = new Worker(WORKER, { workerData: job });
          worker.once('message', (results: WorkerResult[]) => resolve(results));
          worker.once('error', reject);
          worker.once('exit', (code) => {
            if (code !== 0) reject(new Error(`a scoring worker stopped with exit code ${code}`));
          });
        }),
    ),
  ).then((parts) => parts.flat());
}

/** An error as a worker reports it: a ThreadlensError's code and place, or an internal error's message. */
export function errorResult(error: unknown): Extract<WorkerResult, { error: unknown }>['error'] {
  return error instanceof ThreadlensError
    ? { code: error.code, message: error.message, file: error.file, line: error.line, column: error.column }
    : { code: 'internal', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}
