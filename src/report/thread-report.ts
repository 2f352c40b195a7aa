import type { Stance } from '../model/index.js';
import type { HeatedSubthread, ThreadTimeline } from '../analyse/metrics.js';
import { STANCES } from '../analyse/stance.js';
import { chartLabel, code, divergingBar, excerpt, inline, mermaid, percent, quote, signed, table } from './markdown.js';
import type { Snapshot } from './snapshot.js';
import { commentCountText, placedComments, PRIORITY_TEXT, threadClusterViews } from './views.js';

const STANCE_MARK: Record<Stance, string> = { agree: '✔ agree', disagree: '✘ disagree', query: '? query', neutral: '· neutral' };
/** Deeper replies are listed without further indentation so the outline stays readable. */
const MAX_OUTLINE_INDENT = 12;

/** The moderation report of one thread, drawn from its snapshot alone. */
export function renderThreadReport(snapshot: Snapshot): string {
  const { thread, metrics } = snapshot;
  const { article } = thread;
  const byId = new Map(thread.comments.map((comment, i) => [comment.id, i]));
  const warnings = thread.diagnostics.filter((diagnostic) => diagnostic.severity !== 'info');
  const out: string[] = [];

  out.push(article.title === null ? `# Untitled page ${code(thread.id)}` : `# ${inline(article.title)}`, '');
  const declared = article.declaredCommentCount;
  const counted = commentCountText(snapshot);
  // A comment as the report names it: its id, and its author where the source shows one.
  const who = (id: string): string => {
    const author = thread.comments[byId.get(id)!]?.author ?? null;
    return author === null ? `**${id}**` : `**${id}** (${inline(author)})`;
  };
  out.push(
    table(
      ['', ''],
      [
        ['Site', inline(article.site ?? '—')],
        ['Date', inline(article.date ?? '—')],
        ['Author', inline(article.author ?? '—')],
        ['Source', code(thread.file)],
        ['Comments', counted],
        ['Parse warnings', warnings.length === 0 ? 'none' : `${warnings.length} (see the end of this report)`],
      ],
    ),
    '',
  );

  if (metrics.comments === 0) {
    out.push(declared === null ? 'The page has no comment section: nothing to moderate.' : 'The page shows no comments: nothing to moderate.', '');
    return out.join('\n');
  }

  out.push('## At a glance', '');
  out.push(
    `- **${metrics.comments}** comments in **${metrics.topLevel}** top-level threads, up to **${metrics.maxDepth}** reply levels deep`,
    `- Stance towards what each comment answers: ${STANCES.map((stance) => `${percent(metrics.stanceShares[stance])} ${stance}`).join(', ')}`,
    `- Mean sentiment: **${signed(metrics.meanSentiment)}** (−1 hostile … +1 warm)`,
    `- Flagged for moderation: **${metrics.flagged}** comment${metrics.flagged === 1 ? '' : 's'}`,
    `- Heated subthreads: **${metrics.heated.length}**`,
    '',
  );
  if (metrics.timeline) out.push(...timelineSection(metrics.timeline));
  {
    out.push(mermaid(['pie title Stance of the comments', ...STANCES.map((stance) => `    "${stance}" : ${Math.round(metrics.stanceShares[stance] * metrics.comments)}`)]), '');
    // A table, not a bar chart: Mermaid draws bars up from the bottom of the axis, not from zero, so −0.38 would look taller than −0.03.
    out.push(
      '**Mean sentiment by reply depth** (bars from zero: left hostile, right warm; scale −1 … +1)',
      '',
      table(
        ['Reply depth', 'Comments', 'Mean sentiment', '−1 … 0 … +1'],
        metrics.sentimentByDepth.map((entry) => [String(entry.depth), String(entry.comments), signed(entry.meanSentiment), divergingBar(entry.meanSentiment)]),
        ['right', 'right', 'right', 'left'],
      ),
      '',
    );
  }
  const views = threadClusterViews(thread, snapshot.clusters);
  if (views.length > 0) {
    out.push(
      mermaid([
        'xychart-beta',
        '    title "Comments per argument"',
        `    x-axis [${views.map((view) => `"${chartLabel(view.cluster.label)}"`).join(', ')}]`,
        `    y-axis "comments" 0 --> ${Math.max(...views.map((view) => view.comments.length))}`,
        `    bar [${views.map((view) => view.comments.length).join(', ')}]`,
      ]),
      '',
    );
  }

  out.push('## Moderation queue', '');
  if (metrics.moderationQueue.length === 0) {
    out.push('Nothing flagged.', '');
  } else {
    out.push('Most urgent first: attacks on fellow commenters, then threats and identity attacks, then harsh words about public figures.', '');
    out.push(
      table(
        ['#', 'Comment', 'Line', 'Why', 'Kinds', 'Target', 'Cue words', 'Quote'],
        metrics.moderationQueue.map((item, rank) => {
          const comment = thread.comments[byId.get(item.commentId)!]!;
          return [
            String(rank + 1),
            who(item.commentId),
            String(item.line),
            PRIORITY_TEXT[item.priority],
            item.incivility.kinds.join(', '),
            item.incivility.target ?? '—',
            item.incivility.cues.map(inline).join(', '),
            inline(excerpt(comment.text, 160)),
          ];
        }),
        ['right', 'left', 'right'],
      ),
      '',
    );
  }

  out.push('## Disagreements', '');
  const disagreeing = thread.comments.map((comment) => ({ comment, score: comment.data })).filter(({ score }) => score.stance.stance === 'disagree');
  if (disagreeing.length === 0) {
    out.push('No comment reads as disagreeing with what it answers.', '');
  } else {
    out.push(
      table(
        ['Comment', 'Line', 'Disagrees with', 'Confidence', 'Why', 'Quote'],
        disagreeing.map(({ comment, score }) => [
          who(comment.id),
          String(comment.line),
          comment.parentId === null ? 'the article' : who(comment.parentId),
          percent(score.stance.confidence),
          score.stance.cues.map(inline).join('; ') || '—',
          inline(excerpt(comment.text, 140)),
        ]),
        ['left', 'right', 'left', 'right'],
      ),
      '',
    );
  }

  out.push('## Heated subthreads', '');
  if (metrics.heated.length === 0) {
    out.push('No reply chain with repeated disagreement and falling mood.', '');
  } else {
    for (const heated of metrics.heated) {
      const last = thread.comments[byId.get(heated.commentIds[heated.commentIds.length - 1]!)!]!;
      out.push(
        `- ${heated.commentIds.map((id) => `**${id}**`).join(' → ')} (depth ${heated.fromDepth}–${heated.toDepth}): ${heated.disagreements} disagreements, sentiment ${signed(heated.sentimentFrom)} → ${signed(heated.sentimentTo)}` +
          `${heated.flagged > 0 ? `, ${heated.flagged} flagged` : ''}; ${participants(heated)}`,
        '',
        quote(excerpt(last.text, 240)).replace(/^/gm, '  '),
        '',
      );
    }
  }

  out.push('## The arguments', '');
  const placed = placedComments(thread);
  if (views.length === 0) {
    out.push('No comment could be placed in an argument cluster.', '');
  } else {
    out.push(
      table(
        ['Argument', 'Id', 'Comments', 'Share', ...STANCES.map((stance) => stance[0]!.toUpperCase() + stance.slice(1)), 'Mean sentiment'],
        views.map((view) => [
          inline(view.cluster.label),
          code(view.cluster.id),
          String(view.comments.length),
          percent(view.comments.length / Math.max(1, placed)),
          ...STANCES.map((stance) => percent(view.stanceMix[stance])),
          signed(view.meanSentiment),
        ]),
        ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
      ),
      '',
    );
    const unplaced = metrics.comments - placed;
    if (unplaced > 0) out.push(`${unplaced} comment${unplaced === 1 ? ' is' : 's are'} too short or too far from every argument to place.`, '');
    for (const view of views) {
      out.push(`### ${inline(view.cluster.label)}`, '');
      out.push(`${view.cluster.source === 'frame' ? 'Named frame' : 'Found in the data'} · top terms: ${view.cluster.topTerms.map(inline).join(', ') || '—'} · comments: ${view.comments.map((id) => `**${id}**`).join(', ')}`, '');
      if (view.quote) out.push(quote(view.quote.text), `> — **${view.quote.commentId}**`, '');
    }
  }

  out.push('## Thread outline', '');
  out.push('Each comment: id, line, stance towards what it answers, sentiment, argument, ⚠ when flagged.', '');
  // Nesting follows the tree (a reply one level under its parent even where the page skipped levels):
  // deeper indentation than that would turn a list item into a code block.
  const level = new Map<string, number>();
  thread.comments.forEach((comment) => {
    const score = comment.data;
    const depth = comment.parentId === null ? 0 : (level.get(comment.parentId) ?? -1) + 1;
    level.set(comment.id, depth);
    const indent = '  '.repeat(Math.min(depth, MAX_OUTLINE_INDENT));
    const cluster = comment.data.cluster?.id;
    const flag = score.incivility.kinds.length > 0 ? ' ⚠' : '';
    const skipped = comment.flags.includes('skipped-depth') ? ` (shown at depth ${comment.depth})` : '';
    const by = comment.author === null ? '' : ` ${inline(comment.author)}`;
    const at = comment.time === null ? '' : ` · ${inline(comment.time)}`;
    out.push(
      `${indent}- **${comment.id}**${by} L${comment.line}${at}${skipped} · ${STANCE_MARK[score.stance.stance]} · ${signed(score.sentiment.score)}${cluster ? ` · ${code(cluster)}` : ''}${flag} — ${inline(excerpt(comment.text, 100))}`,
    );
  });
  out.push('');

  if (warnings.length > 0) {
    out.push('## Parse warnings', '');
    out.push(
      table(
        ['Line', 'Column', 'Warning', 'Code'],
        warnings.map((diagnostic) => [String(diagnostic.line ?? '—'), String(diagnostic.column ?? '—'), inline(diagnostic.message), code(diagnostic.code)]),
        ['right', 'right'],
      ),
      '',
    );
  }
  return out.join('\n');
}

/** Who took part in a heated chain: its authors where the source shows them, else the names replies address. */
function participants(heated: HeatedSubthread): string {
  if (heated.authors.length > 0) return `between ${heated.authors.map(inline).join(', ')}`;
  return heated.addressed.length > 0 ? `addressed by name: ${heated.addressed.map(inline).join(', ')}` : 'participants not named on the page';
}

/** Most hours listed in the timeline table; a longer life is summed by day. */
const TIMELINE_HOURS = 48;

/** When the comments came (UTC), and when the thread turned heated. */
function timelineSection(timeline: ThreadTimeline): string[] {
  const out = ['## Timeline', ''];
  out.push(
    `First comment ${inline(timeline.first)}, last ${inline(timeline.last)}; ${timeline.turnedHeated === null ? 'no reply chain turned heated' : `turned heated at ${inline(timeline.turnedHeated)} (the second disagreement in a heated chain)`}.` +
      (timeline.untimed > 0 ? ` ${timeline.untimed} comment${timeline.untimed === 1 ? ' has' : 's have'} no time.` : ''),
    '',
  );
  const byDay = timeline.perHour.length > TIMELINE_HOURS;
  const rows = new Map<string, { comments: number; disagreements: number; flagged: number }>();
  for (const hour of timeline.perHour) {
    const key = byDay ? hour.hour.slice(0, 10) : hour.hour;
    const row = rows.get(key) ?? { comments: 0, disagreements: 0, flagged: 0 };
    row.comments += hour.comments;
    row.disagreements += hour.disagreements;
    row.flagged += hour.flagged;
    rows.set(key, row);
  }
  out.push(
    table(
      [byDay ? 'Day (UTC)' : 'Hour (UTC)', 'Comments', 'Disagreements', 'Flagged'],
      [...rows].map(([key, row]) => [key, String(row.comments), String(row.disagreements), String(row.flagged)]),
      ['left', 'right', 'right', 'right'],
    ),
    '',
  );
  return out;
}
