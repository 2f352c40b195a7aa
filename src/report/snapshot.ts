import type { Cluster, Clustering, CommentScores, ScoredThread, Thread } from '../model.js';
import { threadMetrics, type ThreadMetrics } from '../analyse/metrics.js';
import { commentKeys, threadId } from './keys.js';

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
