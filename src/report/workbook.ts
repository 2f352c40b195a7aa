/**
 * `comments.xlsx`: the run as a typed workbook for analysts — sheets
 * comments, clusters, authors (when the inputs name them) and threads. A
 * number is a number cell, a time a date cell (UTC), and every other value a
 * text cell, so "3/4", "007", "TRUE", "1e5" and "=cmd" stay what they were:
 * no spreadsheet guesses a type, and there are never formulas. Each sheet has
 * its header row frozen and filters on it.
 *
 * Written with exceljs's streaming writer (rows are let go as they are
 * written, so a run of any size fits), as bytes read from an async iterable.
 * The same run gives the same bytes: the workbook's dates and every zip
 * entry's date are fixed.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { AnyRun } from '../model/index.js';
import { instantOf } from '../model/index.js';
import { AUTHOR_COLUMNS, authorRecord, type AuthorView } from './authors.js';
import { CLUSTER_COLUMNS, clusterRecords } from './clusters-csv.js';
import { COMMENT_COLUMNS, commentRecord } from './csv.js';
import type { SummaryRow } from './summary.js';

/** The workbook's own date, and every zip entry's: fixed, so the bytes depend only on the run. */
const FIXED_DATE = new Date(Date.UTC(2000, 0, 1));
/** Columns holding an ISO 8601 time, written as date cells. */
const TIME_COLUMNS = new Set(['time', 'first_time', 'last_time']);
const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss';
/** Rows written between yields to the event loop, so the zip stream drains as it goes. */
const ROWS_PER_TURN = 500;

export const THREAD_COLUMNS = ['thread_id', 'title', 'site', 'date', 'file', 'format', 'comments', 'declared_comments', 'flagged', 'mean_sentiment', 'disagree_share', 'heated'] as const;

type Cell = string | number | Date | null;

/** The workbook's bytes, in pieces as they are made; `threads` are the summary's rows of the run's threads, in order. */
export function renderWorkbook(run: Pick<AnyRun, 'threads' | 'clusters'>, authors: AuthorView | null, threads: SummaryRow[]): AsyncIterable<Uint8Array> {
  const out = new PassThrough();
  void writeWorkbook(run, authors, threads, out).catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return out;
}

async function writeWorkbook(run: Pick<AnyRun, 'threads' | 'clusters'>, authors: AuthorView | null, threads: SummaryRow[], out: PassThrough): Promise<void> {
  const workbook = new FixedDateWorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  // Read when the workbook is committed (docProps/core.xml).
  workbook.creator = 'threadlens';
  workbook.lastModifiedBy = 'threadlens';
  workbook.created = FIXED_DATE;
  workbook.modified = FIXED_DATE;

  const labels = new Map(run.clusters.map((cluster) => [cluster.id, cluster.label]));
  await sheet(workbook, 'comments', COMMENT_COLUMNS, (function* () {
    for (const thread of run.threads) for (const comment of thread.comments) yield commentRecord(thread, comment, labels);
  })());
  await sheet(workbook, 'clusters', CLUSTER_COLUMNS, clusterRecords(run));
  if (authors !== null && authors.authors.length > 0) await sheet(workbook, 'authors', AUTHOR_COLUMNS, authors.authors.map(authorRecord));
  await sheet(
    workbook,
    'threads',
    THREAD_COLUMNS,
    threads.map((row) => ({
      thread_id: row.threadId,
      title: row.article.title ?? '',
      site: row.article.site ?? '',
      date: row.article.date ?? '',
      file: row.file,
      format: row.format,
      comments: row.metrics.comments,
      declared_comments: row.article.declaredCommentCount ?? '',
      flagged: row.metrics.flagged,
      mean_sentiment: row.metrics.meanSentiment,
      disagree_share: row.metrics.stanceShares.disagree,
      heated: row.metrics.heated,
    })),
  );
  await workbook.commit();
}

/**
 * exceljs's streaming writer, but every zip entry dated FIXED_DATE rather
 * than the moment it was written. Its constructor adds the first entries
 * (themes first), so the zip's `append` is wrapped there, before any.
 */
class FixedDateWorkbookWriter extends ExcelJS.stream.xlsx.WorkbookWriter {
  override addThemes(): Promise<void> {
    const zip = (this as unknown as { zip: { append: (source: unknown, data: Record<string, unknown>) => unknown } }).zip;
    const append = zip.append.bind(zip);
    zip.append = (source, data) => append(source, { ...data, date: FIXED_DATE });
    return super.addThemes();
  }
}

/** One sheet: a bold, frozen header row with filters, then a row per record, each value typed (see the module's note). */
async function sheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, columns: readonly string[], records: Iterable<Record<string, string | number>>): Promise<void> {
  const worksheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', xSplit: 0, ySplit: 1 }] });
  worksheet.columns = columns.map((column) => ({
    header: column,
    key: column,
    width: column === 'text' || column === 'quote' || column === 'title' ? 60 : Math.max(10, column.length + 2),
    ...(TIME_COLUMNS.has(column) ? { style: { numFmt: DATE_FORMAT } } : {}),
  }));
  worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  worksheet.getRow(1).font = { bold: true };
  worksheet.getRow(1).commit();
  let written = 0;
  for (const record of records) {
    worksheet.addRow(columns.map((column) => cellOf(column, record[column]))).commit();
    if (++written % ROWS_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  worksheet.commit();
}

/** A value as its cell: numbers as numbers, times as dates, empty as an empty cell, anything else as text. */
function cellOf(column: string, value: string | number | undefined): Cell {
  if (value === undefined || value === '') return null;
  if (typeof value === 'number') return value;
  if (TIME_COLUMNS.has(column)) {
    const instant = instantOf(value);
    if (instant !== null) return new Date(instant);
  }
  return value;
}
