import { stringify } from 'csv-stringify/sync';
import type { Clustering, ScoredThread } from '../model.js';
import { commentKeys, threadId } from './keys.js';

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
 * One row per comment of every thread, header first, with the cluster of each
 * comment when a clustering is given (empty for comments it could not place).
 * Every text cell is
 * quoted (so line breaks inside a comment never start a row) and neutralised;
 * numbers stay numbers. Line ends are CRLF, as RFC 4180 and Excel expect.
 */
export function renderCommentsCsv(threads: ScoredThread[], clustering: Clustering | null = null, options: CsvOptions = {}): string {
  const labels = new Map(clustering?.clusters.map((cluster) => [cluster.id, cluster.label]) ?? []);
  const records: Array<Record<string, string | number>> = [];
  threads.forEach(({ thread, scores }, t) => {
    const id = threadId(thread);
    const keys = commentKeys(thread);
    thread.comments.forEach((comment, i) => {
      const score = scores[i]!;
      const clusterId = clustering?.assignments[t]?.[i] ?? null;
      records.push({
        thread_id: id,
        comment_id: comment.id,
        parent_id: comment.parentId ?? '',
        depth: comment.depth,
        line: comment.line,
        text: comment.text,
        sentiment: score.sentiment.score,
        sentiment_label: score.sentiment.label,
        stance: score.stance.stance,
        stance_target: score.stance.target,
        stance_confidence: score.stance.confidence,
        incivility: score.incivility.kinds.join(';'),
        incivility_target: score.incivility.target ?? '',
        incivility_severity: score.incivility.severity,
        cluster_id: clusterId ?? '',
        cluster_label: clusterId ? labels.get(clusterId) ?? '' : '',
        key: keys[i]!,
      });
    });
  });
  return stringifyCsv(records, COMMENT_COLUMNS, options);
}

/**
 * The CSV rules every threadlens file follows: header first, every text cell
 * quoted (so a line break in a comment never starts a row) and neutralised,
 * numbers unquoted, CRLF line ends as RFC 4180 and Excel expect, an optional BOM.
 */
export function stringifyCsv(records: Array<Record<string, string | number>>, columns: readonly string[], options: CsvOptions): string {
  return stringify(records, {
    header: true,
    bom: options.bom === true,
    columns: [...columns],
    record_delimiter: 'windows',
    quoted_string: true,
    quoted_empty: false,
    cast: { string: (value) => neutraliseCell(value) },
  });
}
