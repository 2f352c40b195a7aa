/**
 * The threadlens data model: one page of text becomes one {@link Thread}.
 *
 * Every stage reads and writes these plain objects, so a thread survives
 * `JSON.parse(JSON.stringify(thread))` unchanged: no classes, no `undefined`,
 * no cycles (parents are referenced by id, not by pointer).
 *
 * Positions: `line` and `column` are 1-based and count UTF-16 code units of the
 * decoded text, as editors and vfile do. Everything read from the page carries
 * a position; everything inferred (ids, depth of a skipped level, counts) does not.
 *
 * ## Example
 *
 * The input (a UK Defence Journal-style dump, two spaces of indentation per level):
 *
 * ```text
 *  3 COMMENTS                                   ← line 1: the count line
 *
 *    1. Irreversible seems the wrong words.     ← line 3: top-level comment
 *      Bad choice of words I would say.         ← wrapped line, same paragraph
 *
 *      • There’s something to be said for it.   ← line 6: reply, depth 1
 *
 *  LEAVE A REPLY                                ← end of the thread
 * ```
 *
 * yields (abridged):
 *
 * ```json
 * {
 *   "article": { "declaredCommentCount": 3, ... },
 *   "comments": [
 *     { "id": "c1", "parentId": null, "depth": 0, "number": 1, "line": 3, "column": 3,
 *       "text": "Irreversible seems the wrong words.\nBad choice of words I would say." },
 *     { "id": "c2", "parentId": "c1", "depth": 1, "number": null, "line": 6, "column": 5,
 *       "text": "There’s something to be said for it." }
 *   ],
 *   "diagnostics": [
 *     { "severity": "warning", "code": "count-mismatch", "line": 1, "column": 1,
 *       "message": "the page declares 3 comments but 2 were found (1 not shown or not captured)" }
 *   ]
 * }
 * ```
 */

import type { CommentData } from './annotations.js';
import type { Diagnostic } from './problem.js';

/** Version of the JSON shape printed by `threadlens parse --json`. */
export const THREAD_FORMAT_VERSION = 2;

/** A place in the decoded text. Both numbers are 1-based. */
export interface Position {
  line: number;
  column: number;
}

/** Where an article field's value came from. Flags beat sidecars beat the page. */
export type FieldOrigin = 'page' | 'sidecar' | 'flag';

/**
 * The provenance of one article field: `page` values carry the position of
 * the line they were read from; `sidecar` and `flag` values carry none.
 */
export interface FieldSource {
  from: FieldOrigin;
  line: number | null;
  column: number | null;
}

/** The article fields that can be read from the page or overridden. */
export type ArticleField = 'title' | 'author' | 'date' | 'site';

/**
 * The article the comments hang under.
 *
 * - `title`, `author`, `site`: as shown on the page (or overridden), else `null`.
 * - `date`: ISO 8601, `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` from a page dump
 *   (the page gives no time zone, so none is invented); from a saved page or
 *   an export, the time with seconds and the source's offset where it gives
 *   one (`2024-05-14T08:30:00+01:00`, `…Z`); else `null`.
 * - `declaredCommentCount`: the number on the count line (`33 COMMENTS`), or
 *   `null` when the page has no comment section.
 * - `body`: the article's paragraphs joined by a blank line, page furniture
 *   (cookie notices, newsletter boxes, "Related" lists, bylines…) left out.
 * - `omittedLines`: the lines above the comments kept out of the body
 *   (headline, byline, dateline, furniture, repeats, everything after a
 *   "Related" heading), so every line of the page is accounted for.
 * - `sources`: for each field that has a value, where it came from.
 */
export interface Article {
  title: string | null;
  author: string | null;
  date: string | null;
  site: string | null;
  declaredCommentCount: number | null;
  body: string;
  omittedLines: number[];
  sources: Partial<Record<ArticleField | 'declaredCommentCount', FieldSource>>;
}

/**
 * Why a comment stands out in the outline: `skipped-depth` (its indentation
 * skips reply levels), `orphan` (a reply with nothing before it to answer),
 * `list` (its text contains a list of its own), `empty` (a marker with no text).
 */
export type CommentFlag = 'skipped-depth' | 'orphan' | 'list' | 'empty';

/**
 * One reader comment.
 *
 * - `id`: `c1`, `c2`, … in document order; unique within the thread.
 * - `parentId`: the `id` of the comment it answers, or `null` for a top-level
 *   comment (whose stance is towards the article).
 * - `depth`: the reply level as displayed, 0 for top-level comments. A reply
 *   that skips levels keeps the depth it shows, so `depth` can exceed its
 *   parent's depth by more than one.
 * - `number`: the number the page printed before a top-level comment, else `null`.
 * - `text`: the whole text; lines of one paragraph joined by a newline,
 *   paragraphs by a blank line, markers of in-comment lists kept.
 * - `author`: the name shown for the comment's writer, or `null` where the
 *   source gives none (a text dump).
 * - `time`: when it was posted, ISO 8601 — with its offset (`Z`, `+01:00`)
 *   where the source gives one, else local time as written — or `null`.
 * - `line`/`column`: the position of the comment's marker (in an export, of
 *   its record); `endLine` its last line of text.
 * - `data`: what the analysis stages say about the comment (absent until a
 *   stage has run; see `annotations.ts`).
 */
export interface Comment {
  id: string;
  parentId: string | null;
  depth: number;
  number: number | null;
  text: string;
  author: string | null;
  time: string | null;
  line: number;
  column: number;
  endLine: number;
  flags: CommentFlag[];
  data?: CommentData;
}

/**
 * The input format the thread was read from: a text dump of a page (`ukdj`,
 * or `article` when it has no comment section), a saved WordPress page
 * (`wordpress-html`), a WordPress export (`wxr`), a Disqus export (`disqus`),
 * comment records (`jsonl`, `csv`) or a ConvoKit corpus's utterances
 * (`convokit`).
 */
export type ThreadFormat = 'ukdj' | 'article' | 'wordpress-html' | 'wxr' | 'disqus' | 'jsonl' | 'csv' | 'convokit';

/** Whether a thread was read from a page dump (its comment ids are positions, `c1`, `c2`, …), not an export or a saved page with the source's own ids. */
export function isPageDump(format: ThreadFormat): boolean {
  return format === 'ukdj' || format === 'article';
}

/**
 * Comments the source holds but the tree leaves out, by why: `pending`
 * (awaiting moderation), `spam`, `trash`, `deleted`, `pingback`, `trackback`.
 */
export type HiddenKind = 'pending' | 'spam' | 'trash' | 'deleted' | 'pingback' | 'trackback';

/**
 * One page: its article, its comments in document order, and what the parser
 * noticed. `file` is the path the text was read from, as given; `id` is its
 * file name without folders and extension (`corpus/003_x.txt` → `003_x`),
 * made unique within a run by the CLI (`-2`, `-3`… for a name seen before).
 */
export interface Thread {
  version: number;
  id: string;
  file: string;
  format: ThreadFormat;
  article: Article;
  comments: Comment[];
  /** How many comments of each kind the source held but the tree leaves out (only kinds with some). */
  hidden: Partial<Record<HiddenKind, number>>;
  diagnostics: Diagnostic[];
}


const HIDDEN_ORDER: readonly HiddenKind[] = ['pending', 'spam', 'trash', 'deleted', 'pingback', 'trackback'];
/** How each kind is counted in words: one, several. */
const HIDDEN_WORDS: Record<HiddenKind, [string, string]> = {
  pending: ['pending', 'pending'],
  spam: ['spam', 'spam'],
  trash: ['trashed', 'trashed'],
  deleted: ['deleted', 'deleted'],
  pingback: ['pingback', 'pingbacks'],
  trackback: ['trackback', 'trackbacks'],
};

/** What a thread's source held but its tree leaves out, for people: "3 pending, 2 pingbacks not shown" ('' when nothing). */
export function hiddenSummary(hidden: Thread['hidden']): string {
  const parts = HIDDEN_ORDER.filter((kind) => (hidden[kind] ?? 0) > 0).map((kind) => `${hidden[kind]!} ${HIDDEN_WORDS[kind][hidden[kind] === 1 ? 0 : 1]}`);
  return parts.length === 0 ? '' : `${parts.join(', ')} not shown`;
}

/**
 * Milliseconds since 1970 of an ISO 8601 time as comments carry it;
 * one without an offset (local time as the site showed it) is read as UTC,
 * the same on every machine. Null for null or an unreadable value.
 */
export function instantOf(time: string | null): number | null {
  if (time === null) return null;
  const value = Date.parse(/(Z|[+-]\d{2}:\d{2})$/i.test(time) || !time.includes('T') ? time : `${time}Z`);
  return Number.isNaN(value) ? null : value;
}

/** The names of a run's own files (summary.md, comments.csv, …), which no thread may take. */
const RUN_FILE_NAMES = new Set(['summary', 'comments', 'clusters', 'authors', 'index']);

/**
 * A thread's id from what names it in its source (a page's file name without
 * its extension, a post's slug, an export's thread id), and the name every
 * file of the thread is written under: so the ids in the CSV and the report
 * and snapshot names always match. Letters, digits, `_`, `.` and `-` are
 * kept and any other run of characters becomes one `-`; no leading `.` or
 * `-`; at most 100 characters; `thread` when nothing is left; a name one of
 * the run's own files has (`summary`, `comments`, `clusters`, `authors`,
 * `index`) gets `-thread`. Given its own result, it gives it back unchanged.
 */
export function threadIdOf(name: string): string {
  const base = name.replace(/[^\w.-]+/g, '-').replace(/^[.-]+/, '').slice(0, 100) || 'thread';
  return RUN_FILE_NAMES.has(base.toLowerCase()) ? `${base}-thread` : base;
}
