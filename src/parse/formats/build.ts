import { instantOf, THREAD_FORMAT_VERSION, threadIdOf, type Article, type Comment, type CommentFlag, type Diagnostic, type HiddenKind, type Thread, type ThreadFormat } from '../../model/index.js';

/**
 * What every reader of an export gives for one comment, in the order the
 * source lists them: its own id and the id of the comment it answers (null or
 * '' for none), as the source writes them.
 */
export interface CommentRecord {
  id: string;
  parentId: string | null;
  author: string | null;
  time: string | null;
  text: string;
  /** Where the record starts in the file (1-based), and the line it ends on. */
  line: number;
  column: number;
  endLine: number;
}

export interface ThreadParts {
  file: string;
  id: string;
  format: ThreadFormat;
  article?: Partial<Pick<Article, 'title' | 'author' | 'date' | 'site' | 'body'>>;
  /** Where the thread's own record (an `<item>`, a `<thread>`) starts; null when it has none. */
  position?: { line: number; column: number } | null;
  comments: CommentRecord[];
  hidden?: Partial<Record<HiddenKind, number>>;
  diagnostics?: Diagnostic[];
}

/**
 * Builds a {@link Thread} from an export's comment records: the reply tree
 * rebuilt from the parent ids, each comment after its parent and siblings in
 * time order (source order on ties and where times are missing), as the sites
 * show them. Nothing is lost: a duplicate id gets a suffix (`7~2`), a reply
 * whose parent is not in the thread and a comment in a cycle of replies stand
 * as top-level comments flagged `orphan` — each with a warning at its record.
 */
export function buildThread(parts: ThreadParts): Thread {
  const diagnostics: Diagnostic[] = [...(parts.diagnostics ?? [])];
  const warn = (record: CommentRecord, code: string, message: string): void => {
    diagnostics.push({ severity: 'warning', code, message, line: record.line, column: record.column });
  };

  // Unique ids, first come first named.
  const records = parts.comments.map((record) => ({ ...record, parentId: record.parentId === '' || record.parentId === '0' ? null : record.parentId }));
  const seen = new Map<string, number>();
  for (const record of records) {
    const count = (seen.get(record.id) ?? 0) + 1;
    seen.set(record.id, count);
    if (count === 1) continue;
    let renamed = `${record.id}~${count}`;
    while (seen.has(renamed)) renamed += '~';
    seen.set(renamed, 1);
    warn(record, 'duplicate-id', `expected a unique comment id, found "${record.id}" again: this one is read as "${renamed}"`);
    record.id = renamed;
  }

  const byId = new Map(records.map((record, order) => [record.id, { record, order }]));
  const flags = new Map<string, CommentFlag[]>();
  const parentOf = new Map<string, string | null>();
  for (const record of records) {
    let parent = record.parentId;
    if (parent !== null && !byId.has(parent)) {
      warn(record, 'missing-parent', `expected the comment that ${record.id} answers ("${parent}") in the same thread, found none: it is shown as a top-level comment`);
      flags.set(record.id, ['orphan']);
      parent = null;
    }
    parentOf.set(record.id, parent);
  }
  // A cycle of replies (a answers b answers a) has no root: the first of it in the source becomes one.
  // Each record is walked up once (0 unseen, 1 on the walk now, 2 known to reach the top).
  const state = new Map<string, 1 | 2>();
  for (const record of records) {
    const path: string[] = [];
    let at: string | null = record.id;
    while (at !== null && !state.has(at)) {
      state.set(at, 1);
      path.push(at);
      at = parentOf.get(at) ?? null;
    }
    if (at !== null && state.get(at) === 1) {
      const cycle = path.slice(path.indexOf(at));
      const first = cycle.reduce((a, b) => (byId.get(a)!.order <= byId.get(b)!.order ? a : b));
      warn(byId.get(first)!.record, 'reply-cycle', `expected replies to lead back to a top-level comment, found a cycle (${cycle.join(' → ')}): ${first} is shown as a top-level comment`);
      parentOf.set(first, null);
      flags.set(first, ['orphan']);
    }
    for (const id of path) state.set(id, 2);
  }

  const children = new Map<string | null, typeof records>();
  for (const record of records) {
    const parent = parentOf.get(record.id) ?? null;
    const list = children.get(parent);
    if (list) list.push(record);
    else children.set(parent, [record]);
  }
  const order = (list: typeof records): typeof records =>
    list
      .map((record) => ({ record, order: byId.get(record.id)!.order }))
      .sort((a, b) => compareTimes(a.record.time, b.record.time) || a.order - b.order)
      .map(({ record }) => record);

  const comments: Comment[] = [];
  // Depth first, without recursion: a reply chain can be as deep as the export is long.
  const stack: Array<{ record: CommentRecord; depth: number }> = order(children.get(null) ?? [])
    .reverse()
    .map((record) => ({ record, depth: 0 }));
  while (stack.length > 0) {
    const { record, depth } = stack.pop()!;
    const text = record.text.trim();
    const commentFlags = [...(flags.get(record.id) ?? [])];
    if (text === '') {
      commentFlags.push('empty');
      warn(record, 'empty-comment', `expected text in comment ${record.id}, found none`);
    }
    comments.push({
      id: own(record.id),
      parentId: ownOrNull(parentOf.get(record.id)),
      depth,
      number: null,
      text: own(text),
      author: record.author === null || record.author.trim() === '' ? null : own(record.author.trim()),
      time: record.time === null ? null : own(record.time),
      line: record.line,
      column: record.column,
      endLine: record.endLine,
      flags: commentFlags.sort(),
    });
    const replies = order(children.get(record.id) ?? []);
    for (let k = replies.length - 1; k >= 0; k--) stack.push({ record: replies[k]!, depth: depth + 1 });
  }

  const article = parts.article ?? {};
  const position = parts.position ?? null;
  const sources: Article['sources'] = {};
  for (const field of ['title', 'author', 'date', 'site'] as const) {
    if (article[field] != null) sources[field] = { from: 'page', line: position?.line ?? null, column: position?.column ?? null };
  }
  return {
    version: THREAD_FORMAT_VERSION,
    id: own(threadIdOf(parts.id)),
    file: parts.file,
    format: parts.format,
    article: {
      title: ownOrNull(article.title),
      author: ownOrNull(article.author),
      date: ownOrNull(article.date),
      site: ownOrNull(article.site),
      declaredCommentCount: null,
      body: own(article.body ?? ''),
      omittedLines: [],
      sources,
    },
    comments,
    hidden: Object.fromEntries(Object.entries(parts.hidden ?? {}).filter(([, count]) => (count ?? 0) > 0)),
    diagnostics: diagnostics
      .map((diagnostic, k) => ({ diagnostic, k }))
      .sort((a, b) => (a.diagnostic.line ?? 0) - (b.diagnostic.line ?? 0) || (a.diagnostic.column ?? 0) - (b.diagnostic.column ?? 0) || a.k - b.k)
      .map(({ diagnostic }) => ({ ...diagnostic, message: own(diagnostic.message) })),
  };
}

/**
 * A copy of a string that holds on to nothing else. A reader streaming a
 * large export cuts its values out of the chunks it is given, and V8 keeps a
 * cut-out string's whole chunk alive for as long as the cut-out lives: kept
 * in a thread, a title would hold a megabyte of XML (a 500 MB export read
 * this way kept most of its chunks).
 */
export function own(value: string): string {
  return value.length < 13 ? value : (' ' + value).slice(1);
}

const ownOrNull = (value: string | null | undefined): string | null => (value == null ? null : own(value));

/** Earlier first by the instant they name; a missing or unreadable time sorts as equal to any (source order decides). */
function compareTimes(a: string | null, b: string | null): number {
  const x = instantOf(a);
  const y = instantOf(b);
  return x === null || y === null ? 0 : x - y;
}


/**
 * A time as the exports write it, made ISO 8601: `2024-03-05 14:07:09`
 * (WordPress, local) → `2024-03-05T14:07:09`; with `utc`, the same read as
 * UTC → `2024-03-05T14:07:09Z`; ISO input is kept, with `Z` for `+00:00`.
 * Null for an empty, all-zero (`0000-00-00 00:00:00`) or unreadable value.
 */
export function isoTime(value: string | null | undefined, utc = false): string | null {
  const text = (value ?? '').trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i.exec(text);
  if (match === null || match[1] === '0000') return null;
  const [, year, month, day, hour, minute, second = '00', , zone] = match;
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number) as [number, number, number, number, number, number];
  const check = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  const base = `${year}-${month}-${day}T${hour}:${minute}:${second}`;
  if (zone === undefined) return utc ? `${base}Z` : base;
  const offset = zone.toUpperCase() === 'Z' ? 'Z' : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  return `${base}${offset === '+00:00' || offset === '-00:00' ? 'Z' : offset}`;
}
