import path from 'node:path';
import type { Command } from 'commander';
import { clusterThreads } from '../../analyse/index.js';
import { parseFrames } from '../../analyse/cluster/frames.js';
import { ThreadlensError } from '../../errors.js';
import { incivilityOption, normalizeAnalyseOptions, type AnalyseOptions } from '../../options.js';
import { renderCommentsCsv } from '../../report/csv.js';
import { EXIT, readOptionalText, reportError, type CliIo } from '../io.js';
import { defaultJobs, loadAndScore } from '../score-parallel.js';
import { UsageError } from '../usage.js';
import { writeFileAtomic } from '../write.js';

interface ExportCommandOptions {
  out?: string;
  bom?: boolean;
  lexicon?: string;
  frames?: string;
  extraClusters: string;
  tabSize: string;
  jobs?: string;
}

export function registerExport(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const command = program
    .command('export')
    .description('score every comment and write one CSV row per comment (stdout, or --out FILE)')
    .argument('<file...>', 'page dumps (.txt), or folders of them')
    .option('--out <file>', 'write the CSV to this file (atomically) instead of stdout')
    .option('--bom', 'start with a UTF-8 byte-order mark, for Excel')
    .option('--jobs <n>', `worker threads for parsing and scoring (default: one per core, here ${defaultJobs()})`);
  addAnalyseFlags(command)
    .action(async (paths: string[], options: ExportCommandOptions) => {
      const analyse = await loadAnalyseOptions(options, io);
      const { scored, exitCode } = await loadAndScore(paths, io, { tabSize: Number(options.tabSize), analyse, jobs: jobsOption(options.jobs) });
      const clustering = clusterThreads(scored, analyse);
      const csv = renderCommentsCsv(scored, clustering, { bom: options.bom === true });
      if (options.out === undefined) {
        io.stdout.write(csv);
      } else {
        try {
          await writeFileAtomic(path.resolve(io.cwd, options.out), csv);
        } catch (error) {
          reportError(new ThreadlensError('unreadable', `cannot write the file: ${(error as Error).message}`, { file: options.out }), io);
          setExit(EXIT.inputError);
          return;
        }
      }
      setExit(exitCode);
    });
}

/** The flags `export` and `analyse` share: the lexicon, the frames, the extra clusters, the tab size. */
export function addAnalyseFlags(command: Command): Command {
  return command
    .option('--lexicon <file>', 'a JSON file of additions to the incivility lexicon')
    .option('--frames <file>', 'argument frames that seed clusters: {"frames": [{"id", "label", "description", "terms"}]}')
    .option('--extra-clusters <n>', 'clusters to find beyond the frames: auto, or a number (0 = frames only)', 'auto')
    .option('--tab-size <n>', 'columns between tab stops in indentation', '8');
}

/**
 * The analysis options of the command line: `--lexicon FILE` (additions to
 * the incivility lexicon), `--frames FILE` and `--extra-clusters auto|N`.
 * A missing or malformed file is a usage error naming it.
 */
export async function loadAnalyseOptions(
  flags: { lexicon?: string | undefined; frames?: string | undefined; extraClusters?: string | undefined },
  io: CliIo,
): Promise<AnalyseOptions> {
  const options: AnalyseOptions = {};
  if (flags.lexicon !== undefined) {
    options.incivilityLexicon = (await readJsonFlag(flags.lexicon, 'a lexicon file', io)) as AnalyseOptions['incivilityLexicon'];
    try {
      incivilityOption(options);
    } catch (error) {
      throw new UsageError(`${flags.lexicon}: ${(error as Error).message}`);
    }
  }
  if (flags.frames !== undefined) {
    const text = await readOptionalText(flags.frames, io);
    if (text === null) throw new UsageError(`expected a frames file at ${flags.frames}, found none`);
    try {
      options.frames = parseFrames(text, flags.frames);
    } catch (error) {
      throw new UsageError(`${flags.frames}: ${(error as Error).message}`);
    }
  }
  if (flags.extraClusters !== undefined) {
    const value = flags.extraClusters.trim();
    if (value !== 'auto' && !/^\d+$/.test(value)) throw new UsageError(`expected --extra-clusters to be auto or a number, found ${JSON.stringify(value)}`);
    options.extraClusters = value === 'auto' ? 'auto' : Number(value);
  }
  try {
    normalizeAnalyseOptions(options);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return options;
}

async function readJsonFlag(file: string, what: string, io: CliIo): Promise<unknown> {
  const text = await readOptionalText(file, io);
  if (text === null) throw new UsageError(`expected ${what} at ${file}, found none`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file}: expected JSON, found a syntax error: ${(error as Error).message}`);
  }
}

/** `--jobs N`: a whole number from 1 to 64, or the default. */
export function jobsOption(value: string | undefined): number {
  if (value === undefined) return defaultJobs();
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 64) throw new UsageError(`expected --jobs to be a number from 1 to 64, found ${JSON.stringify(value)}`);
  return Number(value);
}
