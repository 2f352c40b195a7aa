import { instantOf, type AnalysedComment, type AnalysedThread, type IncivilityScore, type Stance } from '../model/index.js';
import { STANCES } from './stance.js';
import { addressedName } from './text.js';

/** Why a comment is in the moderation queue, most urgent first. */
export type ModerationPriority = 'attack-on-commenter' | 'threat-or-identity-attack' | 'public-figure' | 'other';

export interface ModerationItem {
  commentId: string;
  line: number;
  priority: ModerationPriority;
  incivility: IncivilityScore;
}

/** A reply chain that turned hostile: disagreement after disagreement, mood falling. */
export interface HeatedSubthread {
  /** The comments of the chain, root first. */
  commentIds: string[];
  disagreements: number;
  fromDepth: number;
  toDepth: number;
  sentimentFrom: number;
  sentimentTo: number;
  /** Names the replies open by addressing ("Hi Mike, …"), for pages that show no authors. */
  addressed: string[];
  /** The chain's authors in order of first appearance (empty where the source shows none). */
  authors: string[];
  flagged: number;
}

/** One hour of a thread's life (UTC; a time without an offset is read as UTC). */
export interface ThreadHour {
  /** The hour's start, `YYYY-MM-DDTHH:00Z`. */
  hour: string;
  comments: number;
  disagreements: number;
  flagged: number;
}

/** When the comments came, for threads whose source gives times. */
export interface ThreadTimeline {
  first: string;
  last: string;
  /** Comments per hour from the first comment's hour to the last's; hours without comments are left out. */
  perHour: ThreadHour[];
  /** When the thread turned heated: the time of the earliest second disagreement of a heated chain; null when none did. */
  turnedHeated: string | null;
  /** Comments without a time. */
  untimed: number;
}

export interface ThreadMetrics {
  comments: number;
  topLevel: number;
  maxDepth: number;
  /** Share of comments per stance. */
  stanceShares: Record<Stance, number>;
  meanSentiment: number;
  /** Mean sentiment and number of comments per reply depth, shallow first. */
  sentimentByDepth: Array<{ depth: number; comments: number; meanSentiment: number }>;
  flagged: number;
  moderationQueue: ModerationItem[];
  heated: HeatedSubthread[];
  /** Null when no comment has a time (a page dump). */
  timeline: ThreadTimeline | null;
}

const PRIORITY_ORDER: readonly ModerationPriority[] = ['attack-on-commenter', 'threat-or-identity-attack', 'public-figure', 'other'];

/** Moderation policy: attacks on fellow commenters first, then threats and identity attacks, then harsh words about public figures. */
export function moderationPriority(incivility: IncivilityScore): ModerationPriority {
  if (incivility.target === 'commenter') return 'attack-on-commenter';
  if (incivility.kinds.includes('threat') || incivility.kinds.includes('identity_attack')) return 'threat-or-identity-attack';
  if (incivility.target === 'public_figure') return 'public-figure';
  return 'other';
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

/** Figures about one analysed thread for the reports: shares, depth, the moderation queue, heated chains. */
export function threadMetrics(thread: AnalysedThread): ThreadMetrics {
  const comments = thread.comments;
  const n = comments.length;
  const stanceCounts = Object.fromEntries(STANCES.map((stance) => [stance, 0])) as Record<Stance, number>;
  let sentiment = 0;
  const byDepth = new Map<number, { comments: number; sum: number }>();
  for (const comment of comments) {
    stanceCounts[comment.data.stance.stance]++;
    sentiment += comment.data.sentiment.score;
    const entry = byDepth.get(comment.depth) ?? { comments: 0, sum: 0 };
    entry.comments++;
    entry.sum += comment.data.sentiment.score;
    byDepth.set(comment.depth, entry);
  }
  const heated = heatedSubthreads(comments);
  const stanceShares = Object.fromEntries(STANCES.map((stance) => [stance, n === 0 ? 0 : round(stanceCounts[stance] / n)])) as Record<Stance, number>;
  const moderationQueue = comments
    .map((comment, order) => ({ comment, order }))
    .filter(({ comment }) => comment.data.incivility.kinds.length > 0)
    .map(({ comment, order }) => ({ item: { commentId: comment.id, line: comment.line, priority: moderationPriority(comment.data.incivility), incivility: comment.data.incivility }, order }))
    .sort((a, b) => PRIORITY_ORDER.indexOf(a.item.priority) - PRIORITY_ORDER.indexOf(b.item.priority) || b.item.incivility.severity - a.item.incivility.severity || a.order - b.order)
    .map(({ item }) => item);
  return {
    comments: n,
    topLevel: comments.filter((comment) => comment.parentId === null).length,
    maxDepth: comments.reduce((max, comment) => Math.max(max, comment.depth), 0),
    stanceShares,
    meanSentiment: n === 0 ? 0 : round(sentiment / n),
    sentimentByDepth: [...byDepth].sort((a, b) => a[0] - b[0]).map(([depth, entry]) => ({ depth, comments: entry.comments, meanSentiment: round(entry.sum / entry.comments) })),
    flagged: moderationQueue.length,
    moderationQueue,
    heated,
    timeline: timelineOf(comments, heated),
  };
}

/** The thread's hours, and when it turned heated (see ThreadTimeline). */
export function timelineOf(comments: readonly AnalysedComment[], heated: readonly HeatedSubthread[]): ThreadTimeline | null {
  const timed = comments.map((comment) => ({ comment, at: instantOf(comment.time) })).filter((entry): entry is { comment: AnalysedComment; at: number } => entry.at !== null);
  if (timed.length === 0) return null;
  const hours = new Map<number, ThreadHour>();
  let first = timed[0]!;
  let last = timed[0]!;
  for (const entry of timed) {
    if (entry.at < first.at) first = entry;
    if (entry.at > last.at) last = entry;
    const start = Math.floor(entry.at / 3_600_000) * 3_600_000;
    let hour = hours.get(start);
    if (hour === undefined) hours.set(start, (hour = { hour: `${new Date(start).toISOString().slice(0, 13)}:00Z`, comments: 0, disagreements: 0, flagged: 0 }));
    hour.comments++;
    if (entry.comment.data.stance.stance === 'disagree' && entry.comment.parentId !== null) hour.disagreements++;
    if (entry.comment.data.incivility.kinds.length > 0) hour.flagged++;
  }
  const timeOf = new Map(timed.map((entry) => [entry.comment.id, entry]));
  let turnedHeated: { at: number; time: string } | null = null;
  for (const chain of heated) {
    // The chain's disagreeing replies in the order they were posted; the second is when it met the bar.
    const disagreeing = chain.commentIds
      .slice(1)
      .map((id) => timeOf.get(id))
      .filter((entry): entry is { comment: AnalysedComment; at: number } => entry !== undefined && entry.comment.data.stance.stance === 'disagree')
      .sort((a, b) => a.at - b.at);
    const second = disagreeing[1];
    if (second !== undefined && (turnedHeated === null || second.at < turnedHeated.at)) turnedHeated = { at: second.at, time: second.comment.time! };
  }
  return {
    first: first.comment.time!,
    last: last.comment.time!,
    perHour: [...hours].sort((a, b) => a[0] - b[0]).map(([, hour]) => hour),
    turnedHeated: turnedHeated?.time ?? null,
    untimed: comments.length - timed.length,
  };
}

/**
 * Reply chains in which at least two replies disagree with what they answer
 * and the mood falls from the first comment to the last (or a comment is
 * flagged). Each maximal chain is reported once: walking down from every
 * comment, a chain is extended while replies keep disagreeing.
 */
export function heatedSubthreads(comments: AnalysedComment[]): HeatedSubthread[] {
  const children = new Map<string, number[]>();
  comments.forEach((comment, i) => {
    if (comment.parentId === null) return;
    const siblings = children.get(comment.parentId);
    if (siblings) siblings.push(i);
    else children.set(comment.parentId, [i]);
  });
  const disagrees = (i: number): boolean => comments[i]!.data.stance.stance === 'disagree' && comments[i]!.parentId !== null;
  const found: Array<{ chain: HeatedSubthread; start: number }> = [];
  // A chain starts at a comment that does not itself disagree with its parent (else its parent's chain holds it);
  // a depth-first walk (iterative: threads can be thousands of levels deep) follows disagreeing replies to each end.
  const previous = new Map<number, number>();
  comments.forEach((comment, start) => {
    if (disagrees(start) || !(children.get(comment.id) ?? []).some(disagrees)) return;
    const stack = [start];
    while (stack.length > 0) {
      const at = stack.pop()!;
      const next = (children.get(comments[at]!.id) ?? []).filter(disagrees);
      if (next.length === 0) {
        const path = [at];
        while (path[path.length - 1] !== start) path.push(previous.get(path[path.length - 1]!)!);
        report(path.reverse());
      }
      for (const child of [...next].reverse()) {
        previous.set(child, at);
        stack.push(child);
      }
    }
  });
  function report(path: number[]): void {
    const disagreements = path.filter((i, k) => k > 0 && disagrees(i)).length;
    const first = comments[path[0]!]!.data.sentiment.score;
    const last = comments[path[path.length - 1]!]!.data.sentiment.score;
    const flagged = path.filter((i) => comments[i]!.data.incivility.kinds.length > 0).length;
    if (disagreements < 2 || (last >= first && flagged === 0)) return;
    const addressed = [...new Set(path.map((i) => addressedName(comments[i]!.text)).filter((name): name is string => name !== null))];
    const authors = [...new Set(path.map((i) => comments[i]!.author).filter((name): name is string => name !== null))];
    const chain: HeatedSubthread = {
      commentIds: path.map((i) => comments[i]!.id),
      disagreements,
      fromDepth: comments[path[0]!]!.depth,
      toDepth: comments[path[path.length - 1]!]!.depth,
      sentimentFrom: round(first),
      sentimentTo: round(last),
      addressed,
      authors,
      flagged,
    };
    found.push({ chain, start: path[0]! });
  }
  // Most disagreements first, then the steepest fall in mood, then where the chain starts in the thread.
  return found
    .sort((x, y) => {
      const [a, b] = [x.chain, y.chain];
      return b.disagreements - a.disagreements || a.sentimentTo - a.sentimentFrom - (b.sentimentTo - b.sentimentFrom) || x.start - y.start;
    })
    .map(({ chain }) => chain);
}
