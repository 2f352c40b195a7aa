import type { AnyRun } from '../model/index.js';
import { normalizeRenderOptions, type NormalizedRenderOptions, type RenderOptions } from '../options/index.js';
import { AuthorTally, renderAuthorsCsv } from './authors.js';
import { renderClustersCsv } from './clusters-csv.js';
import { renderConvokit } from './convokit.js';
import { commentsCsvChunks } from './csv.js';
import { renderSnapshot, snapshotOf } from './snapshot.js';
import { renderSummary, summaryRow, type SummaryRow } from './summary.js';
import { renderIndexHtml, renderThreadHtml } from './html.js';
import { renderThreadReport } from './thread-report.js';
import { renderWorkbook } from './workbook.js';

/**
 * One file of a report set: a plain file name (no folders) and its content
 * — for the run-wide CSV, pieces of text to write one after the other
 * (joined, the file), so that its whole text is never in memory at once; for
 * the workbook, pieces of bytes made as they are read.
 */
export interface RenderedFile {
  name: string;
  content: string | Iterable<string> | AsyncIterable<Uint8Array>;
}

/** A rendered text file's whole text (its pieces joined); for bytes, see {@link bytesOf}. */
export function contentOf(file: RenderedFile): string {
  if (typeof file.content === 'string') return file.content;
  if (!(Symbol.iterator in file.content)) throw new Error(`${file.name} is bytes, not text: read it with bytesOf`);
  return [...file.content].join('');
}

/** Any rendered file's whole content as bytes (text as UTF-8). */
export async function bytesOf(file: RenderedFile): Promise<Buffer> {
  if (typeof file.content === 'string' || Symbol.iterator in file.content) return Buffer.from(contentOf(file), 'utf8');
  const pieces: Uint8Array[] = [];
  for await (const piece of file.content) pieces.push(piece);
  return Buffer.concat(pieces);
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
 */
export function* render(run: AnyRun, options: RenderOptions | NormalizedRenderOptions = {}): Generator<RenderedFile> {
  const settings = normalizeRenderOptions(options);
  if (settings.format === 'convokit') {
    for (const [name, content] of Object.entries(renderConvokit(run))) yield { name, content };
    return;
  }
  const markdown = settings.format === 'reports';
  const pages = settings.format !== 'xlsx';
  // One pass over the threads: their pages, the summary's rows (which the index and the workbook's threads sheet read too) and the authors.
  const rows: SummaryRow[] = [];
  const tally = new AuthorTally();
  for (const thread of run.threads) {
    // A run's thread ids are its file names (threadIdOf, made unique by the run).
    const name = thread.id;
    const snapshot = snapshotOf(run, thread);
    if (markdown) yield { name: `${name}.md`, content: renderThreadReport(snapshot) };
    if (pages) yield { name: `${name}.html`, content: renderThreadHtml(snapshot) };
    if (markdown) yield { name: `${name}.json`, content: renderSnapshot(snapshot) };
    rows.push(summaryRow(snapshot, `${name}.md`));
    tally.add(thread);
  }
  const authors = tally.any ? tally.view() : null;
  if (!pages) {
    yield { name: 'comments.xlsx', content: renderWorkbook(run, authors, rows) };
    return;
  }
  if (markdown) {
    yield { name: 'comments.csv', content: commentsCsvChunks(run, { bom: settings.bom }) };
    yield { name: 'clusters.csv', content: renderClustersCsv(run, { bom: settings.bom }) };
    if (authors !== null) yield { name: 'authors.csv', content: renderAuthorsCsv(authors, { bom: settings.bom }) };
    yield { name: 'comments.xlsx', content: renderWorkbook(run, authors, rows) };
    yield { name: 'summary.md', content: renderSummary(run, rows, authors) };
  }
  yield { name: 'index.html', content: renderIndexHtml(run.clusters, rows, authors) };
}
