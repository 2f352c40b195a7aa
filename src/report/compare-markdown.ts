import { STANCES } from '../analyse/stance.js';
import type { Comparison, ThreadComparison } from '../compare/index.js';
import type { ComparedComment } from '../compare/diff.js';
import type { RenderedFile } from './index.js';
import { renderTrendCsv, renderTrendMarkdown } from './trend.js';
import { code, excerpt, inline, percent, signed, table } from './markdown.js';

const change = (value: number, asPercent: boolean): string => (asPercent ? `${value > 0 ? '+' : value < 0 ? '−' : ''}${Math.abs(Math.round(value * 100))} pts` : signed(value));

/** What changed in a thread between two snapshots, for a moderator coming back to it. */
export function renderComparisonMarkdown(comparison: ThreadComparison): string {
  const out = [`# What changed: ${code(comparison.threadId.old)} → ${code(comparison.threadId.new)}`, ''];
  const declared = comparison.declaredCount;
  out.push(
    `- Comments: ${comparison.comments.old} → ${comparison.comments.new} (${comparison.added.length} added, ${comparison.removed.length} removed, ${comparison.edited.length} edited)`,
    `- Declared on the page: ${declared.old ?? '—'} → ${declared.new ?? '—'}`,
    `- New moderation flags: ${comparison.newFlags.length}; newly heated subthreads: ${comparison.newlyHeated.length}`,
    '',
  );
  const list = (title: string, entries: ComparedComment[], empty: string): void => {
    out.push(`## ${title}`, '');
    if (entries.length === 0) out.push(empty, '');
    else out.push(table(['Comment', 'Line', 'Text'], entries.map((entry) => [named(entry), String(entry.line), inline(excerpt(entry.text, 160))]), ['left', 'right']), '');
  };
  out.push('## Added', '');
  if (comparison.added.length === 0) out.push('No new comments.', '');
  else {
    // Listed in the order they were posted where the source gives times.
    const timed = comparison.added.some((entry) => entry.time !== null);
    out.push(
      table(
        ['Comment', 'Line', ...(timed ? ['Posted'] : []), 'Reply to', 'Text'],
        comparison.added.map((entry) => [
          named(entry),
          String(entry.line),
          ...(timed ? [inline(entry.time ?? '—')] : []),
          entry.parentId === null ? 'the article' : `**${entry.parentId}**`,
          inline(excerpt(entry.text, 160)),
        ]),
        ['left', 'right', 'left'],
      ),
      '',
    );
  }
  list('Removed (deleted or no longer visible)', comparison.removed, 'No comment disappeared.');
  out.push('## Edited', '');
  if (comparison.edited.length === 0) out.push('No comment was edited.', '');
  else
    out.push(
      table(
        ['Before', 'After', 'Similarity', 'Old text', 'New text'],
        comparison.edited.map((entry) => [`${named(entry.old)} L${entry.old.line}`, `${named(entry.new)} L${entry.new.line}`, percent(entry.similarity), inline(excerpt(entry.old.text, 120)), inline(excerpt(entry.new.text, 120))]),
      ),
      '',
    );
  out.push('## Growth per subthread', '');
  if (comparison.subthreads.length === 0) out.push('No subthread grew or shrank.', '');
  else out.push(table(['Top-level comment', 'Replies before', 'Replies after', 'Opening words'], comparison.subthreads.map((entry) => [`**${entry.rootId}**${entry.oldRootId === null ? ' (new)' : ''}`, String(entry.before), String(entry.after), inline(entry.preview)]), ['left', 'right', 'right']), '');
  out.push('## New moderation flags', '');
  if (comparison.newFlags.length === 0) out.push('None.', '');
  else out.push(table(['Comment', 'Line', 'Kinds', 'Target', 'Text'], comparison.newFlags.map((entry) => [named(entry), String(entry.line), entry.kinds.join(', '), entry.target ?? '—', inline(excerpt(entry.text, 140))]), ['left', 'right']), '');
  if (comparison.newlyHeated.length > 0) {
    out.push('## Subthreads that turned heated', '');
    for (const chain of comparison.newlyHeated) out.push(`- ${chain.commentIds.map((id) => `**${id}**`).join(' → ')}: ${chain.disagreements} disagreements`);
    out.push('');
  }
  out.push('## Shifts', '');
  out.push(
    table(
      ['Figure', 'Before', 'After', 'Change'],
      [
        ...STANCES.map((stance) => {
          const entry = comparison.shifts.stance[stance];
          return [`${stance} share`, percent(entry.old), percent(entry.new), change(entry.change, true)];
        }),
        ['mean sentiment', signed(comparison.shifts.meanSentiment.old), signed(comparison.shifts.meanSentiment.new), change(comparison.shifts.meanSentiment.change, false)],
        ...comparison.shifts.clusters.map((entry) => [
          `${inline(entry.label)} share${entry.comparable ? '' : ' †'}`,
          entry.old === null ? '—' : percent(entry.old),
          entry.new === null ? '—' : percent(entry.new),
          entry.change === null ? 'not comparable' : change(entry.change, true),
        ]),
      ],
      ['left', 'right', 'right', 'right'],
    ),
    '',
  );
  if (comparison.shifts.clusters.some((entry) => !entry.comparable)) {
    out.push('† Found by only one of the two runs (another frame list, or an argument the other run did not discover): no change is claimed.', '');
  }
  return out.join('\n');
}

/** The files of a comparison: `compare.md` and `compare.json` for two snapshots of a thread, `trend.md` and `trend.csv` for a trend. */
export function renderComparison(comparison: Comparison, options: { bom?: boolean } = {}): RenderedFile[] {
  if (comparison.mode === 'snapshots') {
    return [
      { name: 'compare.md', content: renderComparisonMarkdown(comparison) },
      { name: 'compare.json', content: JSON.stringify(comparison, null, 1) + '\n' },
    ];
  }
  return [
    { name: 'trend.md', content: renderTrendMarkdown(comparison) },
    { name: 'trend.csv', content: renderTrendCsv(comparison, { bom: options.bom === true }) },
  ];
}

/** A comment as the comparison names it: its id, and its author where the source shows one. */
function named(entry: ComparedComment): string {
  return entry.author === null ? `**${entry.id}**` : `**${entry.id}** (${inline(entry.author)})`;
}
