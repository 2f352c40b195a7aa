import type { Command } from 'commander';
import { parseFrames } from '../analyse/cluster/frames.js';
import { pseudonymiser } from '../analyse/pseudonyms.js';
import { ThreadlensError } from '../model/problem.js';
import { RunBuilder } from '../analyse/index.js';
import { DiskStore, type StoredThreads } from '../analyse/store.js';
import type { AnalysedThread, Problem, Run } from '../model/index.js';
import { normalizeAnalyseOptions, type AnalyseOptions, type ArticleOverrides, type NormalizedAnalyseOptions } from '../options/index.js';
import { readOptionalText, reportProblem, reportUnshown, usage, type CliIo } from './io.js';
import { defaultJobs, loadPages, type Loaded, type PageReading } from './load.js';
import { scratchFolder } from './output.js';
import { canPlaceOnWorkers, placeOnWorkers } from './assign.js';
import { INPUT_FORMATS, type InputFormat, type RecordColumns } from '../parse/formats/index.js';

/** The flags of every command that reads inputs: their format, the record columns, the tab size of page dumps. */
export interface InputFlags {
  inputFormat: string;
  columns?: string;
  tabSize: string;
}

export function addInputFlags(command: Command): Command {
  return command
    .option('--input-format <format>', `the inputs' format: auto (told from each file's content) or one of ${INPUT_FORMATS.join(', ')}`, 'auto')
    .option('--columns <list>', `record columns of JSON Lines and CSV inputs where they differ from the defaults, e.g. id=comment_id,text=body (fields: ${COLUMN_FLAGS.map(([flag]) => flag).join(', ')})`)
    .option('--tab-size <n>', 'columns between tab stops in indentation', '8');
}

/** The field names `--columns` takes, and the field each sets. */
const COLUMN_FLAGS: ReadonlyArray<[string, keyof RecordColumns]> = [
  ['id', 'id'],
  ['parent_id', 'parentId'],
  ['thread_id', 'threadId'],
  ['author', 'author'],
  ['timestamp', 'timestamp'],
  ['text', 'text'],
];

/** How inputs are read, from `--input-format`, `--columns` and `--tab-size`; a mistake in them is a usage error. */
export function readingOf(flags: InputFlags): PageReading {
  const reading: PageReading = { tabSize: Number(flags.tabSize) };
  if (flags.inputFormat !== 'auto') {
    if (!(INPUT_FORMATS as readonly string[]).includes(flags.inputFormat)) throw usage(`expected --input-format to be auto or one of ${INPUT_FORMATS.join(', ')}, found ${JSON.stringify(flags.inputFormat)}`);
    reading.format = flags.inputFormat as InputFormat;
  }
  if (flags.columns !== undefined) {
    const columns: Partial<RecordColumns> = {};
    for (const pair of flags.columns.split(',').filter((part) => part.trim() !== '')) {
      const parts = pair.split('=').map((part) => part.trim());
      const [field = '', name = ''] = parts;
      const known = COLUMN_FLAGS.find(([flag]) => flag === field);
      if (known === undefined || name === '' || parts.length !== 2) {
        throw usage(`expected --columns to be field=column pairs with fields from ${COLUMN_FLAGS.map(([flag]) => flag).join(', ')}, found ${JSON.stringify(pair.trim())}`);
      }
      columns[known[1]] = name;
    }
    reading.columns = columns;
  }
  return reading;
}

/** The flags every analysing command shares: the inputs', the lexicon, the frames, the extra clusters, the jobs. */
export interface AnalyseFlags extends InputFlags {
  lexicon?: string;
  frames?: string;
  extraClusters: string;
  jobs?: string;
  pseudonymise?: boolean;
  pseudonymKey?: string;
}

/** Where `--pseudonymise` finds its key when no `--pseudonym-key FILE` is given. */
export const PSEUDONYM_KEY_VARIABLE = 'THREADLENS_PSEUDONYM_KEY';

export function addAnalyseFlags(command: Command): Command {
  return addInputFlags(command)
    .option('--pseudonymise', `replace comment authors' names by keyed pseudonyms (the key: --pseudonym-key FILE, or $${PSEUDONYM_KEY_VARIABLE})`)
    .option('--pseudonym-key <file>', 'a file whose content is the secret key for --pseudonymise')
    .option('--lexicon <file>', 'a JSON file of additions to the incivility lexicon')
    .option('--frames <file>', 'argument frames that seed clusters: {"frames": [{"id", "label", "description", "terms"}]}')
    .option('--extra-clusters <n>', 'clusters to find beyond the frames: auto, or a number (0 = frames only)', 'auto')
    .option('--jobs <n>', `worker threads for reading, scoring, clustering and rendering (default: one per core, at most four; here ${defaultJobs()})`);
}

/**
 * The analysis options of the command line, normalised once for the whole
 * command: `--lexicon FILE`, `--frames FILE`, `--extra-clusters auto|N`.
 * A missing or malformed file is a usage error naming it.
 */
export async function analyseOptionsOf(flags: AnalyseFlags, io: CliIo): Promise<NormalizedAnalyseOptions> {
  const options: AnalyseOptions = {};
  if (flags.lexicon !== undefined) options.incivilityLexicon = (await readJsonFlag(flags.lexicon, 'a lexicon file', io)) as AnalyseOptions['incivilityLexicon'];
  if (flags.frames !== undefined) {
    const text = await readOptionalText(flags.frames, io.cwd);
    if (text === null) throw usage(`expected a frames file at ${flags.frames}, found none`);
    options.frames = asUsage(() => parseFrames(text, flags.frames!), flags.frames);
  }
  const extra = flags.extraClusters.trim();
  if (extra !== 'auto' && !/^\d+$/.test(extra)) throw usage(`expected --extra-clusters to be auto or a number, found ${JSON.stringify(extra)}`);
  options.extraClusters = extra === 'auto' ? 'auto' : Number(extra);
  try {
    return normalizeAnalyseOptions(options);
  } catch (error) {
    // Problems with the lexicon's content name the lexicon file.
    if (error instanceof ThreadlensError) throw usage(error.message, error.message.includes('lexicon') ? flags.lexicon : undefined);
    throw error;
  }
}

/**
 * The key of `--pseudonymise`: the `--pseudonym-key` file's content, else the
 * environment's; null without `--pseudonymise`. No key, or an empty one, is a
 * usage error (a pseudonym made without a secret could be reversed by guessing).
 */
export async function pseudonymKeyOf(flags: AnalyseFlags, io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  if (flags.pseudonymKey !== undefined && !flags.pseudonymise) throw usage('expected --pseudonym-key only with --pseudonymise');
  if (!flags.pseudonymise) return null;
  const key = flags.pseudonymKey === undefined ? env[PSEUDONYM_KEY_VARIABLE] : await readOptionalText(flags.pseudonymKey, io.cwd);
  if (key === null && flags.pseudonymKey !== undefined) throw usage(`expected a key file at ${flags.pseudonymKey}, found none`);
  if (key === undefined || key === null || key.trim() === '') {
    throw usage(`expected a secret key for --pseudonymise in --pseudonym-key FILE or $${PSEUDONYM_KEY_VARIABLE}, found none`);
  }
  return key.trim();
}

/** Loads and analyses the pages as the flags say, each page's problems on stderr as it comes; authors pseudonymised with `--pseudonymise`. */
export async function loadAnalysedPages(
  paths: string[],
  io: CliIo,
  flags: AnalyseFlags,
  analyse: NormalizedAnalyseOptions,
  options: { perFile?: ReadonlyMap<string, ArticleOverrides>; onThread?: (thread: AnalysedThread) => void } = {},
): Promise<Loaded<AnalysedThread>> {
  const key = await pseudonymKeyOf(flags, io);
  const disguise = key === null ? (thread: AnalysedThread) => thread : pseudonymiser(key);
  const threads: AnalysedThread[] = [];
  const loaded = await loadPages<AnalysedThread>(paths, io, {
    // --tab-size is checked by the parser's normaliser; here only turned into a number.
    reading: { ...readingOf(flags), ...(options.perFile ? { perFile: options.perFile } : {}) },
    analyse,
    jobs: jobsOf(flags),
    onPage: (_, found) => found.forEach((problem) => reportProblem(problem, io)),
    onThread: (thread) => (options.onThread ?? ((each) => threads.push(each)))(disguise(thread)),
  });
  reportUnshown(loaded.unshown, io);
  return { ...loaded, threads };
}

/**
 * Loads and analyses the pages into a run assembled on disk: each thread is
 * written out as soon as it is analysed and read back for each pass of the
 * writers, so memory holds one thread at a time. `use` is given the run
 * (`null` when no thread could be read) and every problem met; the disk copy
 * is removed when it returns.
 */
export async function analyseOnDisk<T>(
  paths: string[],
  io: CliIo,
  flags: AnalyseFlags,
  analyse: NormalizedAnalyseOptions,
  use: (run: Run<StoredThreads> | null, problems: Problem[], count: number) => Promise<T>,
): Promise<T> {
  const scratch = scratchFolder();
  const store = new DiskStore(scratch.path);
  try {
    const builder = new RunBuilder(store, analyse);
    let start = performance.now();
    const { count, problems } = await loadAnalysedPages(paths, io, flags, analyse, { onThread: (thread) => builder.add(thread) });
    io.onStage?.('load', performance.now() - start);
    start = performance.now();
    // The comments are placed among the fitted clusters on worker threads when there are several.
    const jobs = jobsOf(flags);
    const parallel = jobs > 1 && count > 1 && analyse.clustering.sentenceModel === undefined && canPlaceOnWorkers();
    const run = count === 0 ? null : parallel ? await builder.finishWith((fitted, input) => placeOnWorkers(fitted, input, jobs)) : builder.finish();
    io.onStage?.('cluster', performance.now() - start);
    return await use(run, problems, count);
  } finally {
    store.close();
    scratch.remove();
  }
}

/** `--jobs N`: a whole number from 1 to 64, or the default. */
export function jobsOf(flags: { jobs?: string | undefined }): number {
  if (flags.jobs === undefined) return defaultJobs();
  if (!/^\d+$/.test(flags.jobs) || Number(flags.jobs) < 1 || Number(flags.jobs) > 64) throw usage(`expected --jobs to be a number from 1 to 64, found ${JSON.stringify(flags.jobs)}`);
  return Number(flags.jobs);
}

/** Runs `work`; a ThreadlensError it throws becomes a usage error naming `file`. */
function asUsage<T>(work: () => T, file: string | undefined): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof ThreadlensError) throw usage(error.message, file);
    throw error;
  }
}

async function readJsonFlag(file: string, what: string, io: CliIo): Promise<unknown> {
  const text = await readOptionalText(file, io.cwd);
  if (text === null) throw usage(`expected ${what} at ${file}, found none`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw usage(`expected JSON, found a syntax error: ${(error as Error).message}`, file);
  }
}
