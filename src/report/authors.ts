import type { AnalysedThread, IncivilityKind, IncivilityTarget } from '../model/index.js';
import { INCIVILITY_KINDS } from '../analyse/incivility.js';
import { instantOf } from '../model/index.js';
import { stringifyCsv, type CsvOptions } from './csv.js';

/** What one author did across the run. */
export interface AuthorFigures {
  author: string;
  threads: number;
  comments: number;
  /** Replies by others to this author's comments. */
  repliesReceived: number;
  /** This author's replies that disagree with what they answer. */
  disagreementsGiven: number;
  /** Others' replies that disagree with this author's comments. */
  disagreementsReceived: number;
  /** This author's comments flagged, in all and per kind and per target. */
  flagged: number;
  flagsByKind: Record<IncivilityKind, number>;
  flagsByTarget: Record<IncivilityTarget, number>;
  /** Earliest and latest time of this author's comments, or null without times. */
  first: string | null;
  last: string | null;
}

/** Two authors and how often each disagreed with the other. */
export interface AuthorPair {
  /** The two names in code-unit order. */
  authors: [string, string];
  /** Disagreements of the first with the second, and of the second with the first. */
  firstToSecond: number;
  secondToFirst: number;
}

export interface AuthorView {
  /** Most comments first (then by name). */
  authors: AuthorFigures[];
  /** Pairs by disagreements between them, most first; only pairs with some. */
  pairs: AuthorPair[];
}

const TARGETS: readonly IncivilityTarget[] = ['commenter', 'public_figure', 'other'];

/**
 * Per-author figures over the run's threads: a comment's author as its
 * source shows it (comments without one are left out), replies and
 * disagreements read from the reply tree (a reply to one's own comment
 * counts for neither), flags from the incivility scores.
 */
export function authorView(threads: Iterable<AnalysedThread>): AuthorView {
  const tally = new AuthorTally();
  for (const thread of threads) tally.add(thread);
  return tally.view();
}

/** What the author figures read of a thread: its id, and of each comment its place in the tree, author, time, stance and flags. */
export interface AuthoredThread {
  id: string;
  comments: Array<
    Pick<AnalysedThread['comments'][number], 'id' | 'parentId' | 'author' | 'time'> & {
      data: { stance: Pick<AnalysedThread['comments'][number]['data']['stance'], 'stance'>; incivility: Pick<AnalysedThread['comments'][number]['data']['incivility'], 'kinds' | 'target'> };
    }
  >;
}

/** Of a thread, what {@link AuthorTally.add} reads, or null when none of its comments names an author (then it adds nothing). */
export function authoredThread(thread: AnalysedThread): AuthoredThread | null {
  if (thread.comments.every((comment) => comment.author === null)) return null;
  return {
    id: thread.id,
    comments: thread.comments.map(({ id, parentId, author, time, data }) => ({
      id,
      parentId,
      author,
      time,
      data: { stance: { stance: data.stance.stance }, incivility: { kinds: data.incivility.kinds, target: data.incivility.target } },
    })),
  };
}

/** {@link authorView} thread by thread: `add` each thread of the run in order, then take the `view`. */
export class AuthorTally {
  private readonly figures = new Map<string, AuthorFigures & { threadIds: Set<string>; firstAt: number; lastAt: number }>();
  private readonly pairs = new Map<string, AuthorPair>();

  /** Whether any comment added so far names its author (else there is no author view to write). */
  get any(): boolean {
    return this.figures.size > 0;
  }

  private of(author: string, threadId: string) {
    let entry = this.figures.get(author);
    if (entry === undefined) {
      entry = {
        author,
        threads: 0,
        comments: 0,
        repliesReceived: 0,
        disagreementsGiven: 0,
        disagreementsReceived: 0,
        flagged: 0,
        flagsByKind: Object.fromEntries(INCIVILITY_KINDS.map((kind) => [kind, 0])) as Record<IncivilityKind, number>,
        flagsByTarget: Object.fromEntries(TARGETS.map((target) => [target, 0])) as Record<IncivilityTarget, number>,
        first: null,
        last: null,
        threadIds: new Set(),
        firstAt: Infinity,
        lastAt: -Infinity,
      };
      this.figures.set(author, entry);
    }
    entry.threadIds.add(threadId);
    return entry;
  }

  add(thread: AuthoredThread): void {
    const authorOf = new Map(thread.comments.map((comment) => [comment.id, comment.author]));
    for (const comment of thread.comments) {
      if (comment.author === null) continue;
      const entry = this.of(comment.author, thread.id);
      entry.comments++;
      const { incivility, stance } = comment.data;
      if (incivility.kinds.length > 0) {
        entry.flagged++;
        for (const kind of incivility.kinds) entry.flagsByKind[kind]++;
        if (incivility.target !== null) entry.flagsByTarget[incivility.target]++;
      }
      const at = instantOf(comment.time);
      if (at !== null && at < entry.firstAt) [entry.firstAt, entry.first] = [at, comment.time];
      if (at !== null && at > entry.lastAt) [entry.lastAt, entry.last] = [at, comment.time];
      const parentAuthor = comment.parentId === null ? null : (authorOf.get(comment.parentId) ?? null);
      if (parentAuthor === null || parentAuthor === comment.author) continue;
      const parent = this.of(parentAuthor, thread.id);
      parent.repliesReceived++;
      if (stance.stance !== 'disagree') continue;
      entry.disagreementsGiven++;
      parent.disagreementsReceived++;
      const ordered: [string, string] = comment.author < parentAuthor ? [comment.author, parentAuthor] : [parentAuthor, comment.author];
      const key = JSON.stringify(ordered);
      const pair = this.pairs.get(key) ?? { authors: ordered, firstToSecond: 0, secondToFirst: 0 };
      if (ordered[0] === comment.author) pair.firstToSecond++;
      else pair.secondToFirst++;
      this.pairs.set(key, pair);
    }
  }

  view(): AuthorView {
    const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    return {
      authors: [...this.figures.values()]
      .map(({ threadIds, firstAt: _first, lastAt: _last, ...entry }) => ({ ...entry, threads: threadIds.size }))
      .sort((a, b) => b.comments - a.comments || byName(a.author, b.author)),
      pairs: [...this.pairs.values()].sort(
        (a, b) => b.firstToSecond + b.secondToFirst - (a.firstToSecond + a.secondToFirst) || byName(a.authors[0], b.authors[0]) || byName(a.authors[1], b.authors[1]),
      ),
    };
  }
}

/** The columns of `authors.csv`, in order. */
export const AUTHOR_COLUMNS = [
  'author',
  'threads',
  'comments',
  'replies_received',
  'disagreements_given',
  'disagreements_received',
  'flagged',
  ...INCIVILITY_KINDS.map((kind) => `flags_${kind}`),
  ...TARGETS.map((target) => `flags_at_${target}`),
  'first_time',
  'last_time',
] as const;

/** One row per author of the run (most comments first), as comments.csv is written. */
export function renderAuthorsCsv(view: AuthorView, options: CsvOptions = {}): string {
  return stringifyCsv(view.authors.map(authorRecord), AUTHOR_COLUMNS, options);
}

/** One author's row of `authors.csv` (and of the workbook's authors sheet), by column. */
export function authorRecord(entry: AuthorFigures): Record<string, string | number> {
  return {
    author: entry.author,
    threads: entry.threads,
    comments: entry.comments,
    replies_received: entry.repliesReceived,
    disagreements_given: entry.disagreementsGiven,
    disagreements_received: entry.disagreementsReceived,
    flagged: entry.flagged,
    ...Object.fromEntries(INCIVILITY_KINDS.map((kind) => [`flags_${kind}`, entry.flagsByKind[kind]])),
    ...Object.fromEntries(TARGETS.map((target) => [`flags_at_${target}`, entry.flagsByTarget[target]])),
    first_time: entry.first ?? '',
    last_time: entry.last ?? '',
  };
}
