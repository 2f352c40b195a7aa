import { createReadStream, existsSync } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { analyseThread } from '../analyse/index.js';
import { errorOf, isUsageProblem, problemOf, type Problem, type Thread } from '../model/index.js';
import { normalizeAnalyseOptions, type AnalyseOptions, type ArticleOverrides, type NormalizedAnalyseOptions } from '../options/index.js';
import { overrideArticle, parse } from '../parse/index.js';
import { decodeText } from '../parse/decode.js';
import { detectFormat, SNIFF_CHARACTERS } from '../parse/formats/detect.js';
import { readDocument } from '../parse/formats/index.js';
import { DEFAULT_RECORD_COLUMNS, type InputFormat, type RecordColumns } from '../parse/formats/types.js';
import { parseSidecar } from '../parse/sidecar.js';
import { expandInputs, readInput, readOptionalText, usage, type CliIo } from './io.js';
import { inOrderOnWorkers } from './pool.js';

/** How pages are read: tab size, article fields from flags (all files, or per file), the input format and record columns. */
export interface PageReading {
  tabSize: number;
  flag?: ArticleOverrides;
  perFile?: ReadonlyMap<string, ArticleOverrides>;
  /** The input format, when the user names it (else told from each file's content). */
  format?: InputFormat;
  /** Record columns for JSON Lines and CSV inputs, where they differ from the defaults. */
  columns?: Partial<RecordColumns>;
}

/**
 * One input file's outcome: its threads (analysed when analysis was asked
 * for) and the problems that belong to no thread — or, for a file that could
 * not be processed, no threads and the problem that stopped it.
 */
export interface PageResult {
  file: string;
  threads: Thread[];
  problems: Problem[];
}

/** What a worker thread is given once: plain data only. */
export interface WorkerJob {
  cwd: string;
  reading: PageReading;
  analyse: AnalyseOptions | null;
}

/** Above this size an export is read as a stream, never whole. */
const STREAM_BYTES = 64 * 1024 * 1024;

/**
 * Reads one input file, in whichever format its content shows (see
 * detectFormat), into its threads, analysing each as it is read when
 * analysis options are given. A page (a text dump or a saved WordPress page)
 * takes its sidecar `<file>.meta.json` and any flags' article fields; an
 * export's threads come as the export has them.
 */
export async function loadPage(
  file: string,
  cwd: string,
  reading: PageReading,
  analyse: AnalyseOptions | NormalizedAnalyseOptions | null,
  onThread?: (thread: Thread) => void,
): Promise<PageResult> {
  try {
    // With `onThread`, each thread goes there as soon as it is read (and analysed), and the result lists none.
    const threads: Thread[] = [];
    const emit = (thread: Thread): void => {
      const done = analyse === null ? thread : analyseThread(thread, analyse);
      if (onThread) onThread(done);
      else threads.push(done);
    };
    const columns: RecordColumns = { ...DEFAULT_RECORD_COLUMNS, ...reading.columns };
    const size = await inputSize(file, cwd);
    if (size > STREAM_BYTES && reading.format !== 'text') {
      // Large: told from its first characters, then read as a stream.
      const format = reading.format ?? detectFormat(await readHead(file, cwd), file, columns);
      if (format !== 'text') {
        const problems = await readDocument(format, streamText(file, cwd), { file, columns }, emit);
        return { file, threads, problems: problems.map((problem) => ({ ...problem, file })) };
      }
    }
    const bytes = await readInput(file, cwd);
    // Told from the start of the file; a page dump is then decoded once, by parse.
    const format = reading.format ?? detectFormat(headText(bytes, file), file, columns);
    const overrides = async () => {
      const sidecarText = await readOptionalText(`${file}.meta.json`, cwd);
      const sidecar = sidecarText === null ? {} : parseSidecar(sidecarText, `${file}.meta.json`);
      return { sidecar, flag: { ...reading.flag, ...reading.perFile?.get(file) } };
    };
    if (format === 'text') {
      emit(parse(bytes, { file, tabSize: reading.tabSize, overrides: await overrides() }));
      return { file, threads, problems: [] };
    }
    const decoded = decodeText(bytes, file);
    const found: Thread[] = [];
    const problems = await readDocument(format, once(decoded.text.replace(/^\uFEFF/, '')), { file, columns }, (thread) => found.push(thread));
    const page = format === 'wordpress-html' ? await overrides() : null;
    for (const thread of found) {
      thread.diagnostics.unshift(...decoded.diagnostics);
      emit(page === null ? thread : { ...thread, article: overrideArticle(thread.article, page) });
    }
    return { file, threads, problems: problems.map((problem) => ({ ...problem, file })) };
  } catch (error) {
    return { file, threads: [], problems: [problemOf(error, file)] };
  }
}

async function inputSize(file: string, cwd: string): Promise<number> {
  try {
    return (await stat(path.resolve(cwd, file))).size;
  } catch {
    // readInput says why, naming the file.
    return 0;
  }
}

/** The first characters of a file, for telling its format. */
async function readHead(file: string, cwd: string): Promise<string> {
  const handle = await open(path.resolve(cwd, file), 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_CHARACTERS);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return headText(buffer.subarray(0, bytesRead), file);
  } finally {
    await handle.close();
  }
}

/** A file's text in chunks, UTF-8 (invalid bytes read as U+FFFD), the BOM left out. */
async function* streamText(file: string, cwd: string): AsyncGenerator<string> {
  const stream = createReadStream(path.resolve(cwd, file), { highWaterMark: 1 << 20 });
  stream.setEncoding('utf8');
  let first = true;
  for await (const chunk of stream as AsyncIterable<string>) {
    yield first ? chunk.replace(/^\uFEFF/, '') : chunk;
    first = false;
  }
}

/** The first characters of a file's bytes as text (what its format is told from), without a BOM. */
function headText(bytes: Uint8Array, file: string): string {
  return decodeText(bytes.subarray(0, SNIFF_CHARACTERS), file).text.replace(/^\uFEFF/, '');
}

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}


/** The compiled worker; absent when running from the TypeScript sources, where everything runs in one thread. */
const WORKER = new URL('./load-worker.js', import.meta.url);

/** How many threads to use by default: one per core, up to four. */
export function defaultJobs(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

export interface Loaded<T extends Thread> {
  /** The threads in file order (none when they went to `onThread`). */
  threads: T[];
  /** How many threads were read. */
  count: number;
  /** Every problem met, in file order: each thread's diagnostics (naming its file) and each file that could not be processed. */
  problems: Problem[];
  /** Notes (severity info) not passed to `onPage`, by code: how many of each beyond the first INFO_PER_CODE. */
  unshown: Array<{ code: string; count: number }>;
}

/**
 * The one loader of the CLI: reads, parses and (with analysis options)
 * analyses the pages named on the command line, folders expanded, on up to
 * `jobs` worker threads, each given the next file as it finishes one.
 * Results and problems come in file order whatever the worker; `onPage` sees
 * each file's in that order. With `onThread`, every thread is handed to it,
 * in file order, as soon as its file's turn has come, and none is kept. A
 * file that cannot be processed is a problem of severity `error`, and the
 * others go on.
 */
export async function loadPages<T extends Thread = Thread>(
  paths: string[],
  io: CliIo,
  options: {
    reading: PageReading;
    analyse: NormalizedAnalyseOptions | null;
    jobs?: number;
    onPage?: (result: PageResult, problems: Problem[]) => void;
    onThread?: (thread: T) => void;
  },
): Promise<Loaded<T>> {
  // Notes (severity info) of one kind are passed on at most INFO_PER_CODE times, then counted: a site's export can
  // have one per thread. Every problem stays in the result.
  const notes = new Map<string, number>();
  const shown = (problem: Problem): boolean => {
    if (problem.severity !== 'info') return true;
    const count = (notes.get(problem.code) ?? 0) + 1;
    notes.set(problem.code, count);
    return count <= INFO_PER_CODE;
  };
  const files = await expandInputs(paths, io);
  if (files.length === 0) throw usage(`expected page files, found none in ${paths.join(', ')}`);
  const jobs = Math.min(options.jobs ?? 1, files.length);
  const threads: T[] = [];
  const problems: Problem[] = [];
  let count = 0;
  const take = (thread: Thread): void => {
    count++;
    if (options.onThread) options.onThread(thread as T);
    else threads.push(thread as T);
  };
  // A file's threads, once its turn has come: its diagnostics are kept to be reported after its own problems.
  const deliver = (result: PageResult, diagnostics: Problem[]): void => {
    // A bad option reaches every file alike: it is the command's mistake, not the file's.
    const misuse = result.problems.find(isUsageProblem);
    if (misuse) throw errorOf(misuse);
    const found = [...result.problems, ...diagnostics];
    problems.push(...found);
    options.onPage?.(result, found.filter(shown));
  };
  const diagnosticsOf = (thread: Thread, file: string): Problem[] => thread.diagnostics.map((diagnostic) => ({ ...diagnostic, file }));
  if (jobs > 1 && existsSync(fileURLToPath(WORKER))) {
    await inWorkers(files, io.cwd, options.reading, options.analyse, jobs, (result) => {
      const diagnostics = result.threads.flatMap((thread) => diagnosticsOf(thread, result.file));
      // The threads go on before the problems are weighed, as they do when read in this thread.
      for (const thread of result.threads) take(thread);
      deliver(options.onThread ? { ...result, threads: [] } : result, diagnostics);
    });
  } else {
    for (const file of files) {
      const diagnostics: Problem[] = [];
      const mine: Thread[] = [];
      const result = await loadPage(file, io.cwd, options.reading, options.analyse, (thread) => {
        diagnostics.push(...diagnosticsOf(thread, file));
        if (!options.onThread) mine.push(thread);
        take(thread);
      });
      deliver({ ...result, threads: mine }, diagnostics);
    }
  }
  const unshown = [...notes].filter(([, count]) => count > INFO_PER_CODE).map(([code, count]) => ({ code, count: count - INFO_PER_CODE }));
  return { threads, count, problems, unshown };
}
/** How many notes of one code `onPage` is given (see loadPages). */
export const INFO_PER_CODE = 10;

/**
 * Loads the files on `jobs` worker threads, each sent the next file when it
 * has finished one; `deliver` is called with each file's result in file
 * order (a result that arrives early waits for those before it).
 */
async function inWorkers(files: string[], cwd: string, reading: PageReading, analyse: NormalizedAnalyseOptions | null, jobs: number, deliver: (result: PageResult) => void): Promise<void> {
  const job: WorkerJob = { cwd, reading, analyse: analyse === null ? null : normalizeAnalyseOptions(analyse).source };
  for await (const result of inOrderOnWorkers<PageResult>(WORKER, job, files.length, (index) => ({ message: files[index]! }), jobs)) deliver(result);
}
