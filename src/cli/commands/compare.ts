import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { assembleRun } from '../../analyse/index.js';
import { compare } from '../../compare/index.js';
import type { AnalysedThread, Problem } from '../../model/index.js';
import { problemOf, ThreadlensError } from '../../model/problem.js';
import { normaliseIsoDate } from '../../parse/dates.js';
import { renderComparison } from '../../report/compare-markdown.js';
import { contentOf } from '../../report/index.js';
import { parseSnapshot, snapshotOf, type Snapshot } from '../../report/snapshot.js';
import { addAnalyseFlags, analyseOptionsOf, loadAnalysedPages, type AnalyseFlags } from '../flags.js';
import { EXIT, exitCodeOf, readOptionalText, reportProblem, usage, type CliIo } from '../io.js';
import { checkReportSetTarget, writeReportSet } from '../output.js';

interface CompareCommandOptions extends AnalyseFlags {
  out?: string;
  date: string[];
  json?: boolean;
  sameThread?: boolean;
  bom?: boolean;
}

export function registerCompare(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const command = program
    .command('compare')
    .description('compare two snapshots of one thread (what is new, gone, edited, and how the mood shifted), or several threads as a trend by date')
    .argument('<old>', 'a snapshot written by analyse (.json) or a page dump')
    .argument('<new...>', 'one or more further snapshots or page dumps')
    .option('--out <dir>', 'also write the result to DIR, a folder of its own (compare.md and compare.json, or trend.md and trend.csv)')
    .option('--json', 'print one JSON object instead of Markdown')
    .option('--same-thread', 'treat two inputs as snapshots of the same thread even if their titles and file names differ')
    .option('--bom', 'start trend.csv with a UTF-8 byte-order mark, for Excel')
    .option('--date <file=iso>', 'the article date of one input, e.g. --date old.txt=2024-04-29 (repeatable)', (value: string, list: string[]) => [...list, value], []);
  addAnalyseFlags(command).action(async (old: string, rest: string[], options: CompareCommandOptions) => {
    const inputs = [old, ...rest];
    const dates = parseDateFlags(options.date, inputs);
    const out = options.out === undefined ? null : path.resolve(io.cwd, options.out);
    if (out !== null) await checkReportSetTarget(out, { kind: 'compare', shownAs: options.out });
    const { snapshots, problems } = await loadSnapshots(inputs, options, dates, io);
    if (snapshots.length < 2) {
      setExit(EXIT.inputError);
      return;
    }
    const comparison = compare(snapshots, { sameThread: options.sameThread === true });
    for (const warning of comparison.warnings) reportProblem(warning, io);
    const files = renderComparison(comparison, { bom: options.bom === true });
    io.stdout.write(options.json ? JSON.stringify(comparison, null, 2) + '\n' : contentOf(files[0]!));
    if (out !== null) {
      const runId = snapshots.map((snapshot) => snapshot.run.id).join('+');
      await writeReportSet(out, files, { kind: 'compare', runId, shownAs: options.out });
    }
    setExit(exitCodeOf(problems));
  });
}

/**
 * Snapshots from the inputs, in the order given: `.json` files are read as
 * snapshots; each page dump is analysed as a run of its own, exactly as
 * `analyse` would write its snapshot, so comparing dumps and comparing their
 * separately written snapshots give the same answer.
 */
async function loadSnapshots(inputs: string[], flags: CompareCommandOptions, dates: ReadonlyMap<string, string>, io: CliIo): Promise<{ snapshots: Snapshot[]; problems: Problem[] }> {
  const problems: Problem[] = [];
  const slots: Array<Snapshot | string | null> = [];
  for (const file of inputs) {
    if (!/\.json$/i.test(file)) {
      if ((await stat(path.resolve(io.cwd, file)).catch(() => null))?.isDirectory()) throw usage(`expected files to compare, found the folder ${file}`);
      slots.push(file);
      continue;
    }
    try {
      const text = await readOptionalText(file, io.cwd);
      if (text === null) throw new ThreadlensError('unreadable', 'cannot read the file: no such file', { file });
      const snapshot = parseSnapshot(text, file);
      const date = dates.get(file);
      if (date !== undefined) {
        snapshot.thread.article.date = date;
        snapshot.thread.article.sources.date = { from: 'flag', line: null, column: null };
      }
      slots.push(snapshot);
    } catch (error) {
      const problem = problemOf(error, file);
      reportProblem(problem, io);
      problems.push(problem);
      slots.push(null);
    }
  }
  const pages = slots.filter((slot): slot is string => typeof slot === 'string');
  if (pages.length > 0) {
    const analyse = await analyseOptionsOf(flags, io);
    const perFile = new Map([...dates].map(([file, date]) => [file, { date }]));
    const loaded = await loadAnalysedPages(pages, io, flags, analyse, { perFile });
    problems.push(...loaded.problems);
    // An export stands for each of its threads, in its order.
    const byFile = new Map<string, AnalysedThread[]>();
    for (const thread of loaded.threads) {
      const list = byFile.get(thread.file);
      if (list) list.push(thread);
      else byFile.set(thread.file, [thread]);
    }
    return {
      snapshots: slots.flatMap((slot) => {
        if (slot === null) return [];
        if (typeof slot !== 'string') return [slot];
        return (byFile.get(slot) ?? []).map((thread) => snapshotOf(assembleRun([thread], analyse), thread));
      }),
      problems,
    };
  }
  return { snapshots: slots.filter((slot): slot is Snapshot => slot !== null && typeof slot !== 'string'), problems };
}

/** `--date FILE=YYYY-MM-DD` flags, each naming one of the inputs. */
function parseDateFlags(flags: string[], inputs: string[]): Map<string, string> {
  const dates = new Map<string, string>();
  for (const flag of flags) {
    const at = flag.lastIndexOf('=');
    const file = flag.slice(0, at);
    const date = normaliseIsoDate(flag.slice(at + 1));
    if (at <= 0 || date === null) throw usage(`expected --date FILE=YYYY-MM-DD, found ${JSON.stringify(flag)}`);
    if (!inputs.includes(file)) throw usage(`expected --date to name one of the inputs, found ${JSON.stringify(file)}`);
    dates.set(file, date);
  }
  return dates;
}
