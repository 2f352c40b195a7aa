import path from 'node:path';
import type { Clustering, ScoredThread } from '../../model.js';
import type { Command } from 'commander';
import { clusterThreads } from '../../analyse/index.js';
import { ThreadlensError } from '../../errors.js';
import { normalizeAnalyseOptions } from '../../options.js';
import { renderClustersCsv } from '../../report/clusters-csv.js';
import { renderConvokit } from '../../report/convokit.js';
import { renderCommentsCsv } from '../../report/csv.js';
import { buildSnapshot, renderSnapshot } from '../../report/snapshot.js';
import { renderSummary } from '../../report/summary.js';
import { renderThreadReport } from '../../report/thread-report.js';
import { EXIT, reportError, type CliIo } from '../io.js';
import { defaultJobs, loadAndScore } from '../score-parallel.js';
import { UsageError } from '../usage.js';
import { writeFilesAtomic } from '../write.js';
import { addAnalyseFlags, jobsOption, loadAnalyseOptions } from './export.js';

interface AnalyseCommandOptions {
  out: string;
  format: string;
  bom?: boolean;
  quiet?: boolean;
  lexicon?: string;
  frames?: string;
  extraClusters: string;
  tabSize: string;
  jobs?: string;
}

/** Whether progress lines go to stderr: only to a terminal, and not with --quiet. */
export type ProgressSink = ((line: string) => void) | null;

export function registerAnalyse(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const command = program
    .command('analyse')
    .alias('analyze')
    .description('the main job: parse, score and cluster pages, then write Markdown reports, CSV and JSON snapshots')
    .argument('[path...]', 'page dumps (.txt) or folders of them', ['corpus'])
    .option('--out <dir>', 'the folder to write into', 'reports')
    .option('--format <format>', 'reports (Markdown, CSV, JSON snapshots) or convokit (a ConvoKit corpus folder)', 'reports')
    .option('--bom', 'start the CSV files with a UTF-8 byte-order mark, for Excel')
    .option('--quiet', 'no progress lines on stderr')
    .option('--jobs <n>', `worker threads for parsing and scoring (default: one per core, here ${defaultJobs()})`);
  addAnalyseFlags(command)
    .action(async (paths: string[], options: AnalyseCommandOptions) => {
      if (options.format !== 'reports' && options.format !== 'convokit') throw new UsageError(`expected --format reports or convokit, found ${JSON.stringify(options.format)}`);
      const progress: ProgressSink = options.quiet || !io.stderrIsTty ? null : (line) => io.stderr.write(`${line}\n`);
      const analyse = await loadAnalyseOptions(options, io);
      const { scored, exitCode } = await loadAndScore(paths, io, { tabSize: Number(options.tabSize), analyse, jobs: jobsOption(options.jobs) });
      if (scored.length === 0) {
        // Nothing could be read: the previous reports stay as they are.
        setExit(EXIT.inputError);
        return;
      }
      progress?.(`threadlens: scored ${scored.length} page${scored.length === 1 ? '' : 's'}; clustering…`);
      const clustering = clusterThreads(scored, analyse);
      const files = options.format === 'convokit' ? renderConvokit(scored, clustering) : reportFiles(scored, clustering, analyse, options.bom === true);
      const out = path.resolve(io.cwd, options.out);
      try {
        await writeFilesAtomic(Object.entries(files).map(([name, content]) => [path.join(out, name), content]));
        progress?.(`threadlens: wrote ${Object.keys(files).length} files to ${options.out}`);
      } catch (error) {
        reportError(new ThreadlensError('unreadable', `cannot write the reports: ${(error as Error).message}`, { file: options.out }), io);
        setExit(EXIT.inputError);
        return;
      }
      setExit(exitCode);
    });
}

/** The files of a run, by name: per thread a report and a snapshot, then the run's CSVs and summary. */
function reportFiles(
  scored: ScoredThread[],
  clustering: Clustering,
  analyse: Parameters<typeof normalizeAnalyseOptions>[0],
  bom: boolean,
): Record<string, string> {
  const settings = normalizeAnalyseOptions(analyse).clustering;
  const snapshots = scored.map((thread, i) => buildSnapshot(thread, i, clustering, { frames: settings.frames.map((frame) => frame.id), extraClusters: settings.extraClusters }));
  const names = uniqueNames(snapshots.map((snapshot) => snapshot.threadId));
  const files: Record<string, string> = {};
  snapshots.forEach((snapshot, i) => {
    files[`${names[i]}.md`] = renderThreadReport(snapshot);
    files[`${names[i]}.json`] = renderSnapshot(snapshot);
  });
  files['comments.csv'] = renderCommentsCsv(scored, clustering, { bom });
  files['clusters.csv'] = renderClustersCsv(scored, clustering, { bom });
  files['summary.md'] = renderSummary(snapshots, clustering, (snapshot) => `${names[snapshots.indexOf(snapshot)]}.md`);
  return files;
}

/** File names from thread ids, safe on every file system, with -2, -3… when two pages share a name. */
function uniqueNames(ids: string[]): string[] {
  const seen = new Map<string, number>();
  return ids.map((id) => {
    const base = id.replace(/[^\w.-]+/g, '-').replace(/^[.-]+/, '').slice(0, 100) || 'thread';
    const reserved = ['summary', 'comments', 'clusters'].includes(base.toLowerCase()) ? `${base}-thread` : base;
    const count = (seen.get(reserved.toLowerCase()) ?? 0) + 1;
    seen.set(reserved.toLowerCase(), count);
    return count === 1 ? reserved : `${reserved}-${count}`;
  });
}
