/**
 * `comments.xlsx`: the run as a typed workbook for analysts — sheets
 * comments, clusters, authors (when the inputs name them) and threads. A
 * number is a number cell, a time a date cell (UTC), and every other value a
 * text cell, so "3/4", "007", "TRUE", "1e5" and "=cmd" stay what they were:
 * no spreadsheet guesses a type, and there are never formulas. Each sheet has
 * its header row frozen and filters on it.
 *
 * Written by {@link XlsxWriter} as the run's threads go by, in the same pass
 * as every other file: the comments sheet's bytes come out as its rows are
 * added, the other sheets (a row per cluster and thread, author and thread)
 * are held compressed until the end. The same rows give the same bytes.
 */
import type { AnalysedThread } from '../model/index.js';
import { instantOf } from '../model/index.js';
import { AUTHOR_COLUMNS, authorRecord, type AuthorView } from './authors.js';
import { CLUSTER_COLUMNS } from './clusters-csv.js';
import { COMMENT_COLUMNS, commentRecord } from './csv.js';
import type { SummaryRow } from './summary.js';
import { XlsxWriter, type XlsxCell, type XlsxColumn } from './xlsx.js';

/** Columns holding an ISO 8601 time, written as date cells. */
const TIME_COLUMNS = new Set(['time', 'first_time', 'last_time']);

export const THREAD_COLUMNS = ['thread_id', 'title', 'site', 'date', 'file', 'format', 'comments', 'declared_comments', 'flagged', 'mean_sentiment', 'disagree_share', 'heated'] as const;

/** A sheet's columns: wide for texts, as wide as the header otherwise; times as dates. */
function columnsOf(columns: readonly string[]): XlsxColumn[] {
  return columns.map((column) => ({
    header: column,
    width: column === 'text' || column === 'quote' || column === 'title' ? 60 : Math.max(10, column.length + 2),
    ...(TIME_COLUMNS.has(column) ? { date: true } : {}),
  }));
}

/** A record's cells in the columns' order: numbers as numbers, times as dates, empty as empty, anything else as text. */
export function cellsOf(columns: readonly string[], record: Record<string, string | number>): XlsxCell[] {
  return columns.map((column) => {
    const value = record[column];
    if (value === undefined || value === '') return null;
    if (typeof value === 'number' || !TIME_COLUMNS.has(column)) return value;
    return instantOf(value) ?? value;
  });
}

/** A thread's rows of the comments sheet; `labels` gives each cluster id its label. */
export function commentCells(thread: AnalysedThread, labels: ReadonlyMap<string, string>): XlsxCell[][] {
  return thread.comments.map((comment) => cellsOf(COMMENT_COLUMNS, commentRecord(thread, comment, labels)));
}

/** Rows of the clusters sheet from records of clusters.csv. */
export function clusterCells(records: ReadonlyArray<Record<string, string | number>>): XlsxCell[][] {
  return records.map((record) => cellsOf(CLUSTER_COLUMNS, record));
}

const COMMENTS = 0;
const CLUSTERS = 1;

/**
 * The workbook made piece by piece: `comments` and `clusters` add rows as
 * the threads go by (the comments sheet's bytes to write now come back),
 * `finish` adds the authors and threads sheets and gives the rest.
 */
export class WorkbookBuilder {
  private readonly xlsx = new XlsxWriter([
    { name: 'comments', columns: columnsOf(COMMENT_COLUMNS) },
    { name: 'clusters', columns: columnsOf(CLUSTER_COLUMNS) },
  ]);

  /** Adds rows to the comments sheet; the bytes ready to be written. */
  comments(rows: ReadonlyArray<readonly XlsxCell[]>): Uint8Array[] {
    for (const row of rows) this.xlsx.row(COMMENTS, row);
    return this.xlsx.take();
  }

  clusters(rows: ReadonlyArray<readonly XlsxCell[]>): void {
    for (const row of rows) this.xlsx.row(CLUSTERS, row);
  }

  /** Texts cut to a spreadsheet cell's 32,767 characters so far. */
  get truncated(): number {
    return this.xlsx.truncated;
  }

  /** The authors sheet (when there are authors) and the threads sheet, then the rest of the workbook's bytes. */
  finish(authors: AuthorView | null, threads: readonly SummaryRow[]): Uint8Array[] {
    if (authors !== null && authors.authors.length > 0) {
      const sheet = this.xlsx.addSheet({ name: 'authors', columns: columnsOf(AUTHOR_COLUMNS) });
      for (const entry of authors.authors) this.xlsx.row(sheet, cellsOf(AUTHOR_COLUMNS, authorRecord(entry)));
    }
    const sheet = this.xlsx.addSheet({ name: 'threads', columns: columnsOf(THREAD_COLUMNS) });
    for (const row of threads) this.xlsx.row(sheet, cellsOf(THREAD_COLUMNS, threadRecord(row)));
    return this.xlsx.finish();
  }
}

function threadRecord(row: SummaryRow): Record<(typeof THREAD_COLUMNS)[number], string | number> {
  return {
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
  };
}
