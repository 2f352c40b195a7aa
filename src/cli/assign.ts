import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Assignment, FittedClusters } from '../analyse/cluster/engine.js';
import type { TextList } from '../analyse/text-list.js';
import { inOrderOnWorkers } from './pool.js';

/** The compiled worker; absent when running from the TypeScript sources. */
const WORKER = new URL('./assign-worker.js', import.meta.url);

/** Texts per task: enough that sending them costs little beside placing them. */
const TEXTS_PER_TASK = 4000;

/** Whether {@link assignOnWorkers} can run: the compiled worker is there. */
export function canAssignOnWorkers(): boolean {
  return existsSync(fileURLToPath(WORKER));
}

/**
 * Places every text among the fitted clusters on `jobs` worker threads, a
 * range of texts at a time, and joins the ranges in order: what assignTexts
 * gives for all the texts at once.
 */
export async function assignOnWorkers(fitted: FittedClusters, texts: TextList, jobs: number, perTask = TEXTS_PER_TASK): Promise<Assignment> {
  const count = texts.length;
  const joined: Assignment = {
    assignments: new Int32Array(count),
    similarities: new Float64Array(count),
    nearestFrames: new Int32Array(count),
    termCounts: fitted.centroids.map(() => new Uint32Array(fitted.model.terms.length)),
  };
  const ranges = Math.ceil(count / perTask);
  const taskOf = (index: number) => {
    const packed = texts.pack(index * perTask, Math.min(count, (index + 1) * perTask));
    return { message: packed, transfer: [packed.bytes.buffer as ArrayBuffer, packed.ends.buffer as ArrayBuffer] };
  };
  let from = 0;
  for await (const part of inOrderOnWorkers<Assignment>(WORKER, fitted, ranges, taskOf, jobs)) {
    joined.assignments.set(part.assignments, from);
    joined.similarities.set(part.similarities, from);
    joined.nearestFrames.set(part.nearestFrames, from);
    part.termCounts.forEach((counts, k) => {
      const total = joined.termCounts[k]!;
      for (let term = 0; term < counts.length; term++) total[term]! += counts[term]!;
    });
    from += part.assignments.length;
  }
  return joined;
}
