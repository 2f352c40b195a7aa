import { STANCES } from '../analyse/stance.js';
import type { Trend } from '../compare/trend.js';
import { stringifyCsv, type CsvOptions } from './csv.js';
import { chartLabel, code, inline, mermaid, percent, signed, table } from './markdown.js';

/** The clusters that appear in the trend, most prevalent overall first. */
function trendClusters(trend: Trend): string[] {
  const totals = new Map<string, number>();
  for (const point of trend.points) for (const [id, share] of Object.entries(point.clusterShares)) totals.set(id, (totals.get(id) ?? 0) + share);
  return [...totals].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([id]) => id);
}

/** Long format for analysts: thread_id, date, metric, value (one row per figure). */
export function renderTrendCsv(trend: Trend, options: CsvOptions = {}): string {
  const rows: Array<Record<string, string | number>> = [];
  for (const point of trend.points) {
    const add = (metric: string, value: number | null): void => {
      if (value !== null) rows.push({ thread_id: point.threadId, date: point.date ?? '', metric, value });
    };
    add('comments', point.comments);
    add('mean_sentiment', point.meanSentiment);
    for (const stance of STANCES) add(`stance_${stance}`, point.stanceShares?.[stance] ?? null);
    for (const [id, share] of Object.entries(point.clusterShares)) add(`cluster:${id.replace(/^frame:/, "")}`, share);
  }
  return stringifyCsv(rows, ['thread_id', 'date', 'metric', 'value'], options);
}

/** The trend as Markdown: a table per figure and Mermaid line charts over the threads in date order. */
export function renderTrendMarkdown(trend: Trend): string {
  const out = ['# Trend across threads', ''];
  out.push(`${trend.points.length} threads in article-date order${trend.undated.length > 0 ? `; without a date (placed last, by name): ${trend.undated.map(code).join(', ')}` : ''}.`, '');
  const clusters = trendClusters(trend);
  out.push(
    table(
      ['Thread', 'Date', 'Title', 'Comments', 'Mean sentiment', ...STANCES.map((stance) => stance[0]!.toUpperCase() + stance.slice(1))],
      trend.points.map((point) => [
        code(point.threadId),
        inline(point.date ?? '—'),
        inline(point.title ?? '—'),
        String(point.comments),
        point.meanSentiment === null ? '—' : signed(point.meanSentiment),
        ...STANCES.map((stance) => (point.stanceShares === null ? '—' : percent(point.stanceShares[stance]))),
      ]),
      ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right'],
    ),
    '',
  );
  const axis = `    x-axis [${trend.points.map((point) => `"${chartLabel(point.date ?? point.threadId)}"`).join(', ')}]`;
  const withComments = trend.points.some((point) => point.comments > 0);
  if (withComments) {
    out.push(
      mermaid(['xychart-beta', '    title "Mean sentiment per thread"', axis, '    y-axis "mean sentiment" -1 --> 1', `    line [${trend.points.map((point) => (point.meanSentiment ?? 0).toFixed(2)).join(', ')}]`]),
      '',
      mermaid([
        'xychart-beta',
        `    title "Stance shares per thread (${STANCES.join(', ')})"`,
        axis,
        '    y-axis "share of comments" 0 --> 1',
        ...STANCES.map((stance) => `    line [${trend.points.map((point) => (point.stanceShares?.[stance] ?? 0).toFixed(2)).join(', ')}]`),
      ]),
      '',
    );
  }
  if (clusters.length > 0) {
    out.push('## Arguments per thread', '', 'Share of each thread\'s placed comments.', '');
    out.push(
      table(
        ['Argument', ...trend.points.map((point) => code(point.date ?? point.threadId))],
        clusters.map((id) => [inline(trend.clusterLabels[id] ?? id), ...trend.points.map((point) => (point.clusterShares[id] === undefined ? '—' : percent(point.clusterShares[id]!)))]),
      ),
      '',
      mermaid([
        'xychart-beta',
        `    title "Argument prevalence per thread (${clusters.slice(0, 5).map((id) => chartLabel(trend.clusterLabels[id] ?? id)).join(', ')})"`,
        axis,
        '    y-axis "share of placed comments" 0 --> 1',
        ...clusters.slice(0, 5).map((id) => `    line [${trend.points.map((point) => (point.clusterShares[id] ?? 0).toFixed(2)).join(', ')}]`),
      ]),
      '',
    );
  }
  return out.join('\n');
}
