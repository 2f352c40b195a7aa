/**
 * A worker thread of the report writer: given the run (without its threads),
 * the format and the staging folder once, it reads each stored thread it is
 * sent, renders its part of the report set (see renderThread), writes the
 * thread's own files into the staging folder and sends back, with its index,
 * their names and the rest of the rendering — every text as UTF-8 bytes
 * handed over rather than copied, ready to write.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { reviveThread, type StoredThread } from '../analyse/store.js';
import { normalizeRenderOptions } from '../options/index.js';
import { renderThread } from '../report/index.js';
import { isPlainName, systemReason, type StagedFile } from './output.js';
import type { RenderAnswer, RenderJob } from './render.js';

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
  const staged = rendering.files.map(({ name, content }): StagedFile => {
    // A name that is not a plain file name is left for the writer to refuse.
    if (!isPlainName(name)) return { name, staged: true };
    try {
      // 'wx': never over a file already there, as the writer itself does.
      writeFileSync(path.join(job.staging, name), content, { flag: 'wx' });
      return { name, staged: true };
    } catch (error) {
      return { name, staged: true, failure: systemReason(error) };
    }
  });
  const sent: RenderAnswer = {
    staged,
    rendering: { ...rendering, files: [], commentsCsv: rendering.commentsCsv.map(bytes), clustersCsv: bytes(rendering.clustersCsv) },
  };
  parentPort!.postMessage({ index, result: sent }, transfer);
});
