import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { analyseThreads } from '../../analyse/index.js';
import { normalizeAnalyseOptions } from '../../options.js';
import { compareSnapshots } from '../../report/compare.js';
import { renderComparisonMarkdown } from '../../report/compare-markdown.js';
import { buildSnapshot, parseSnapshot, type Snapshot } from '../../report/snapshot.js';
import { buildTrend, renderTrendCsv, renderTrendMarkdown } from '../../report/trend.js';
import { ThreadlensError } from '../../errors.js';
import { normaliseIsoDate } from '../../parse/dates.js';
import { EXIT, readOptionalText, reportError, type CliIo } from '../io.js';
import { loadThreads } from '../threads.js';
import { UsageError } from '../usage.js';
import { writeFilesAtomic } from '../write.js';
import { addAnalyseFlags, loadAnalyseOptions } from './export.js';

interface CompareCommandOptions {
  out?: string;
  date: string[];
  json?: boolean;
  sameThread?: boolean;
  bom?: boolean;
  lexicon?: string;
  frames?: string;
  extraClusters: string;
  tabSize: string;
}

export function registerCompare(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const command = program
    .command('compare')
    .description('compare two snapshots of one thread (what is new, gone, edited, and how the mood shifted), or several threads as a trend by date')
    .argument('<old>', 'a snapshot written by analyse (.json) or a page dump')
    .argument('<new...>', 'one or more further snapshots or page dumps')
    .option('--out <dir>', 'also write the result to DIR (compare.md and compare.json, or trend.md and trend.csv)')
    .option('--json', 'print one JSON object instead of Markdown')
    .option('--same-thread', 'treat two inputs as snapshots of the same thread even if their titles and file names differ')
    .option('--bom', 'start trend.csv with a UTF-8 byte-order mark, for Excel')
    .option('--date <file=iso>', 'the article date of one input, e.g. --date old.txt=2024-04-29 (repeatable)', (value: string, list: string[]) => [...list, value], []);
  addAnalyseFlags(command).action(async (old: string, rest: string[], options: CompareCommandOptions) => {
    const analyse = await loadAnalyseOptions(options, io);
    const dates = parseDateFlags(options.date, [old, ...rest]);
    const { snapshots, exitCode } = await loadSnapshots([old, ...rest], analyse, options, dates, io);
    if (snapshots.length < 2) {
      setExit(EXIT.inputError);
      return;
    }
    let files: Record<string, string>;
    let json: unknown;
    if (snapshots.length === 2 && (options.sameThread || sameThread(snapshots[0]!, snapshots[1]!))) {
      const comparison = compareSnapshots(snapshots[0]!, snapshots[1]!);
      json = { mode: 'snapshots', ...comparison };
      files = { 'compare.md': renderComparisonMarkdown(comparison), 'compare.json': JSON.stringify(json, null, 1) + '\n' };
    } else {
      const trend = buildTrend(snapshots);
      for (const id of trend.undated) io.stderr.write(`${id}: expected an article date (from the page, a sidecar <file>.meta.json or --date), found none; ordered by name after the dated threads [undated]\n`);
      json = { mode: 'trend', ...trend };
      files = { 'trend.md': renderTrendMarkdown(trend), 'trend.csv': renderTrendCsv(trend, { bom: options.bom === true }) };
    }
    io.stdout.write(options.json ? JSON.stringify(json, null, 2) + '\n' : Object.values(files)[0]!);
    if (options.out !== undefined) {
      try {
        await writeFilesAtomic(Object.entries(files).map(([name, content]) => [path.resolve(io.cwd, options.out!, name), content]));
      } catch (error) {
        reportError(new ThreadlensError('unreadable', `cannot write the comparison: ${(error as Error).message}`, { file: options.out }), io);
        setExit(EXIT.inputError);
        return;
      }
    }
    setExit(exitCode);
  });
}

/** Same thread: the same file name (the page's id) or the same article title. */
function sameThread(a: Snapshot, b: Snapshot): boolean {
  const title = (snapshot: Snapshot): string | null => snapshot.thread.article.title?.trim().toLowerCase() ?? null;
  return a.threadId === b.threadId || (title(a) !== null && title(a) === title(b));
}

/**
 * Snapshots from the inputs in the order given: .json files are read as
 * snapshots; page dumps are analysed together in one run (so their cluster ids
 * agree) with the command's options.
 */
async function loadSnapshots(
  paths: string[],
  analyse: Parameters<typeof normalizeAnalyseOptions>[0],
  options: CompareCommandOptions,
  dates: ReadonlyMap<string, string>,
  io: CliIo,
): Promise<{ snapshots: Snapshot[]; exitCode: number }> {
  let exitCode: number = EXIT.ok;
  const slots: Array<Snapshot | string | null> = [];
  for (const file of paths) {
    if (!/\.json$/i.test(file)) {
      slots.push(file);
      continue;
    }
    try {
      const text = await readOptionalText(file, io);
      if (text === null) throw new ThreadlensError('unreadable', 'cannot read the file: no such file', { file });
      const snapshot = parseSnapshot(text, file);
      const date = dates.get(file);
      if (date !== undefined) {
        snapshot.thread.article.date = date;
        snapshot.thread.article.sources.date = { from: 'flag', line: null, column: null };
      }
      slots.push(snapshot);
    } catch (error) {
      reportError(error, io);
      exitCode = EXIT.inputError;
      slots.push(null);
    }
  }
  const pages = slots.filter((slot): slot is string => typeof slot === 'string');
  for (const page of pages) {
    if ((await stat(path.resolve(io.cwd, page)).catch(() => null))?.isDirectory()) throw new UsageError(`expected files to compare, found the folder ${page}`);
  }
  if (pages.length > 0) {
    const perFile = new Map([...dates].map(([file, date]) => [file, { date }]));
    const loaded = await loadThreads(pages, io, { tabSize: Number(options.tabSize), flag: {}, perFile });
    exitCode = Math.max(exitCode, loaded.exitCode);
    const { scored, clustering } = analyseThreads(loaded.threads, analyse);
    const settings = normalizeAnalyseOptions(analyse).clustering;
    const built = new Map(scored.map((thread, i) => [thread.thread.file, buildSnapshot(thread, i, clustering, { frames: settings.frames.map((frame) => frame.id), extraClusters: settings.extraClusters })]));
    for (let k = 0; k < slots.length; k++) if (typeof slots[k] === 'string') slots[k] = built.get(slots[k] as string) ?? null;
  }
  return { snapshots: slots.filter((slot): slot is Snapshot => slot !== null && typeof slot !== 'string'), exitCode };
}

/** `--date FILE=YYYY-MM-DD` flags, each naming one of the inputs. */
function parseDateFlags(flags: string[], inputs: string[]): Map<string, string> {
  const dates = new Map<string, string>();
  for (const flag of flags) {
    const at = flag.lastIndexOf('=');
    const file = flag.slice(0, at);
    const date = normaliseIsoDate(flag.slice(at + 1));
    if (at <= 0 || date === null) throw new UsageError(`expected --date FILE=YYYY-MM-DD, found ${JSON.stringify(flag)}`);
    if (!inputs.includes(file)) throw new UsageError(`expected --date to name one of the inputs, found ${JSON.stringify(file)}`);
    dates.set(file, date);
  }
  return dates;
}
