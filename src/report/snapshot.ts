import type { AnalysedThread, AnyRun, Cluster, RunSettings } from '../model/index.js';
import { threadMetrics, type ThreadMetrics } from '../analyse/metrics.js';
import { ThreadlensError, parseJsonText } from '../model/problem.js';

export const SNAPSHOT_SCHEMA = 'threadlens-snapshot';
export const SNAPSHOT_VERSION = 2;

/**
 * One thread after a run, on its own: the annotated thread, only the clusters
 * its comments use (with their cross-run `identity`), the run's id and
 * settings, and the figures its report shows. Its size grows with the thread,
 * not with the run. A report can be redrawn from it, and two snapshots
 * compared. No timestamps: the same input gives the same bytes.
 *
 * ```json
 * { "schema": "threadlens-snapshot", "version": 2,
 *   "run": { "id": "9d1c4a0b7e2f3a5c", "settings": { "frames": [...], "fingerprint": "…", … } },
 *   "thread": { "id": "003_d568973889bbf5ad", "comments": [{ "id": "c1", …, "data": { "key": "…", "cluster": { "id": "buffer-zone", … } } }], … },
 *   "clusters": [{ "id": "buffer-zone", "identity": "frame:buffer-zone", "label": "Buffer zones and protectorates", … }],
 *   "metrics": { "comments": 24, "stanceShares": { … }, "moderationQueue": [ … ], … } }
 * ```
 */
export interface Snapshot {
  schema: typeof SNAPSHOT_SCHEMA;
  version: typeof SNAPSHOT_VERSION;
  run: { id: string; settings: RunSettings };
  thread: AnalysedThread;
  clusters: Cluster[];
  metrics: ThreadMetrics;
}

/** The snapshot of one thread of a run. */
export function snapshotOf(run: Pick<AnyRun, 'id' | 'settings' | 'clusters'>, thread: AnalysedThread): Snapshot {
  const used = new Set<string>();
  for (const comment of thread.comments) if (comment.data.cluster) used.add(comment.data.cluster.id);
  return {
    schema: SNAPSHOT_SCHEMA,
    version: SNAPSHOT_VERSION,
    run: { id: run.id, settings: run.settings },
    thread,
    clusters: run.clusters.filter((cluster) => used.has(cluster.id)),
    metrics: threadMetrics(thread),
  };
}

export function renderSnapshot(snapshot: Snapshot): string {
  return JSON.stringify(snapshot, null, 1) + '\n';
}

/** Reads a snapshot written by `analyse`; anything else throws `invalid-snapshot` naming the file. */
export function parseSnapshot(text: string, file: string): Snapshot {
  const fail = (message: string): never => {
    throw new ThreadlensError('invalid-snapshot', message, { file });
  };
  let value: unknown;
  try {
    value = parseJsonText(text);
  } catch (error) {
    fail(`expected a threadlens snapshot (JSON), found a syntax error: ${(error as Error).message}`);
  }
  const snapshot = value as Partial<Snapshot> | null;
  if (typeof snapshot !== 'object' || snapshot === null || snapshot.schema !== SNAPSHOT_SCHEMA) {
    fail(`expected a threadlens snapshot ("schema": "${SNAPSHOT_SCHEMA}"), found something else`);
  }
  if (snapshot!.version !== SNAPSHOT_VERSION) {
    fail(
      `expected snapshot version ${SNAPSHOT_VERSION}, found version ${JSON.stringify(snapshot!.version)}` +
        (snapshot!.version === 1 ? ' (written before threadlens kept scores on the comments): run analyse on the page again' : ''),
    );
  }
  const { thread, clusters, run, metrics } = snapshot as Snapshot;
  if (typeof run !== 'object' || run === null || typeof run.id !== 'string' || typeof run.settings?.fingerprint !== 'string') fail('expected "run" with an id and settings, found none');
  if (typeof metrics !== 'object' || metrics === null) fail('expected "metrics", found none');
  if (!Array.isArray(clusters)) fail('expected a list of "clusters", found none');
  if (typeof thread !== 'object' || thread === null || !Array.isArray(thread.comments) || typeof thread.id !== 'string') fail('expected a "thread" with an id and comments, found none');
  const clusterIds = new Set(clusters.map((cluster) => cluster.id));
  thread.comments.forEach((comment, i) => {
    const data = comment?.data;
    if (typeof data !== 'object' || data === null || typeof data.key !== 'string' || !data.sentiment || !data.stance || !data.incivility || data.cluster === undefined) {
      fail(`expected comment ${i + 1} (${JSON.stringify(comment?.id)}) to carry its key, scores and cluster, found ${data ? 'some missing' : 'none'}`);
    }
    if (data.cluster !== null && !clusterIds.has(data.cluster.id)) fail(`expected comment ${comment.id}'s cluster "${data.cluster.id}" among the snapshot's clusters, found it missing`);
  });
  return snapshot as Snapshot;
}
