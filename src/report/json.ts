import type { Thread } from '../model/index.js';

/**
 * The `parse --json` contract: the thread of one named file as a JSON object,
 * otherwise an array of threads, pretty-printed with two spaces and a final newline.
 */
export function renderThreadJson(threads: Thread[], single: boolean): string {
  return JSON.stringify(single ? threads[0] : threads, null, 2) + '\n';
}
