import type { Cluster, Clustering, CommentScores, ScoredThread, Thread } from '../model.js';
import { threadMetrics, type ThreadMetrics } from '../analyse/metrics.js';
import { commentKeys, threadId } from './keys.js';
import { ThreadlensError, parseJsonText } from '../errors.js';

export const SNAPSHOT_SCHEMA = 'threadlens-snapshot';
export const SNAPSHOT_VERSION = 1;

/**
 * Everything known about one thread after a run: the parsed thread, each
 * comment's key, scores and cluster, the run's clusters, and the figures the
 * report shows. A report can be redrawn from it, and two snapshots compared.
 * No timestamps: the same input gives the same bytes.
 */
export interface Snapshot {
  schema: typeof SNAPSHOT_SCHEMA;
  version: number;
  threadId: string;
  thread: Thread;
  keys: string[];
  scores: CommentScores[];
  /** Per comment (same order), its cluster id, or null when unplaced. */
  clusterIds: Array<string | null>;
  /** The clusters of the whole run (ids are shared by every thread of the run). */
  clusters: Cluster[];
  metrics: ThreadMetrics;
  settings: { frames: string[]; extraClusters: number | 'auto' };
}

export function buildSnapshot(scored: ScoredThread, index: number, clustering: Clustering, settings: Snapshot['settings']): Snapshot {
  return {
    schema: SNAPSHOT_SCHEMA,
    version: SNAPSHOT_VERSION,
    threadId: threadId(scored.thread),
    thread: scored.thread,
    keys: commentKeys(scored.thread),
    scores: scored.scores,
    clusterIds: clustering.assignments[index] ?? scored.thread.comments.map(() => null),
    clusters: clustering.clusters,
    metrics: threadMetrics(scored),
    settings,
  };
}

export function renderSnapshot(snapshot: Snapshot): string {
  return JSON.stringify(snapshot, null, 1) + '\n';
}

/** Reads a snapshot written by `analyse`; anything else throws `invalid-snapshot` naming the file. */
export function parseSnapshot(text: string, file: string): Snapshot {
  let value: unknown;
  try {
    value = parseJsonText(text);
  } catch (error) {
    throw new ThreadlensError('invalid-snapshot', `expected a threadlens snapshot (JSON), found a syntax error: ${(error as Error).message}`, { file });
  }
  const snapshot = value as Partial<Snapshot> | null;
  if (typeof snapshot !== 'object' || snapshot === null || snapshot.schema !== SNAPSHOT_SCHEMA) {
    throw new ThreadlensError('invalid-snapshot', `expected a threadlens snapshot ("schema": "${SNAPSHOT_SCHEMA}"), found something else`, { file });
  }
  if (snapshot.version !== SNAPSHOT_VERSION) {
    throw new ThreadlensError('invalid-snapshot', `expected snapshot version ${SNAPSHOT_VERSION}, found ${JSON.stringify(snapshot.version)}: re-run analyse with this version`, { file });
  }
  const comments = snapshot.thread?.comments;
  for (const field of ['keys', 'scores', 'clusterIds'] as const) {
    if (!Array.isArray(comments) || !Array.isArray(snapshot[field]) || snapshot[field].length !== comments.length) {
      throw new ThreadlensError('invalid-snapshot', `expected "${field}" to hold one entry per comment, found ${Array.isArray(snapshot[field]) ? snapshot[field].length : 'none'}`, { file });
    }
  }
  return snapshot as Snapshot;
}
