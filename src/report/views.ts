import { hiddenSummary, isPageDump, type AnalysedThread, type Cluster, type Stance } from '../model/index.js';
import type { ModerationPriority } from '../analyse/metrics.js';
import type { Snapshot } from './snapshot.js';
import { STANCES } from '../analyse/stance.js';

/** A run-wide cluster as one thread sees it, computed from the thread's annotated comments. */
export interface ThreadClusterView {
  cluster: Cluster;
  /** Ids of the thread's comments in the cluster, in document order. */
  comments: string[];
  /** Share of those comments per stance, and their mean sentiment. */
  stanceMix: Record<Stance, number>;
  meanSentiment: number;
  /** The thread's sentence that states the argument best. */
  quote: { commentId: string; text: string } | null;
}

/** The clusters with members in this thread, largest first (then by label). */
export function threadClusterViews(thread: AnalysedThread, clusters: readonly Cluster[]): ThreadClusterView[] {
  const byId = new Map<string, { comments: string[]; stances: Record<Stance, number>; sentiment: number; quote: ThreadClusterView['quote'] }>();
  for (const comment of thread.comments) {
    const assignment = comment.data.cluster;
    if (assignment === null) continue;
    let entry = byId.get(assignment.id);
    if (entry === undefined) {
      entry = { comments: [], stances: Object.fromEntries(STANCES.map((stance) => [stance, 0])) as Record<Stance, number>, sentiment: 0, quote: null };
      byId.set(assignment.id, entry);
    }
    entry.comments.push(comment.id);
    entry.stances[comment.data.stance.stance]++;
    entry.sentiment += comment.data.sentiment.score;
    if (assignment.quote !== null) entry.quote = { commentId: comment.id, text: assignment.quote };
  }
  return clusters
    .filter((cluster) => byId.has(cluster.id))
    .map((cluster) => {
      const entry = byId.get(cluster.id)!;
      const n = entry.comments.length;
      return {
        cluster,
        comments: entry.comments,
        stanceMix: Object.fromEntries(STANCES.map((stance) => [stance, entry.stances[stance] / n])) as Record<Stance, number>,
        meanSentiment: entry.sentiment / n,
        quote: entry.quote,
      };
    })
    .sort((a, b) => b.comments.length - a.comments.length || (a.cluster.label < b.cluster.label ? -1 : a.cluster.label > b.cluster.label ? 1 : 0));
}

/** Comments of the thread placed in some cluster. */
export function placedComments(thread: AnalysedThread): number {
  return thread.comments.reduce((sum, comment) => sum + (comment.data.cluster === null ? 0 : 1), 0);
}

/** Why a comment is in the moderation queue, in words. */
export const PRIORITY_TEXT: Record<ModerationPriority, string> = {
  'attack-on-commenter': 'attack on a commenter',
  'threat-or-identity-attack': 'threat or identity attack',
  'public-figure': 'harsh words about a public figure',
  other: 'other incivility',
};

/** How many comments the thread has, against what the page declares or the export held back: "24 parsed of 33 declared — 9 not shown or not captured". */
export function commentCountText({ thread, metrics }: Pick<Snapshot, 'thread' | 'metrics'>): string {
  const declared = thread.article.declaredCommentCount;
  if (declared !== null) return `${metrics.comments} parsed of ${declared} declared${declared > metrics.comments ? ` — ${declared - metrics.comments} not shown or not captured` : ''}`;
  const hidden = hiddenSummary(thread.hidden);
  return `${metrics.comments} parsed (${hidden !== '' ? hidden : isPageDump(thread.format) ? 'the page shows no comment count' : `from a ${thread.format} export`})`;
}
