import { stringify } from 'csv-stringify/sync';
import type { AnalysedComment, AnalysedThread, AnyRun } from '../model/index.js';

/** The columns of `comments.csv`, in order: the contract's, then a few more for analysts. */
export const COMMENT_COLUMNS = [
  'thread_id',
  'comment_id',
  'parent_id',
  'depth',
  'line',
  'text',
  'sentiment',
  'sentiment_label',
  'stance',
  'stance_target',
  'stance_confidence',
  'incivility',
  'incivility_target',
  'incivility_severity',
  'cluster_id',
  'cluster_label',
  'key',
  'author',
  'time',
] as const;

export interface CsvOptions {
  /** Start with a UTF-8 byte-order mark, which Excel needs to read UTF-8. */
  bom?: boolean;
}

/**
 * A cell that a spreadsheet would run as a formula, or that starts with a
 * control character: `= + - @`, tab, CR, LF or their full-width forms, also
 * after leading spaces.
 */
const LIVE_START = /^[\s\u3000]*[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]/;

/** Makes a text cell inert: a leading apostrophe, as spreadsheets themselves use for literal text. */
export function neutraliseCell(text: string): string {
  return LIVE_START.test(text) ? `'${text}` : text;
}

/**
 * One row per comment of every thread of the run, header first, each row read
 * from the comment's own annotations (cluster columns empty for comments the
 * clusterer could not place). Every text cell is quoted (so line breaks inside
 * a comment never start a row) and neutralised; numbers stay numbers. Line
 * ends are CRLF, as RFC 4180 and Excel expect.
 */
export function renderCommentsCsv(run: Pick<AnyRun, 'threads' | 'clusters'>, options: CsvOptions = {}): string {
  return [...commentsCsvChunks(run, options)].join('');
}

/** Rows per piece of {@link commentsCsvChunks}. */
const ROWS_PER_CHUNK = 2000;

/**
 * {@link renderCommentsCsv} in pieces (the header, and any BOM, first; then
 * each thread's rows, a few thousand at a time), so a run of a million
 * comments is written without its whole CSV ever in memory at once. Joined,
 * the pieces are the same bytes.
 */
export function* commentsCsvChunks(run: Pick<AnyRun, 'threads' | 'clusters'>, options: CsvOptions = {}): Generator<string> {
  const labels = clusterLabels(run.clusters);
  yield stringifyCsv([], COMMENT_COLUMNS, options);
  for (const thread of run.threads) yield* threadCommentsCsv(thread, labels);
}

/** Each cluster's label, by id: what {@link commentRecord} is given. */
export function clusterLabels(clusters: AnyRun['clusters']): Map<string, string> {
  return new Map(clusters.map((cluster) => [cluster.id, cluster.label]));
}

/** A thread's rows of `comments.csv` (no header), a few thousand at a time. */
export function* threadCommentsCsv(thread: AnalysedThread, labels: ReadonlyMap<string, string>): Generator<string> {
  for (let start = 0; start < thread.comments.length; start += ROWS_PER_CHUNK) {
    const records = thread.comments.slice(start, start + ROWS_PER_CHUNK).map((comment) => commentRecord(thread, comment, labels));
    yield csvRows(records, COMMENT_COLUMNS);
  }
}

/**
 * The CSV rules every threadlens file follows: header first, every text cell
 * quoted (so a line break in a comment never starts a row) and neutralised,
 * numbers unquoted, CRLF line ends as RFC 4180 and Excel expect, an optional BOM.
 */
export function stringifyCsv(records: Array<Record<string, string | number>>, columns: readonly string[], options: CsvOptions, header = true): string {
  return stringify(records, {
    header,
    bom: options.bom === true,
    columns: [...columns],
    record_delimiter: 'windows',
    quoted_string: true,
    quoted_empty: false,
    cast: { string: (value) => neutraliseCell(value) },
  });
}

/**
 * Rows (no header) exactly as {@link stringifyCsv} writes them, written here
 * directly: the comments' rows are the one place a run sends a million
 * records through, and csv-stringify's general machinery (options read per
 * field, a cast call per value) cost twenty times the few string joins these
 * rules need. The header and the smaller files still go through csv-stringify,
 * and a test holds the two to the same bytes.
 */
export function csvRows(records: ReadonlyArray<Record<string, string | number>>, columns: readonly string[]): string {
  let out = '';
  for (const record of records) {
    for (let c = 0; c < columns.length; c++) {
      const value = record[columns[c]!]!;
      if (c > 0) out += ',';
      out += typeof value === 'number' ? String(value) : quotedCell(value);
    }
    out += '\r\n';
  }
  return out;
}

/** A text cell: neutralised, quoted, its quotes doubled; an empty one stays empty. */
function quotedCell(value: string): string {
  if (value === '') return '';
  const cell = neutraliseCell(value);
  return `"${cell.includes('"') ? cell.replaceAll('"', '""') : cell}"`;
}

/** One comment's row of `comments.csv` (and of the workbook's comments sheet), by column; `labels` gives each cluster id its label. */
export function commentRecord(thread: AnalysedThread, comment: AnalysedComment, labels: ReadonlyMap<string, string>): Record<(typeof COMMENT_COLUMNS)[number], string | number> {
  const { sentiment, stance, incivility, cluster, key } = comment.data;
  return {
    thread_id: thread.id,
    comment_id: comment.id,
    parent_id: comment.parentId ?? '',
    depth: comment.depth,
    line: comment.line,
    text: comment.text,
    sentiment: sentiment.score,
    sentiment_label: sentiment.label,
    stance: stance.stance,
    stance_target: stance.target,
    stance_confidence: stance.confidence,
    incivility: incivility.kinds.join(';'),
    incivility_target: incivility.target ?? '',
    incivility_severity: incivility.severity,
    cluster_id: cluster?.id ?? '',
    cluster_label: cluster ? (labels.get(cluster.id) ?? '') : '',
    key,
    author: comment.author ?? '',
    time: comment.time ?? '',
  };
}
