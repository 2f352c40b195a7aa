import type { Problem, Stance } from '../model/index.js';
import type { Snapshot } from '../report/snapshot.js';
import { ArgumentKeys } from './arguments.js';
import { argumentShares } from './diff.js';

/** One thread in a trend: its date and its figures (null where it has no comments). */
export interface TrendPoint {
  threadId: string;
  title: string | null;
  date: string | null;
  comments: number;
  meanSentiment: number | null;
  stanceShares: Record<Stance, number> | null;
  /** Share of placed comments per argument (keyed across runs: `frame:<id>`, or a discovered cluster's identity). */
  clusterShares: Record<string, number>;
}

export interface Trend {
  points: TrendPoint[];
  /** Threads without a date, placed after the dated ones in name order. */
  undated: string[];
  clusterLabels: Record<string, string>;
}

/** Threads without an article date, as warnings naming each thread's file. */
export function undatedWarnings(snapshots: Snapshot[]): Problem[] {
  return snapshots
    .filter((snapshot) => snapshot.thread.article.date === null)
    .sort((a, b) => (a.thread.id < b.thread.id ? -1 : a.thread.id > b.thread.id ? 1 : 0))
    .map((snapshot) => ({
      severity: 'warning',
      code: 'undated',
      file: snapshot.thread.file,
      message: `expected an article date (from the page, a sidecar <file>.meta.json or --date), found none; ordered by name after the dated threads`,
      line: null,
      column: null,
    }));
}

/** Threads in article-date order (undated ones last, by name), with their figures. */
export function buildTrend(snapshots: Snapshot[]): Trend {
  const sorted = [...snapshots].sort((a, b) => {
    const da = a.thread.article.date;
    const db = b.thread.article.date;
    if (da !== null && db !== null && da !== db) return da < db ? -1 : 1;
    if ((da === null) !== (db === null)) return da === null ? 1 : -1;
    return a.thread.id < b.thread.id ? -1 : a.thread.id > b.thread.id ? 1 : 0;
  });
  const keys = new ArgumentKeys();
  const shares = new Map(sorted.map((snapshot) => [snapshot, argumentShares(snapshot, keys)]));
  const clusterLabels: Record<string, string> = {};
  for (const share of shares.values()) for (const key of share.keys()) clusterLabels[key] ??= keys.label(key);
  return {
    points: sorted.map((snapshot) => ({
      threadId: snapshot.thread.id,
      title: snapshot.thread.article.title,
      date: snapshot.thread.article.date,
      comments: snapshot.metrics.comments,
      meanSentiment: snapshot.metrics.comments === 0 ? null : snapshot.metrics.meanSentiment,
      stanceShares: snapshot.metrics.comments === 0 ? null : snapshot.metrics.stanceShares,
      clusterShares: Object.fromEntries([...shares.get(snapshot)!].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, share]) => [id, Math.round(share * 1000) / 1000])),
    })),
    undated: sorted.filter((snapshot) => snapshot.thread.article.date === null).map((snapshot) => snapshot.thread.id),
    clusterLabels,
  };
}

