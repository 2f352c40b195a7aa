import { once } from 'node:events';
import { parse as parseCsv, type CsvError } from 'csv-parse';
import { describeValue, type Article, type Diagnostic, type ThreadFormat } from '../../model/index.js';
import { idOfFile } from '../index.js';
import { buildThread, isoTime, type CommentRecord } from './build.js';
import type { FormatReader, ReaderOptions, RecordColumns } from './types.js';

/**
 * Readers of comment records: JSON Lines (one object a line, including
 * ConvoKit's `utterances.jsonl`) and CSV with a header row. Each record is one
 * comment; records are grouped into threads by their thread id, one thread per
 * id in the order the ids first appear. A thread's records may be spread
 * through the file, so every thread is emitted at the end.
 *
 * A bad record (not JSON, not an object, no id, no text, a value of the wrong
 * type, a CSV row with the wrong number of cells) is skipped with a warning
 * naming its line; nothing else is lost.
 */

/** Unix times above this are read as milliseconds, at or below it as seconds. */
const MILLISECONDS_ABOVE = 1e11;
/** The instants `Date` can write as a four-digit year: 0000-01-01 to 9999-12-31. */
const EARLIEST_MS = -62_167_219_200_000;
const LATEST_MS = 253_402_300_799_999;

/**
 * Reads JSON Lines: one JSON object a line, its fields named by
 * `options.columns`. A record with `conversation_id`, `speaker` and
 * `reply_to` is read as a ConvoKit utterance (format `convokit`): its
 * conversation is its thread, and an utterance whose `meta.kind` is
 * `'article'` (as threadlens's own ConvoKit export writes the article) is the
 * thread's article, its replies the top-level comments. A conversation
 * that export wrote (`<thread>/article`, comments `<thread>/<comment>`) reads
 * back with the thread's and the comments' own ids.
 */
export const readJsonLines: FormatReader = async (chunks, options, emit) => {
  const collector = new RecordCollector(options, 'jsonl');
  let lineNumber = 0;
  const readLine = (line: string): void => {
    lineNumber += 1;
    const text = lineNumber === 1 && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line;
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      const shown = text.trim();
      collector.fileProblem(lineNumber, `expected a JSON object, found text that is not JSON (${JSON.stringify(shown.length > 40 ? shown.slice(0, 40) + '…' : shown)}): the line is skipped`);
      return;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      collector.fileProblem(lineNumber, `expected a JSON object, found ${describeValue(value)}: the line is skipped`);
      return;
    }
    collector.add(value as Record<string, unknown>, lineNumber, lineNumber);
  };

  let buffer = '';
  // Line breaks: \n, \r\n or a lone \r (JSON text never holds a raw one inside a string).
  const lineBreak = /\r\n|\r|\n/g;
  for await (const chunk of chunks) {
    // What is left of the buffer holds no line break but perhaps a last \r: only that and the new chunk are searched.
    lineBreak.lastIndex = Math.max(0, buffer.length - 1);
    buffer += chunk;
    let start = 0;
    for (let match = lineBreak.exec(buffer); match !== null; match = lineBreak.exec(buffer)) {
      // A \r at the end of a chunk may be the first half of a \r\n: wait for the next chunk.
      if (match[0] === '\r' && match.index === buffer.length - 1) break;
      readLine(buffer.slice(start, match.index));
      start = match.index + match[0].length;
    }
    buffer = buffer.slice(start);
  }
  // The last line, without a line break of its own (or with a lone \r, held back above).
  if (buffer.endsWith('\r')) buffer = buffer.slice(0, -1);
  if (buffer !== '') readLine(buffer);
  return collector.finish(emit);
};

/**
 * Reads CSV with a header row (RFC 4180 quoting, a UTF-8 byte-order mark
 * allowed), its columns named by `options.columns`. A cell may hold commas,
 * quotes (doubled) and line breaks inside quotes; such a record's position
 * spans its lines.
 */
export const readCsv: FormatReader = async (chunks, options, emit) => {
  const collector = new RecordCollector(options, 'csv');
  const header: { cells: string[] | null; usable: boolean } = { cells: null, usable: true };
  const parser = parseCsv({
    columns: (cells: string[]) => {
      header.cells = cells;
      const missing = [options.columns.id, options.columns.text].filter((name) => !cells.includes(name));
      if (missing.length > 0) {
        header.usable = false;
        const found = cells.length === 0 ? 'none' : cells.map((cell) => JSON.stringify(cell)).join(', ');
        collector.fileProblem(1, `expected a header naming the ${missing.map((name) => `"${name}"`).join(' and ')} column${missing.length === 1 ? '' : 's'}, found ${found}: no comment can be read`, 'missing-column');
      }
      return cells;
    },
    bom: true,
    relax_column_count: false,
    // A quote inside a cell that is not quoted is kept as written rather than losing the rows after it.
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
    raw: true,
  });

  parser.on('skip', (error: CsvError) => {
    const raw = typeof error['raw'] === 'string' ? error['raw'] : '';
    const end = typeof error['lines'] === 'number' ? error['lines'] : 1;
    const line = Math.max(1, end - innerLineBreaks(raw));
    collector.fileProblem(line, csvErrorMessage(error, header.cells, line));
  });
  parser.on('data', (item: unknown) => {
    if (!header.usable || !isCsvItem(item)) return;
    const end = item.info.lines;
    collector.add(item.record, Math.max(1, end - innerLineBreaks(item.raw ?? '')), end);
  });
  const finished = new Promise<Error | null>((resolve) => {
    parser.on('end', () => resolve(null));
    parser.on('error', (error: Error) => resolve(error));
  });

  // csv-parse counts a \r\n inside quotes as two lines; it is given \n only, so its line numbers are the file's.
  // It encodes each chunk as UTF-8 on its own, so a chunk never ends inside a surrogate pair or a \r\n: such an end waits for the next chunk.
  let held = '';
  let failed = false;
  parser.once('error', () => (failed = true));
  try {
    for await (const chunk of chunks) {
      if (failed) break;
      let text: string = held + chunk;
      const last = text.charCodeAt(text.length - 1);
      const keep = last === 0x0d || (last >= 0xd800 && last <= 0xdbff) ? 1 : 0;
      held = text.slice(text.length - keep);
      text = text.slice(0, text.length - keep);
      if (text !== '' && !parser.write(text.replace(/\r\n?/g, '\n')) && !failed) await Promise.race([once(parser, 'drain'), finished]);
    }
  } catch (error) {
    parser.destroy();
    throw error;
  }
  if (!failed) parser.end(held === '' ? undefined : held.replace(/\r/g, '\n'));
  const error = await finished;
  if (error !== null) {
    collector.fileProblem(typeof (error as CsvError)['lines'] === 'number' ? ((error as CsvError)['lines'] as number) : 1, `expected CSV that can be read to the end, found an error (${error.message.split('\n')[0]}): reading stopped here`, 'unreadable-record');
  }
  return collector.finish(emit);
};

/** The line breaks inside a record's raw text (its own line ends and the empty lines before it left out). */
function innerLineBreaks(raw: string): number {
  const text = raw.replace(/^\n+/, '').replace(/\n$/, '');
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}

interface CsvItem {
  record: Record<string, unknown>;
  info: { lines: number };
  raw?: string;
}

function isCsvItem(item: unknown): item is CsvItem {
  if (item === null || typeof item !== 'object') return false;
  const { record, info } = item as { record?: unknown; info?: unknown };
  return record !== null && typeof record === 'object' && info !== null && typeof info === 'object' && typeof (info as { lines?: unknown }).lines === 'number';
}

function csvErrorMessage(error: CsvError, header: string[] | null, line: number): string {
  switch (error.code) {
    case 'CSV_RECORD_INCONSISTENT_COLUMNS':
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH': {
      const cells = Array.isArray(error['record']) ? error['record'].length : null;
      const expected = header?.length ?? (Array.isArray(error['columns']) ? error['columns'].length : null);
      return `expected ${expected === null ? 'as many cells as the header has' : `${expected} cell${expected === 1 ? '' : 's'}, as the header has`}, found ${cells ?? 'another number'}: the row is skipped`;
    }
    case 'CSV_QUOTE_NOT_CLOSED':
      return `expected a closing quote for the cell opened on line ${line}, found the end of the file: the rest of the file is skipped`;
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'expected a comma or the end of the row after a closing quote, found more text: the row is skipped';
    default:
      return `expected a CSV row, found one that cannot be read (${error.message.split('\n')[0]}): the row is skipped`;
  }
}

/** A thread being gathered: its records, kept until the end of the file. */
interface PendingThread {
  key: string;
  format: ThreadFormat;
  comments: CommentRecord[];
  diagnostics: Diagnostic[];
  article: Partial<Pick<Article, 'title' | 'author' | 'date' | 'body'>> | null;
  articleId: string | null;
  articleLine: number | null;
}

/** The end of the conversation ids threadlens's ConvoKit export writes. */
const EXPORTED_ROOT = '/article';

/** The fields of a ConvoKit utterance, in the record columns' terms. */
const CONVOKIT_FIELDS: RecordColumns = { id: 'id', parentId: 'reply_to', threadId: 'conversation_id', author: 'speaker', timestamp: 'timestamp', text: 'text' };

/** Gathers records into threads; builds and emits them at the end. */
class RecordCollector {
  private readonly threads = new Map<string, PendingThread>();
  private readonly fileDiagnostics: Diagnostic[] = [];
  private readonly fileId: string;

  constructor(
    private readonly options: ReaderOptions,
    private readonly format: 'jsonl' | 'csv',
  ) {
    this.fileId = idOfFile(options.file);
  }

  /** A problem that belongs to no thread. */
  fileProblem(line: number, message: string, code = 'invalid-record'): void {
    this.fileDiagnostics.push({ severity: 'warning', code, message, line, column: 1 });
  }

  /** One record's fields, from line `line` to `endLine`. */
  add(fields: Record<string, unknown>, line: number, endLine: number): void {
    // Own fields only: a column named "constructor" is not Object.prototype's.
    const field = (name: string): unknown => (Object.hasOwn(fields, name) ? fields[name] : undefined);
    const convokit = this.format === 'jsonl' && ['conversation_id', 'speaker', 'reply_to'].every((name) => Object.hasOwn(fields, name));
    const names: RecordColumns = convokit ? CONVOKIT_FIELDS : this.options.columns;

    const threadValue = readId(field(names.threadId));
    if (threadValue === undefined) {
      this.fileProblem(line, `expected the thread id in "${names.threadId}" as a string, found ${describeValue(field(names.threadId))}: the record is skipped`);
      return;
    }
    const key = threadValue ?? this.fileId;
    const thread = this.threads.get(key) ?? { key, format: convokit ? 'convokit' : this.format, comments: [], diagnostics: [], article: null, articleId: null, articleLine: null };
    this.threads.set(key, thread);
    const problem = (message: string, code = 'invalid-record'): void => {
      thread.diagnostics.push({ severity: 'warning', code, message, line, column: 1 });
    };

    const id = readId(field(names.id));
    if (id === undefined || id === null) {
      problem(`expected a comment id in "${names.id}", found ${id === null ? 'none' : describeValue(field(names.id))}: the record is skipped`);
      return;
    }
    const parentId = readId(field(names.parentId));
    if (parentId === undefined) {
      problem(`expected the id of the comment answered in "${names.parentId}" as a string, found ${describeValue(field(names.parentId))}: the record is skipped`);
      return;
    }
    const text = field(names.text);
    if (text === undefined || text === null) {
      problem(`expected the text in "${names.text}", found none: the record is skipped`);
      return;
    }
    if (typeof text !== 'string') {
      problem(`expected the text in "${names.text}" as a string, found ${describeValue(text)}: the record is skipped`);
      return;
    }
    const authorValue = field(names.author);
    if (authorValue !== undefined && authorValue !== null && typeof authorValue !== 'string') {
      problem(`expected the author in "${names.author}" as a string, found ${describeValue(authorValue)}: the record is skipped`);
      return;
    }
    let author = authorValue === undefined || authorValue === null || authorValue.trim() === '' ? null : authorValue.replace(/\r\n?/g, '\n');
    if (convokit && author === 'unknown') author = null;

    const metaValue = field('meta');
    const meta = convokit && metaValue !== null && typeof metaValue === 'object' && !Array.isArray(metaValue) ? (metaValue as Record<string, unknown>) : {};
    // threadlens's ConvoKit export keeps each comment's time as the page gave it (with its offset) in `meta.time`,
    // null for a comment without one (its timestamp is then borrowed, so that ConvoKit can order it).
    const timeValue = field(names.timestamp);
    const time = 'time' in meta && meta['kind'] === 'comment' ? (typeof meta['time'] === 'string' ? isoTime(meta['time']) : null) : readTime(timeValue);
    if (time === undefined) {
      problem(`expected the time in "${names.timestamp}" as ISO 8601 or Unix seconds, found ${describeValue(timeValue)}: the comment is kept without a time`, 'invalid-time');
    }

    const body = text.replace(/\r\n?/g, '\n');
    if (meta['kind'] === 'article') {
      if (thread.article === null) {
        const [first = '', ...rest] = body.split('\n');
        // threadlens's export keeps the article's own date in `meta.date` (its timestamp may be the first comment's).
        const date = 'date' in meta ? (typeof meta['date'] === 'string' ? meta['date'] : null) : (time ?? null);
        thread.article = { title: first.trim() === '' ? null : first.trim(), body: rest.join('\n').trim(), author, date };
        thread.articleId = id;
        thread.articleLine = line;
        return;
      }
      problem(`expected one article utterance in conversation "${key}", found another (${id}): it is read as a comment`, 'duplicate-article');
    }
    thread.comments.push({ id, parentId, author, time: time ?? null, text: body, line, column: 1, endLine });
  }

  /** Builds and emits every thread, in the order their ids first appeared; returns the problems of no thread. */
  finish(emit: Parameters<FormatReader>[2]): Diagnostic[] {
    for (const thread of this.threads.values()) {
      const { articleId } = thread;
      if (articleId !== null) {
        for (const record of thread.comments) if (record.parentId === articleId) record.parentId = null;
      }
      // threadlens's own ConvoKit export names each conversation `<thread id>/article` and each comment
      // `<thread id>/<comment id>`: read back, the thread and its comments have their own ids again.
      const exported = articleId !== null && articleId === thread.key && thread.key.endsWith(EXPORTED_ROOT) && thread.key.length > EXPORTED_ROOT.length;
      const id = exported ? thread.key.slice(0, -EXPORTED_ROOT.length) : thread.key;
      if (exported) {
        const prefix = `${id}/`;
        const own = (value: string): string => (value.startsWith(prefix) && value.length > prefix.length ? value.slice(prefix.length) : value);
        for (const record of thread.comments) {
          record.id = own(record.id);
          if (record.parentId !== null) record.parentId = own(record.parentId);
        }
      }
      emit(
        buildThread({
          file: this.options.file,
          id,
          format: thread.format,
          ...(thread.article === null ? {} : { article: thread.article }),
          position: thread.articleLine === null ? null : { line: thread.articleLine, column: 1 },
          comments: thread.comments,
          diagnostics: thread.diagnostics,
        }),
      );
    }
    this.threads.clear();
    return this.fileDiagnostics
      .map((diagnostic, order) => ({ diagnostic, order }))
      .sort((a, b) => (a.diagnostic.line ?? 0) - (b.diagnostic.line ?? 0) || a.order - b.order)
      .map(({ diagnostic }) => diagnostic);
  }
}

/**
 * An id as a string: a string as written, a whole number in decimal. Null
 * for none (absent, null, empty); undefined for a value that cannot be an id.
 */
function readId(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim().replace(/\r\n?/g, '\n');
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  return undefined;
}

/**
 * A time as ISO 8601: an ISO string through {@link isoTime}; a number (or a
 * string of digits) as Unix seconds, or milliseconds above 1e11, in UTC. Null
 * for none; undefined for a value that is not a time.
 */
function readTime(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return null;
    if (/^-?\d+(\.\d+)?$/.test(text)) return unixTime(Number(text));
    return isoTime(text) ?? undefined;
  }
  if (typeof value === 'number') return unixTime(value);
  return undefined;
}

function unixTime(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  const ms = Math.floor(Math.abs(value) > MILLISECONDS_ABOVE ? value : value * 1000);
  if (ms < EARLIEST_MS || ms > LATEST_MS) return undefined;
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}
