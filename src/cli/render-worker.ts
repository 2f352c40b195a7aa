/**
 * A worker thread of the report writer: given the run (without its threads)
 * and the format once, it reads each stored thread it is sent and renders
 * its part of the report set (see renderThread), sent back with its index.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { reviveThread, type StoredThread } from '../analyse/store.js';
import { normalizeRenderOptions } from '../options/index.js';
import { renderThread } from '../report/index.js';
import type { RenderJob } from './render.js';

const job = workerData as RenderJob;
const settings = normalizeRenderOptions(job.render);
parentPort!.on('message', ({ index, message }: { index: number; message: StoredThread }) => {
  const thread = reviveThread(message);
  parentPort!.postMessage({ index, result: renderThread(job.run, thread, settings) });
});
