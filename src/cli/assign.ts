import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FittedClusters } from '../analyse/cluster/engine.js';
import type { ClusterInput, PlacedComments } from '../analyse/cluster/index.js';
import type { PackedTextRange } from '../analyse/text-list.js';
import { inOrderOnWorkers } from './pool.js';

/** The compiled worker; absent when running from the TypeScript sources. */
const WORKER = new URL('./assign-worker.js', import.meta.url);

/** Comments per task, at least (a range ends where a thread does): enough that sending them costs little beside placing them. */
const COMMENTS_PER_TASK = 4000;

/** A range of whole threads for a worker: the comments' texts, and each one's thread. */
export interface PlacementTask {
  texts: PackedTextRange;
  threadOf: Int32Array;
}

/** Whether {@link placeOnWorkers} can run: the compiled worker is there. */
export function canPlaceOnWorkers(): boolean {
  return existsSync(fileURLToPath(WORKER));
}

/**
 * Places every comment among the fitted clusters on `jobs` worker threads, a
 * range of whole threads at a time, and joins the ranges in order: what
 * placeComments gives for all the comments at once.
 */
export async function placeOnWorkers(fitted: FittedClusters, input: ClusterInput, jobs: number, perTask = COMMENTS_PER_TASK): Promise<PlacedComments> {
  const count = input.texts.length;
  // Each range ends at the first thread boundary after `perTask` comments.
  const ends: number[] = [];
  for (let from = 0; from < count; ) {
    let end = Math.min(count, from + perTask);
    while (end < count && input.threadOf[end] === input.threadOf[end - 1]) end++;
    ends.push(end);
    from = end;
  }
  const joined: PlacedComments = {
    assignment: {
      assignments: new Int32Array(count),
      similarities: new Float64Array(count),
      nearestFrames: new Int32Array(count),
      termCounts: fitted.centroids.map(() => new Uint32Array(fitted.model.terms.length)),
    },
    quotes: [],
  };
  const taskOf = (index: number) => {
    const from = index === 0 ? 0 : ends[index - 1]!;
    const texts = input.texts.pack(from, ends[index]!);
    const threadOf = Int32Array.from(input.threadOf.slice(from, ends[index]!));
    return { message: { texts, threadOf } satisfies PlacementTask, transfer: [texts.bytes.buffer as ArrayBuffer, texts.ends.buffer as ArrayBuffer, threadOf.buffer] };
  };
  let from = 0;
  const { assignment } = joined;
  for await (const part of inOrderOnWorkers<PlacedComments>(WORKER, fitted, ends.length, taskOf, jobs)) {
    assignment.assignments.set(part.assignment.assignments, from);
    assignment.similarities.set(part.assignment.similarities, from);
    assignment.nearestFrames.set(part.assignment.nearestFrames, from);
    part.assignment.termCounts.forEach((counts, k) => {
      const total = assignment.termCounts[k]!;
      for (let term = 0; term < counts.length; term++) total[term]! += counts[term]!;
    });
    joined.quotes.push(...part.quotes);
    from += part.assignment.assignments.length;
  }
  return joined;
}
