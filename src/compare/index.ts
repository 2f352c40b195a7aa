import type { Problem } from '../model/index.js';
import type { Snapshot } from '../report/snapshot.js';
import { settingsWarnings } from './arguments.js';
import { compareSnapshots, type ThreadComparison } from './diff.js';
import { buildTrend, undatedWarnings, type Trend } from './trend.js';

export interface CompareOptions {
  /** Treat two snapshots as the same thread whatever their ids and titles. */
  sameThread?: boolean;
}

/**
 * What `compare` finds: for two snapshots of one thread, what changed in it;
 * for anything else, a trend across the threads in date order. `warnings`
 * say where figures are not comparable one for one (other frames or
 * settings) and which threads have no date.
 */
export type Comparison = ({ mode: 'snapshots' } & ThreadComparison & { warnings: Problem[] }) | ({ mode: 'trend' } & Trend & { warnings: Problem[] });

/**
 * Two snapshots are of the same thread when their pages had the same file
 * name (the thread id, before a run made it unique) or the same title.
 */
export function isSameThread(a: Snapshot, b: Snapshot): boolean {
  const title = (snapshot: Snapshot): string | null => snapshot.thread.article.title?.trim().toLowerCase() || null;
  return a.thread.id === b.thread.id || (title(a) !== null && title(a) === title(b));
}

/** Compares snapshots (at least two): a diff of one thread, or a trend across threads. */
export function compare(snapshots: Snapshot[], options: CompareOptions = {}): Comparison {
  if (snapshots.length === 2 && (options.sameThread === true || isSameThread(snapshots[0]!, snapshots[1]!))) {
    const [old, now] = snapshots as [Snapshot, Snapshot];
    const warnings = settingsWarnings(old.run.settings, now.run.settings, ['the old snapshot', 'the new one']);
    return { mode: 'snapshots', ...compareSnapshots(old, now), warnings };
  }
  const warnings: Problem[] = [];
  const first = snapshots[0]!;
  for (const other of snapshots.slice(1)) {
    for (const warning of settingsWarnings(first.run.settings, other.run.settings, [first.thread.id, other.thread.id])) {
      if (!warnings.some((known) => known.code === warning.code)) warnings.push(warning);
    }
  }
  return { mode: 'trend', ...buildTrend(snapshots), warnings: [...warnings, ...undatedWarnings(snapshots)] };
}

export { compareSnapshots, matchComments, type ThreadComparison, type ComparedComment, type EditedComment, type ArgumentShift } from './diff.js';
export { buildTrend, type Trend, type TrendPoint } from './trend.js';
export { sameArgument, ArgumentKeys } from './arguments.js';
