/**
 * A worker thread of the clusterer: given the fitted clusters once, it
 * places each range of texts it is sent (see assignTexts) and sends back
 * where each went, with the range's index.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { assignTexts, type FittedClusters } from '../analyse/cluster/engine.js';
import { PackedTexts, type PackedTextRange } from '../analyse/text-list.js';

const fitted = workerData as FittedClusters;
parentPort!.on('message', ({ index, message }: { index: number; message: PackedTextRange }) => {
  const result = assignTexts(fitted, new PackedTexts(message), message.from, message.from + message.ends.length);
  const buffers = [result.assignments, result.similarities, result.nearestFrames, ...result.termCounts].map((array) => array.buffer as ArrayBuffer);
  parentPort!.postMessage({ index, result }, buffers);
});
