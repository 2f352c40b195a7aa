import type { AnyRun, Cluster } from '../model/index.js';
import { STANCES } from '../analyse/stance.js';
import { chartLabel, code, inline, mermaid, percent, signed, table } from './markdown.js';
import type { AuthorView } from './authors.js';
import type { Snapshot } from './snapshot.js';

/** What the summary shows of one thread: its snapshot's article and figures, and its report's file name. */
export interface SummaryRow {
  report: string;
  threadId: string;
  file: string;
  format: Snapshot['thread']['format'];
  /** The fields the summary's table shows (not the article's text, which a run of many threads need not keep). */
  article: Pick<Snapshot['thread']['article'], 'title' | 'site' | 'date' | 'declaredCommentCount'>;
  metrics: Pick<Snapshot['metrics'], 'comments' | 'flagged' | 'meanSentiment' | 'stanceShares'> & { heated: number };
  /** Ids of the clusters with members in this thread. */
  clusters: string[];
}

/** The row of one thread, kept while its report is written (the snapshot itself need not stay in memory). */
export function summaryRow(snapshot: Snapshot, report: string): SummaryRow {
  const { comments, flagged, meanSentiment, stanceShares, heated } = snapshot.metrics;
  const { title, site, date, declaredCommentCount } = snapshot.thread.article;
  return { report, threadId: snapshot.thread.id, file: snapshot.thread.file, format: snapshot.thread.format, article: { title, site, date, declaredCommentCount }, metrics: { comments, flagged, meanSentiment, stanceShares, heated: heated.length }, clusters: snapshot.clusters.map((cluster) => cluster.id) };
}

/** How many authors and pairs the summary lists (authors.csv has them all). */
const TOP_AUTHORS = 15;
const TOP_PAIRS = 10;

/** The run at a glance: every thread with a link to its report, the arguments across all of them, and (when the inputs name them) the authors. */
export function renderSummary(run: Pick<AnyRun, 'clusters'>, snapshots: SummaryRow[], authors: AuthorView | null = null): string {
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
        `[${inline(snapshot.threadId)}](${encodeURI(snapshot.report)})`,
        inline(snapshot.article.title ?? '—'),
        inline(snapshot.article.site ?? '—'),
        inline(snapshot.article.date ?? '—'),
        String(snapshot.metrics.comments),
        snapshot.article.declaredCommentCount === null ? '—' : String(snapshot.article.declaredCommentCount),
        snapshot.metrics.comments === 0 ? '—' : signed(snapshot.metrics.meanSentiment),
        snapshot.metrics.comments === 0 ? '—' : percent(snapshot.metrics.stanceShares.disagree),
        String(snapshot.metrics.flagged),
        String(snapshot.metrics.heated),
      ]),
      ['left', 'left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right'],
    ),
    '',
  );

  out.push('## Arguments across all threads', '');
  const present = run.clusters.filter((cluster) => cluster.size > 0);
  const threadsWith = new Map<string, number>();
  for (const snapshot of snapshots) for (const id of snapshot.clusters) threadsWith.set(id, (threadsWith.get(id) ?? 0) + 1);
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
          String(threadsWith.get(cluster.id) ?? 0),
          ...STANCES.map((stance) => percent(cluster.stanceMix[stance])),
          signed(cluster.meanSentiment),
          cluster.topTerms.map(inline).join(', '),
        ]),
        ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
      ),
      '',
    );
    const silent = run.clusters.filter((cluster: Cluster) => cluster.size === 0);
    if (silent.length > 0) out.push(`Named frames nobody argued: ${silent.map((cluster) => inline(cluster.label)).join(', ')}.`, '');
  }
  const warnings = run.clusters.flatMap((cluster) => cluster.warnings);
  if (warnings.length > 0) out.push('Check the frames:', '', ...warnings.map((warning) => `- ${inline(warning)}`), '');
  if (authors !== null) out.push(...authorsSection(authors));
  return out.join('\n');
}

/** The authors with the most comments, and who disagrees with whom. */
function authorsSection(view: AuthorView): string[] {
  const out = ['## Authors', ''];
  out.push(
    `${view.authors.length} author${view.authors.length === 1 ? '' : 's'}${view.authors.length > TOP_AUTHORS ? `; the ${TOP_AUTHORS} with the most comments` : ''} (all in \`authors.csv\`):`,
    '',
    table(
      ['Author', 'Comments', 'Threads', 'Replies received', 'Disagrees', 'Disagreed with', 'Flagged', 'First', 'Last'],
      view.authors.slice(0, TOP_AUTHORS).map((entry) => [
        inline(entry.author),
        String(entry.comments),
        String(entry.threads),
        String(entry.repliesReceived),
        String(entry.disagreementsGiven),
        String(entry.disagreementsReceived),
        String(entry.flagged),
        inline(entry.first ?? '—'),
        inline(entry.last ?? '—'),
      ]),
      ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'left', 'left'],
    ),
    '',
    '### Who argues with whom',
    '',
  );
  if (view.pairs.length === 0) {
    out.push('No author disagrees with another.', '');
    return out;
  }
  out.push(
    table(
      ['Authors', 'Disagreements', 'Each way'],
      view.pairs.slice(0, TOP_PAIRS).map((pair) => [
        `${inline(pair.authors[0])} ↔ ${inline(pair.authors[1])}`,
        String(pair.firstToSecond + pair.secondToFirst),
        `${pair.firstToSecond} → · ← ${pair.secondToFirst}`,
      ]),
      ['left', 'right', 'left'],
    ),
    '',
  );
  return out;
}
