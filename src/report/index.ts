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

/**
 * One file of a report set: a plain file name (no folders) and its content
 * — for the run-wide CSV, pieces to write one after the other (joined, the
 * file), so that its whole text is never in memory at once.
 */
export interface RenderedFile {
  name: string;
  content: string | Iterable<string>;
}

/** A rendered file's whole text (its pieces joined). */
export function contentOf(file: RenderedFile): string {
  return typeof file.content === 'string' ? file.content : [...file.content].join('');
}

/**
 * The files of a run, one at a time, so a writer can put each on disk before
 * the next is drawn. With the `reports` format: per thread its moderation
 * report `<id>.md`, its interactive page `<id>.html` and its snapshot
 * `<id>.json`, then `comments.csv`, `clusters.csv`, `authors.csv` (when the
 * inputs name authors), `summary.md` and the run's `index.html`. With
 * `html`: the pages and `index.html` alone. With `convokit`: a ConvoKit
 * corpus folder.
 * Same run, same files, same bytes.
 */
export function* render(run: AnyRun, options: RenderOptions | NormalizedRenderOptions = {}): Generator<RenderedFile> {
  const settings = normalizeRenderOptions(options);
  if (settings.format === 'convokit') {
    for (const [name, content] of Object.entries(renderConvokit(run))) yield { name, content };
    return;
  }
  const markdown = settings.format === 'reports';
  const rows: SummaryRow[] = [];
  const tally = new AuthorTally();
  for (const thread of run.threads) {
    // A run's thread ids are its file names (threadIdOf, made unique by the run).
    const name = thread.id;
    const snapshot = snapshotOf(run, thread);
    if (markdown) yield { name: `${name}.md`, content: renderThreadReport(snapshot) };
    yield { name: `${name}.html`, content: renderThreadHtml(snapshot) };
    if (markdown) yield { name: `${name}.json`, content: renderSnapshot(snapshot) };
    rows.push(summaryRow(snapshot, `${name}.md`));
    tally.add(thread);
  }
  const authors = tally.any ? tally.view() : null;
  if (markdown) {
    yield { name: 'comments.csv', content: commentsCsvChunks(run, { bom: settings.bom }) };
    yield { name: 'clusters.csv', content: renderClustersCsv(run, { bom: settings.bom }) };
    if (authors !== null) yield { name: 'authors.csv', content: renderAuthorsCsv(authors, { bom: settings.bom }) };
    yield { name: 'summary.md', content: renderSummary(run, rows, authors) };
  }
  yield { name: 'index.html', content: renderIndexHtml(run.clusters, rows, authors) };
}
