import { instantOf, isPageDump, type RunSettings, type Stance } from '../model/index.js';
import { STANCES } from '../analyse/stance.js';
import { normalisedText } from '../analyse/keys.js';
import type { Snapshot } from '../report/snapshot.js';
import { ArgumentKeys } from './arguments.js';

/** A comment as the comparison reports it: `parentId` is the comment it answers (in the same snapshot), null at top level. */
export interface ComparedComment {
  id: string;
  parentId: string | null;
  line: number;
  text: string;
  /** As the source shows them, or null (always from page dumps, and from snapshots written before authors were read). */
  author: string | null;
  time: string | null;
}

export interface EditedComment {
  old: ComparedComment;
  new: ComparedComment;
  /** Share of words the two versions have in common, in [0, 1]. */
  similarity: number;
}

export interface Shift {
  old: number;
  new: number;
  change: number;
}

/**
 * An argument's share of placed comments before and after. `comparable` is
 * false when the runs clustered differently (other frames or clusterer
 * settings: every share moves with them) or one run could not have shown the
 * argument (its frame was not in that run, or a discovered argument was found
 * in one run only): then `change` is null, and so is a side that could not
 * show it — never a made-up zero.
 */
export interface ArgumentShift {
  key: string;
  label: string;
  comparable: boolean;
  old: number | null;
  new: number | null;
  change: number | null;
}

/** How one thread changed between two snapshots. */
export interface ThreadComparison {
  threadId: { old: string; new: string };
  declaredCount: { old: number | null; new: number | null };
  comments: { old: number; new: number };
  added: ComparedComment[];
  removed: ComparedComment[];
  edited: EditedComment[];
  /** Per top-level comment of the new snapshot: its replies before and after (added top-level comments have 0 before). */
  subthreads: Array<{ rootId: string; oldRootId: string | null; before: number; after: number; preview: string }>;
  /** Comments flagged now that were not flagged (or did not exist) before. */
  newFlags: Array<ComparedComment & { kinds: string[]; target: string | null }>;
  /** Heated chains of the new snapshot that were not heated before (ids of the new snapshot). */
  newlyHeated: Array<{ commentIds: string[]; disagreements: number }>;
  shifts: {
    stance: Record<Stance, Shift>;
    meanSentiment: Shift;
    /** Share of placed comments per argument (matched across runs by frame id, or by label and terms), for arguments present in either snapshot. */
    clusters: ArgumentShift[];
  };
}

/** Words of a text for similarity: lower case, letters and digits only. */
function wordSet(text: string): Set<string> {
  return new Set(text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? []);
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const word of a) if (b.has(word)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Below this share of shared words two comments at the same place are different comments, not an edit. */
const EDIT_SIMILARITY = 0.5;
/** The same, for two comments by the same named author: a rewrite by its author is still an edit. */
const SAME_AUTHOR_EDIT_SIMILARITY = 0.2;

/** Whether a thread's comment ids are the source's own (an export's), which stay with a comment from one export to the next; a page dump's are positions. */
const hasSourceIds = (snapshot: Snapshot): boolean => !isPageDump(snapshot.thread.format);
const authorOf = (snapshot: Snapshot, i: number): string | null => snapshot.thread.comments[i]!.author ?? null;
const round = (value: number): number => Math.round(value * 1000) / 1000;
const shift = (before: number, after: number): Shift => ({ old: round(before), new: round(after), change: round(after - before) });

/**
 * Matches the comments of two snapshots of one thread: where both come from
 * exports, first by the source's comment id (an edit keeps its id; a text
 * that changed is an edit); then by text (whitespace folded; repeated texts
 * in order), which survives comments inserted or deleted before them; then,
 * among what is left, a comment whose parent matches the other's parent and
 * whose words mostly agree is the same comment, edited — where both name
 * their authors, only by the same author, and a fifth of the words in common
 * is enough. Returns, for each old comment index, the new index it matches
 * (or -1), and which matches are edits.
 */
export function matchComments(old: Snapshot, now: Snapshot): { oldToNew: number[]; edited: Set<number> } {
  const oldToNew = old.thread.comments.map(() => -1);
  const newToOld = now.thread.comments.map(() => -1);
  const edited = new Set<number>();
  if (hasSourceIds(old) && hasSourceIds(now)) {
    const newById = new Map(now.thread.comments.map((comment, j) => [comment.id, j]));
    old.thread.comments.forEach((comment, i) => {
      const j = newById.get(comment.id);
      if (j === undefined) return;
      const [a, b] = [authorOf(old, i), authorOf(now, j)];
      if (a !== null && b !== null && a !== b) return;
      oldToNew[i] = j;
      newToOld[j] = i;
      if (normalisedText(comment.text) !== normalisedText(now.thread.comments[j]!.text)) edited.add(i);
    });
  }
  const byText = new Map<string, { indices: number[]; next: number }>();
  now.thread.comments.forEach((comment, j) => {
    if (newToOld[j] !== -1) return;
    const text = normalisedText(comment.text);
    const entry = byText.get(text);
    if (entry) entry.indices.push(j);
    else byText.set(text, { indices: [j], next: 0 });
  });
  old.thread.comments.forEach((comment, i) => {
    if (oldToNew[i] !== -1) return;
    const candidates = byText.get(normalisedText(comment.text));
    const j = candidates?.indices[candidates.next];
    if (candidates && j !== undefined) {
      candidates.next++;
      oldToNew[i] = j;
      newToOld[j] = i;
    }
  });

  const oldIndex = new Map(old.thread.comments.map((comment, i) => [comment.id, i]));
  const newIndex = new Map(now.thread.comments.map((comment, j) => [comment.id, j]));
  const parentOf = (snapshot: Snapshot, index: Map<string, number>, i: number): number => {
    const parentId = snapshot.thread.comments[i]!.parentId;
    return parentId === null ? -1 : index.get(parentId)!;
  };
  // Unmatched comments grouped by where they hang: the matched parent (−1 for top level).
  const pairs: Array<{ i: number; j: number; similarity: number }> = [];
  const unmatchedNew = new Map<number, number[]>();
  now.thread.comments.forEach((_, j) => {
    if (newToOld[j] !== -1) return;
    const parent = parentOf(now, newIndex, j);
    const key = parent === -1 ? -1 : newToOld[parent]!;
    if (parent !== -1 && key === -1) return;
    const group = unmatchedNew.get(key);
    if (group) group.push(j);
    else unmatchedNew.set(key, [j]);
  });
  old.thread.comments.forEach((comment, i) => {
    if (oldToNew[i] !== -1) return;
    const parent = parentOf(old, oldIndex, i);
    if (parent !== -1 && oldToNew[parent] === -1) return;
    const words = wordSet(comment.text);
    const author = authorOf(old, i);
    for (const j of unmatchedNew.get(parent === -1 ? -1 : parent) ?? []) {
      const other = authorOf(now, j);
      if (author !== null && other !== null && author !== other) continue;
      const similarity = jaccard(words, wordSet(now.thread.comments[j]!.text));
      if (similarity >= (author !== null && author === other ? SAME_AUTHOR_EDIT_SIMILARITY : EDIT_SIMILARITY)) pairs.push({ i, j, similarity });
    }
  });
  pairs.sort((a, b) => b.similarity - a.similarity || a.i - b.i || a.j - b.j);
  for (const { i, j } of pairs) {
    if (oldToNew[i] !== -1 || newToOld[j] !== -1) continue;
    oldToNew[i] = j;
    newToOld[j] = i;
    edited.add(i);
  }
  return { oldToNew, edited };
}

/** What changed in one thread between an old and a new snapshot. */
export function compareSnapshots(old: Snapshot, now: Snapshot): ThreadComparison {
  const { oldToNew, edited } = matchComments(old, now);
  const newToOld = now.thread.comments.map(() => -1);
  oldToNew.forEach((j, i) => {
    if (j !== -1) newToOld[j] = i;
  });
  const view = (snapshot: Snapshot, i: number): ComparedComment => {
    const comment = snapshot.thread.comments[i]!;
    return { id: comment.id, parentId: comment.parentId, line: comment.line, text: comment.text, author: comment.author ?? null, time: comment.time ?? null };
  };

  const descendants = (snapshot: Snapshot): Map<string, number> => {
    const counts = new Map<string, number>();
    const rootOf = new Map<string, string>();
    for (const comment of snapshot.thread.comments) {
      const root = comment.parentId === null ? comment.id : (rootOf.get(comment.parentId) ?? comment.parentId);
      rootOf.set(comment.id, root);
      if (comment.parentId !== null) counts.set(root, (counts.get(root) ?? 0) + 1);
    }
    return counts;
  };
  const oldCounts = descendants(old);
  const newCounts = descendants(now);
  const subthreads = now.thread.comments
    .map((comment, j) => ({ comment, j }))
    .filter(({ comment }) => comment.parentId === null)
    .map(({ comment, j }) => {
      const i = newToOld[j]!;
      const oldRoot = i === -1 ? null : old.thread.comments[i]!.id;
      return { rootId: comment.id, oldRootId: oldRoot, before: oldRoot === null ? 0 : (oldCounts.get(oldRoot) ?? 0), after: newCounts.get(comment.id) ?? 0, preview: normalisedText(comment.text).slice(0, 80) };
    })
    .filter((entry) => entry.before !== entry.after || entry.oldRootId === null);

  const flagged = (snapshot: Snapshot, i: number): boolean => snapshot.thread.comments[i]!.data.incivility.kinds.length > 0;
  const newFlags = now.thread.comments
    .map((_, j) => j)
    .filter((j) => flagged(now, j) && (newToOld[j] === -1 || !flagged(old, newToOld[j]!)))
    .map((j) => ({ ...view(now, j), kinds: now.thread.comments[j]!.data.incivility.kinds, target: now.thread.comments[j]!.data.incivility.target }));

  const oldHeated = new Set(old.metrics.heated.map((chain) => chain.commentIds.join(' ')));
  const newIndex = new Map(now.thread.comments.map((comment, j) => [comment.id, j]));
  const newlyHeated = now.metrics.heated
    .filter((chain) => {
      const mapped = chain.commentIds.map((id) => newToOld[newIndex.get(id)!]!);
      return mapped.includes(-1) || !oldHeated.has(mapped.map((i) => old.thread.comments[i]!.id).join(' '));
    })
    .map((chain) => ({ commentIds: chain.commentIds, disagreements: chain.disagreements }));

  return {
    threadId: { old: old.thread.id, new: now.thread.id },
    declaredCount: { old: old.thread.article.declaredCommentCount, new: now.thread.article.declaredCommentCount },
    comments: { old: old.thread.comments.length, new: now.thread.comments.length },
    // New comments in the order they were posted where times are known (untimed ones after, in thread order).
    added: now.thread.comments
      .map((_, j) => ({ j, at: instantOf(now.thread.comments[j]!.time ?? null) }))
      .filter(({ j }) => newToOld[j] === -1)
      .sort((a, b) => (a.at ?? Infinity) - (b.at ?? Infinity) || a.j - b.j)
      .map(({ j }) => view(now, j)),
    removed: old.thread.comments.map((_, i) => i).filter((i) => oldToNew[i] === -1).map((i) => view(old, i)),
    edited: [...edited].sort((a, b) => a - b).map((i) => ({
      old: view(old, i),
      new: view(now, oldToNew[i]!),
      similarity: round(jaccard(wordSet(old.thread.comments[i]!.text), wordSet(now.thread.comments[oldToNew[i]!]!.text))),
    })),
    subthreads,
    newFlags,
    newlyHeated,
    shifts: {
      stance: Object.fromEntries(STANCES.map((stance) => [stance, shift(old.metrics.stanceShares[stance], now.metrics.stanceShares[stance])])) as Record<Stance, Shift>,
      meanSentiment: shift(old.metrics.meanSentiment, now.metrics.meanSentiment),
      clusters: clusterShifts(old, now),
    },
  };
}

/** Share of a snapshot's placed comments per argument, keyed across runs by `keys`. */
export function argumentShares(snapshot: Snapshot, keys: ArgumentKeys): Map<string, number> {
  const keyOf = new Map(snapshot.clusters.map((cluster) => [cluster.id, keys.key(cluster)]));
  const shares = new Map<string, number>();
  const placed = snapshot.thread.comments.filter((comment) => comment.data.cluster !== null);
  for (const comment of placed) {
    const key = keyOf.get(comment.data.cluster!.id)!;
    shares.set(key, (shares.get(key) ?? 0) + 1 / placed.length);
  }
  return shares;
}

function clusterShifts(old: Snapshot, now: Snapshot): ArgumentShift[] {
  const keys = new ArgumentKeys();
  const before = argumentShares(old, keys);
  const after = argumentShares(now, keys);
  // Shares are of placed comments, so another frame list or clusterer setting moves every share: no change is claimed then.
  const sameClusterer = sameClustering(old.run.settings, now.run.settings);
  // An argument absent from one snapshot is a real zero only if that run could have found it: a frame it was given.
  const couldShow = (key: string, snapshot: Snapshot, shares: Map<string, number>): boolean =>
    shares.has(key) || (key.startsWith('frame:') && ArgumentKeys.frameInRun(key, snapshot.run.settings));
  return [...new Set([...before.keys(), ...after.keys()])]
    .sort((a, b) => (after.get(b) ?? 0) - (after.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0))
    .map((key) => {
      const oldShows = couldShow(key, old, before);
      const newShows = couldShow(key, now, after);
      const side = (shows: boolean, shares: Map<string, number>): number | null => (shows ? round(shares.get(key) ?? 0) : null);
      const comparable = sameClusterer && oldShows && newShows;
      const entry = comparable ? shift(before.get(key) ?? 0, after.get(key) ?? 0) : { old: side(oldShows, before), new: side(newShows, after), change: null };
      return { key, label: keys.label(key), comparable, ...entry };
    });
}

function sameClustering(a: RunSettings, b: RunSettings): boolean {
  return JSON.stringify([a.frames, a.extraClusters, a.clustering]) === JSON.stringify([b.frames, b.extraClusters, b.clustering]);
}
