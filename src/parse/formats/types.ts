import type { Diagnostic, Thread } from '../../model/index.js';

/** The input formats threadlens reads; `text` is the page dump of the original parser. */
export type InputFormat = 'text' | 'wordpress-html' | 'wxr' | 'disqus' | 'jsonl' | 'csv';

/** The names of the record columns (JSON Lines fields, CSV header cells) read for each comment field. */
export interface RecordColumns {
  id: string;
  parentId: string;
  threadId: string;
  author: string;
  timestamp: string;
  text: string;
}

export const DEFAULT_RECORD_COLUMNS: Readonly<RecordColumns> = Object.freeze({
  id: 'id',
  parentId: 'parent_id',
  threadId: 'thread_id',
  author: 'author',
  timestamp: 'timestamp',
  text: 'text',
});

export interface ReaderOptions {
  /** The path the input was read from, as given (names the threads' `file` and every problem). */
  file: string;
  /** For JSON Lines and CSV: which columns hold which field. */
  columns: RecordColumns;
}

/**
 * A reader of one export format. It is given the file's text in chunks (a
 * 500 MB export is never held whole) and hands each thread to `emit` as soon
 * as the thread is complete, in the order of the file. What it returns are
 * the problems that belong to no thread (malformed markup between threads, a
 * bad record with no thread id), each with its line and column. On malformed
 * input it keeps everything read before the fault: the thread being read is
 * emitted with its comments so far and a diagnostic saying where reading
 * stopped.
 */
export type FormatReader = (chunks: AsyncIterable<string>, options: ReaderOptions, emit: (thread: Thread) => void) => Promise<Diagnostic[]>;
