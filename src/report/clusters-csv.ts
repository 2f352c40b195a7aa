import type { AnalysedThread, AnyRun } from '../model/index.js';
import { STANCES } from '../analyse/stance.js';
import { stringifyCsv, type CsvOptions } from './csv.js';
import { placedComments, threadClusterViews } from './views.js';

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
export function renderClustersCsv(run: Pick<AnyRun, 'threads' | 'clusters'>, options: CsvOptions = {}): string {
  return stringifyCsv([...clusterRecords(run)], CLUSTER_COLUMNS, options);
}

type ClusterRecord = Record<(typeof CLUSTER_COLUMNS)[number], string | number>;

/** The rows of `clusters.csv` (and of the workbook's clusters sheet), by column, one at a time. */
export function* clusterRecords(run: Pick<AnyRun, 'threads' | 'clusters'>): Generator<ClusterRecord> {
  yield* overallClusterRecords(run.clusters);
  for (const thread of run.threads) yield* threadClusterRecords(thread, run.clusters);
}

/** The run-wide rows (`scope` = overall), one per cluster. */
export function overallClusterRecords(clusters: AnyRun['clusters']): ClusterRecord[] {
  return clusters.map(
    (cluster) =>
      ({
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
      }) as ClusterRecord,
  );
}

/** A thread's rows (`scope` = thread), one per cluster it has comments in. */
export function threadClusterRecords(thread: AnalysedThread, clusters: AnyRun['clusters']): ClusterRecord[] {
  const round = (value: number): number => Math.round(value * 1000) / 1000;
  const placed = placedComments(thread);
  return threadClusterViews(thread, clusters).map(
    (view) =>
      ({
        scope: 'thread',
        thread_id: thread.id,
        cluster_id: view.cluster.id,
        cluster_label: view.cluster.label,
        source: view.cluster.source,
        comments: view.comments.length,
        share_of_comments: round(view.comments.length / placed),
        ...Object.fromEntries(STANCES.map((stance) => [stance, round(view.stanceMix[stance])])),
        mean_sentiment: round(view.meanSentiment),
        top_terms: view.cluster.topTerms.join('; '),
        quote_comment_id: view.quote ? `${thread.id}/${view.quote.commentId}` : '',
        quote: view.quote?.text ?? '',
      }) as ClusterRecord,
  );
}
