import type { Clustering, ScoredThread } from '../model.js';
import { STANCES } from '../analyse/stance.js';
import { stringifyCsv, type CsvOptions } from './csv.js';
import { threadId } from './keys.js';

export const CLUSTER_COLUMNS = [
  'scope',
  'thread_id',
  'cluster_id',
  'cluster_label',
  'source',
  'comments',
  'share_of_comments',
  'agree',
  'disagree',
  'query',
  'neutral',
  'mean_sentiment',
  'top_terms',
  'quote_comment_id',
  'quote',
] as const;

/**
 * One row per cluster for the whole run (`scope` = overall) and one per
 * cluster and thread it occurs in (`scope` = thread). Shares are of the
 * placed comments in that scope. Same safety rules as comments.csv.
 */
export function renderClustersCsv(threads: ScoredThread[], clustering: Clustering, options: CsvOptions = {}): string {
  const records: Array<Record<string, string | number>> = [];
  const round = (value: number): number => Math.round(value * 1000) / 1000;
  for (const cluster of clustering.clusters) {
    records.push({
      scope: 'overall',
      thread_id: '',
      cluster_id: cluster.id,
      cluster_label: cluster.label,
      source: cluster.source,
      comments: cluster.size,
      share_of_comments: cluster.prevalence.comments,
      ...Object.fromEntries(STANCES.map((stance) => [stance, cluster.stanceMix[stance]])),
      mean_sentiment: cluster.meanSentiment,
      top_terms: cluster.topTerms.join('; '),
      quote_comment_id: cluster.quote ? `${cluster.quote.threadId}/${cluster.quote.commentId}` : '',
      quote: cluster.quote?.text ?? '',
    });
  }
  threads.forEach(({ thread, scores }, t) => {
    const ids = clustering.assignments[t] ?? [];
    const placed = ids.filter((id) => id !== null).length;
    for (const cluster of clustering.clusters) {
      const members = ids.map((id, i) => (id === cluster.id ? i : -1)).filter((i) => i >= 0);
      if (members.length === 0) continue;
      const local = cluster.perThread.find((entry) => entry.threadId === threadId(thread))?.quote ?? null;
      records.push({
        scope: 'thread',
        thread_id: threadId(thread),
        cluster_id: cluster.id,
        cluster_label: cluster.label,
        source: cluster.source,
        comments: members.length,
        share_of_comments: round(members.length / placed),
        ...Object.fromEntries(STANCES.map((stance) => [stance, round(members.filter((i) => scores[i]!.stance.stance === stance).length / members.length)])),
        mean_sentiment: round(members.reduce((sum, i) => sum + scores[i]!.sentiment.score, 0) / members.length),
        top_terms: cluster.topTerms.join('; '),
        quote_comment_id: local ? `${local.threadId}/${local.commentId}` : '',
        quote: local?.text ?? '',
      });
    }
  });
  return stringifyCsv(records, CLUSTER_COLUMNS, options);
}
