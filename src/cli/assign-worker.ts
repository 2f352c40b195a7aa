/**
 * A worker thread of the clusterer: given the fitted clusters once, it
 * places each range of whole threads' comments it is sent (see
 * placeComments) and sends back where each went and the threads' quotes,
 * with the range's index.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { FittedClusters } from '../analyse/cluster/engine.js';
import { placeComments } from '../analyse/cluster/index.js';
import { PackedTexts } from '../analyse/text-list.js';
import type { PlacementTask } from './assign.js';

const fitted = workerData as FittedClusters;
parentPort!.on('message', ({ index, message }: { index: number; message: PlacementTask }) => {
  const { texts, threadOf } = message;
  const from = texts.from;
  const result = placeComments(fitted, new PackedTexts(texts), (comment) => threadOf[comment - from]!, from, from + texts.ends.length);
  const { assignment } = result;
  const buffers = [assignment.assignments, assignment.similarities, assignment.nearestFrames, ...assignment.termCounts].map((array) => array.buffer as ArrayBuffer);
  parentPort!.postMessage({ index, result }, buffers);
});
