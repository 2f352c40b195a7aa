import type { Command } from 'commander';
import { parseFrames } from '../analyse/cluster/frames.js';
import { ThreadlensError } from '../model/problem.js';
import type { AnalysedThread } from '../model/index.js';
import { normalizeAnalyseOptions, type AnalyseOptions, type ArticleOverrides, type NormalizedAnalyseOptions } from '../options/index.js';
import { readOptionalText, reportProblem, usage, type CliIo } from './io.js';
import { defaultJobs, loadPages, type Loaded } from './load.js';

/** The flags every analysing command shares: the lexicon, the frames, the extra clusters, the tab size, the jobs. */
export interface AnalyseFlags {
  lexicon?: string;
  frames?: string;
  extraClusters: string;
  tabSize: string;
  jobs?: string;
}

export function addAnalyseFlags(command: Command): Command {
  return command
    .option('--lexicon <file>', 'a JSON file of additions to the incivility lexicon')
    .option('--frames <file>', 'argument frames that seed clusters: {"frames": [{"id", "label", "description", "terms"}]}')
    .option('--extra-clusters <n>', 'clusters to find beyond the frames: auto, or a number (0 = frames only)', 'auto')
    .option('--tab-size <n>', 'columns between tab stops in indentation', '8')
    .option('--jobs <n>', `worker threads for parsing and scoring (default: one per core, at most four; here ${defaultJobs()})`);
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

/** Loads and analyses the pages as the flags say, each page's problems on stderr as it comes. */
export function loadAnalysedPages(paths: string[], io: CliIo, flags: AnalyseFlags, analyse: NormalizedAnalyseOptions, perFile?: ReadonlyMap<string, ArticleOverrides>): Promise<Loaded<AnalysedThread>> {
  return loadPages<AnalysedThread>(paths, io, {
    // --tab-size is checked by the parser's normaliser; here only turned into a number.
    reading: { tabSize: Number(flags.tabSize), ...(perFile ? { perFile } : {}) },
    analyse,
    jobs: jobsOf(flags),
    onPage: (_, found) => found.forEach((problem) => reportProblem(problem, io)),
  });
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
