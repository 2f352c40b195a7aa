import type { Clustering } from '../model.js';
import { STANCES } from '../analyse/stance.js';
import { chartLabel, code, inline, mermaid, percent, signed, table } from './markdown.js';
import type { Snapshot } from './snapshot.js';

/** The run at a glance: every thread with a link to its report, and the arguments across all of them. */
export function renderSummary(snapshots: Snapshot[], clustering: Clustering, reportFile: (snapshot: Snapshot) => string): string {
  const out: string[] = ['# Reader comments: summary', ''];
  const comments = snapshots.reduce((sum, snapshot) => sum + snapshot.metrics.comments, 0);
  const flagged = snapshots.reduce((sum, snapshot) => sum + snapshot.metrics.flagged, 0);
  const withComments = snapshots.filter((snapshot) => snapshot.metrics.comments > 0);
  out.push(`${snapshots.length} page${snapshots.length === 1 ? '' : 's'}, ${withComments.length} with comments; ${comments} comments in all, ${flagged} flagged for moderation.`, '');

  out.push('## Threads', '');
  out.push(
    table(
      ['Report', 'Title', 'Site', 'Date', 'Comments', 'Declared', 'Mean sentiment', 'Disagree', 'Flagged', 'Heated'],
      snapshots.map((snapshot) => [
        `[${inline(snapshot.threadId)}](${encodeURI(reportFile(snapshot))})`,
        inline(snapshot.thread.article.title ?? '—'),
        inline(snapshot.thread.article.site ?? '—'),
        inline(snapshot.thread.article.date ?? '—'),
        String(snapshot.metrics.comments),
        snapshot.thread.article.declaredCommentCount === null ? '—' : String(snapshot.thread.article.declaredCommentCount),
        snapshot.metrics.comments === 0 ? '—' : signed(snapshot.metrics.meanSentiment),
        snapshot.metrics.comments === 0 ? '—' : percent(snapshot.metrics.stanceShares.disagree),
        String(snapshot.metrics.flagged),
        String(snapshot.metrics.heated.length),
      ]),
      ['left', 'left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right'],
    ),
    '',
  );

  out.push('## Arguments across all threads', '');
  const present = clustering.clusters.filter((cluster) => cluster.size > 0);
  if (present.length === 0) {
    out.push('No comment could be placed in an argument cluster.', '');
  } else {
    out.push(
      mermaid(['pie title Share of placed comments per argument', ...present.map((cluster) => `    "${chartLabel(cluster.label)}" : ${cluster.size}`)]),
      '',
      table(
        ['Argument', 'Id', 'Comments', 'Share', 'Threads', ...STANCES.map((stance) => stance[0]!.toUpperCase() + stance.slice(1)), 'Mean sentiment', 'Top terms'],
        present.map((cluster) => [
          inline(cluster.label),
          code(cluster.id),
          String(cluster.size),
          percent(cluster.prevalence.comments),
          String(cluster.perThread.length),
          ...STANCES.map((stance) => percent(cluster.stanceMix[stance])),
          signed(cluster.meanSentiment),
          cluster.topTerms.map(inline).join(', '),
        ]),
        ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
      ),
      '',
    );
    const silent = clustering.clusters.filter((cluster) => cluster.size === 0);
    if (silent.length > 0) out.push(`Named frames nobody argued: ${silent.map((cluster) => inline(cluster.label)).join(', ')}.`, '');
  }
  return out.join('\n');
}
