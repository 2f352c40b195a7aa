/**
 * A worker thread of the report writer: given the run (without its threads)
 * and the format once, it reads each stored thread it is sent and renders
 * its part of the report set (see renderThread), sent back with its index —
 * every text as UTF-8 bytes handed over rather than copied, ready to write.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { reviveThread, type StoredThread } from '../analyse/store.js';
import { normalizeRenderOptions } from '../options/index.js';
import { renderThread, type ThreadRendering } from '../report/index.js';
import type { RenderJob } from './render.js';

const job = workerData as RenderJob;
const settings = normalizeRenderOptions(job.render);
const encoder = new TextEncoder();

parentPort!.on('message', ({ index, message }: { index: number; message: StoredThread }) => {
  const rendering = renderThread(job.run, reviveThread(message), settings);
  const transfer: ArrayBuffer[] = [];
  const bytes = (text: string | Uint8Array): Uint8Array => {
    const encoded = typeof text === 'string' ? encoder.encode(text) : text;
    transfer.push(encoded.buffer as ArrayBuffer);
    return encoded;
  };
  const sent: ThreadRendering = {
    ...rendering,
    files: rendering.files.map((file) => ({ name: file.name, content: bytes(file.content) })),
    commentsCsv: rendering.commentsCsv.map(bytes),
    clustersCsv: bytes(rendering.clustersCsv),
  };
  parentPort!.postMessage({ index, result: sent }, transfer);
});
