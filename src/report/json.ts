import type { Thread } from '../model.js';

/**
 * The `parse --json` contract: one thread as a JSON object, several as an
 * array of them, pretty-printed with two spaces and a final newline.
 */
export function renderThreadJson(threads: Thread[]): string {
  return JSON.stringify(threads.length === 1 ? threads[0] : threads, null, 2) + '\n';
}
