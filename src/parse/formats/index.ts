import type { Diagnostic, Thread } from '../../model/index.js';
import { readDisqus } from './disqus.js';
import { readCsv, readJsonLines } from './records.js';
import type { FormatReader, InputFormat, ReaderOptions } from './types.js';
import { readWordPressPage } from './wordpress-html.js';
import { readWxr } from './wxr.js';

export { detectFormat, SNIFF_CHARACTERS } from './detect.js';
export { DEFAULT_RECORD_COLUMNS, type FormatReader, type InputFormat, type ReaderOptions, type RecordColumns } from './types.js';

/** The reader of each format but the page dump (which `parse` reads). */
const READERS: Record<Exclude<InputFormat, 'text'>, FormatReader> = {
  'wordpress-html': readWordPressPage,
  wxr: readWxr,
  disqus: readDisqus,
  jsonl: readJsonLines,
  csv: readCsv,
};

/** The formats `--input-format` accepts. */
export const INPUT_FORMATS: readonly InputFormat[] = ['text', 'wordpress-html', 'wxr', 'disqus', 'jsonl', 'csv'];

/**
 * Reads an export or a saved page in the given format (see FormatReader):
 * each thread to `emit` as it is complete; returned, the problems that
 * belong to no thread.
 */
export function readDocument(format: Exclude<InputFormat, 'text'>, chunks: AsyncIterable<string>, options: ReaderOptions, emit: (thread: Thread) => void): Promise<Diagnostic[]> {
  return READERS[format](chunks, options, emit);
}

/** Every thread of a text in the given format, and the problems that belong to no thread: for the library and tests. */
export async function readText(format: Exclude<InputFormat, 'text'>, text: string, options: ReaderOptions): Promise<{ threads: Thread[]; problems: Diagnostic[] }> {
  const threads: Thread[] = [];
  const problems = await readDocument(
    format,
    (async function* () {
      yield text.replace(/^\uFEFF/, '');
    })(),
    options,
    (thread) => threads.push(thread),
  );
  return { threads, problems };
}
