import type { AnalysedThread, AnyRun, Problem } from '../model/index.js';
import { normalizeRenderOptions, type NormalizedRenderOptions, type RenderOptions } from '../options/index.js';
import { authoredThread, AuthorTally, renderAuthorsCsv, type AuthoredThread } from './authors.js';
import { CLUSTER_COLUMNS, overallClusterRecords, threadClusterRecords } from './clusters-csv.js';
import { renderConvokit } from './convokit.js';
import { clusterLabels, COMMENT_COLUMNS, stringifyCsv, threadCommentsCsv } from './csv.js';
import { renderSnapshot, snapshotOf } from './snapshot.js';
import { renderSummary, summaryRow, type SummaryRow } from './summary.js';
import { renderIndexHtml, renderThreadHtml } from './html.js';
import { renderThreadReport } from './thread-report.js';
import { clusterCells, commentCells, WorkbookBuilder } from './workbook.js';
import type { XlsxCell } from './xlsx.js';

/**
 * One file of a report set: a plain file name (no folders) and its content
 * — for the run-wide CSV, pieces of text to write one after the other
 * (joined, the file), so that its whole text is never in memory at once; for
 * the workbook, pieces of bytes made as they are read.
 */
export interface RenderedFile {
  name: string;
  content: string | Uint8Array | Iterable<string> | AsyncIterable<Uint8Array>;
}

/** A rendered text file's whole text (its pieces joined); for bytes, see {@link bytesOf}. */
export function contentOf(file: RenderedFile): string {
  if (typeof file.content === 'string') return file.content;
  if (file.content instanceof Uint8Array || !(Symbol.iterator in file.content)) throw new Error(`${file.name} is bytes, not text: read it with bytesOf`);
  return [...file.content].join('');
}

/** Any rendered file's whole content as bytes (text as UTF-8). */
export async function bytesOf(file: RenderedFile): Promise<Buffer> {
  if (file.content instanceof Uint8Array) return Buffer.from(file.content);
  if (typeof file.content === 'string' || Symbol.iterator in file.content) return Buffer.from(contentOf(file), 'utf8');
  const pieces: Uint8Array[] = [];
  for await (const piece of file.content) pieces.push(piece);
  return Buffer.concat(pieces);
}

/**
 * A piece of a file made alongside others in the one pass over a run's
 * threads: the pieces of one name, joined in the order they come, are the
 * file (see {@link renderParts}).
 */
export interface RenderedPiece {
  name: string;
  /** Text, or bytes (UTF-8 for a text file). */
  piece: string | Uint8Array;
}

/**
 * The files of a run, one at a time, so a writer can put each on disk before
 * the next is drawn. With the `reports` format: per thread its moderation
 * report `<id>.md`, its interactive page `<id>.html` and its snapshot
 * `<id>.json`, then `comments.csv`, `clusters.csv`, `authors.csv` (when the
 * inputs name authors), `comments.xlsx`, `summary.md` and the run's
 * `index.html`. With `html`: the pages and `index.html` alone; with `xlsx`,
 * the workbook alone. With `convokit`: a ConvoKit corpus folder.
 * Same run, same files, same bytes.
 *
 * The run-wide files are made in pieces as the threads go by and handed
 * over whole at the end; a writer that can keep several files open takes
 * {@link renderParts} instead, and never holds them.
 */
export function* render(run: AnyRun, options: RenderOptions | NormalizedRenderOptions = {}): Generator<RenderedFile> {
  const pieced = new Map<string, Array<string | Uint8Array>>();
  const held = new Map<string, RenderedFile>();
  for (const part of renderParts(run, options)) {
    if ('piece' in part) {
      const pieces = pieced.get(part.name);
      if (pieces === undefined) pieced.set(part.name, [part.piece]);
      else pieces.push(part.piece);
    } else if (RUN_FILES.includes(part.name)) held.set(part.name, part);
    else yield part;
  }
  // The run's own files after the threads', in the order above.
  const names = [...RUN_FILES, ...[...pieced.keys()].filter((name) => !RUN_FILES.includes(name))];
  for (const name of names) {
    const pieces = pieced.get(name);
    if (pieces !== undefined) {
      const text = pieces.every((piece): piece is string => typeof piece === 'string');
      yield { name, content: text ? pieces : Buffer.concat(pieces.map((piece) => (typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece))) };
    }
    const whole = held.get(name);
    if (whole !== undefined) yield whole;
  }
}

/** The files of the whole run, in the order {@link render} gives them (names no thread's files take: see threadIdOf). */
const RUN_FILES = ['comments.csv', 'clusters.csv', 'authors.csv', 'comments.xlsx', 'summary.md', 'index.html'];

/**
 * {@link render}'s files in the order they are made, in one pass over the
 * run's threads (each thread is read once, which matters when the threads
 * come back from disk): each thread's own files whole, and the run-wide CSV
 * files as pieces (a header first, then each thread's rows) between them.
 * What a reader of the set should know (a text cut to fit a spreadsheet
 * cell) goes to `problems` at the end.
 */
export function* renderParts(run: AnyRun, options: RenderOptions | NormalizedRenderOptions = {}, problems: Problem[] = []): Generator<RenderedFile | RenderedPiece> {
  const settings = normalizeRenderOptions(options);
  if (settings.format === 'convokit') {
    for (const [name, content] of Object.entries(renderConvokit(run))) yield { name, content };
    return;
  }
  const report = new ReportAssembler(run, settings);
  yield* report.start();
  for (const thread of run.threads) yield* report.add(renderThread(run, thread, settings));
  yield* report.finish();
  problems.push(...report.problems);
}

/** What rendering a thread needs of its run: its id and settings, and the clusters. */
export type RunContext = Pick<AnyRun, 'id' | 'settings' | 'clusters'>;

/**
 * What one thread gives the report set: its own files, its rows of the
 * run-wide files, its row of the summary and what the author figures read
 * of it. Plain data, so that it can be made on a worker thread and sent back.
 */
export interface ThreadRendering {
  /** Texts, or their UTF-8 bytes (as a worker thread hands them over). */
  files: Array<{ name: string; content: string | Uint8Array }>;
  commentsCsv: Array<string | Uint8Array>;
  clustersCsv: string | Uint8Array;
  /** Its rows of the workbook's comments and clusters sheets (none when the format has no workbook). */
  workbook: { comments: XlsxCell[][]; clusters: XlsxCell[][] } | null;
  summary: SummaryRow;
  /** The thread as the author figures read it; null when none of its comments names an author. */
  authors: AuthoredThread | null;
}

/** A thread's part of a report set in the given format (not convokit, which is made whole); see {@link ThreadRendering}. */
export function renderThread(run: RunContext, thread: AnalysedThread, settings: NormalizedRenderOptions): ThreadRendering {
  const markdown = settings.format === 'reports';
  const pages = settings.format !== 'xlsx';
  // A run's thread ids are its file names (threadIdOf, made unique by the run).
  const name = thread.id;
  const snapshot = snapshotOf(run, thread);
  const files: ThreadRendering['files'] = [];
  if (markdown) files.push({ name: `${name}.md`, content: renderThreadReport(snapshot) });
  if (pages) files.push({ name: `${name}.html`, content: renderThreadHtml(snapshot) });
  if (markdown) files.push({ name: `${name}.json`, content: renderSnapshot(snapshot) });
  const labels = clusterLabels(run.clusters);
  const clusterRows = markdown || !pages ? threadClusterRecords(thread, run.clusters) : [];
  return {
    files,
    commentsCsv: markdown ? [...threadCommentsCsv(thread, labels)] : [],
    clustersCsv: markdown ? stringifyCsv(clusterRows, CLUSTER_COLUMNS, {}, false) : '',
    workbook: markdown || !pages ? { comments: commentCells(thread, labels), clusters: clusterCells(clusterRows) } : null,
    summary: summaryRow(snapshot, `${name}.md`),
    authors: authoredThread(thread),
  };
}

/**
 * Puts a run's report set together from its threads' renderings, given in
 * order: the run-wide files' headers first, then each thread's files and
 * rows, then the files made from all of them (authors, workbook, summary,
 * index). The same renderings, the same files, wherever they were made.
 */
export class ReportAssembler {
  private readonly settings: NormalizedRenderOptions;
  private readonly rows: SummaryRow[] = [];
  private readonly tally = new AuthorTally();
  /** The workbook, made as the threads go by; null for a format without one. */
  private readonly workbook: WorkbookBuilder | null;
  /** What a reader of the set should know of it (texts cut in the workbook), once finished. */
  readonly problems: Problem[] = [];

  constructor(
    private readonly run: RunContext,
    options: RenderOptions | NormalizedRenderOptions,
  ) {
    this.settings = normalizeRenderOptions(options);
    this.workbook = this.settings.format === 'reports' || this.settings.format === 'xlsx' ? new WorkbookBuilder() : null;
  }

  private get markdown(): boolean {
    return this.settings.format === 'reports';
  }

  *start(): Generator<RenderedFile | RenderedPiece> {
    const overall = overallClusterRecords(this.run.clusters);
    this.workbook?.clusters(clusterCells(overall));
    if (!this.markdown) return;
    yield { name: 'comments.csv', piece: stringifyCsv([], COMMENT_COLUMNS, { bom: this.settings.bom }) };
    yield { name: 'clusters.csv', piece: stringifyCsv(overall, CLUSTER_COLUMNS, { bom: this.settings.bom }) };
  }

  *add(rendering: ThreadRendering): Generator<RenderedFile | RenderedPiece> {
    yield* rendering.files;
    for (const piece of rendering.commentsCsv) yield { name: 'comments.csv', piece };
    if (rendering.clustersCsv.length > 0) yield { name: 'clusters.csv', piece: rendering.clustersCsv };
    if (this.workbook !== null && rendering.workbook !== null) {
      for (const piece of this.workbook.comments(rendering.workbook.comments)) yield { name: 'comments.xlsx', piece };
      this.workbook.clusters(rendering.workbook.clusters);
    }
    this.rows.push(rendering.summary);
    if (rendering.authors !== null) this.tally.add(rendering.authors);
  }

  *finish(): Generator<RenderedFile | RenderedPiece> {
    const { run, rows } = this;
    const authors = this.tally.any ? this.tally.view() : null;
    if (this.markdown && authors !== null) yield { name: 'authors.csv', content: renderAuthorsCsv(authors, { bom: this.settings.bom }) };
    if (this.workbook !== null) {
      for (const piece of this.workbook.finish(authors, rows)) yield { name: 'comments.xlsx', piece };
      const cut = this.workbook.truncated;
      if (cut > 0) {
        const message = `${cut} text${cut === 1 ? ' was' : 's were'} cut to a spreadsheet cell's limit of 32,767 characters; comments.csv has them whole`;
        this.problems.push({ severity: 'warning', code: 'cell-text-cut', message, line: null, column: null, file: 'comments.xlsx' });
      }
    }
    if (this.settings.format === 'xlsx') return;
    if (this.markdown) yield { name: 'summary.md', content: renderSummary(run, rows, authors) };
    yield { name: 'index.html', content: renderIndexHtml(run.clusters, rows, authors) };
  }
}
