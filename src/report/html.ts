/**
 * The HTML reports: one self-contained page per thread and an index for the
 * run. No request leaves the page (no CDN, no fonts, no images but inline
 * SVG), so it works from `file://`. Every piece of user text is escaped;
 * links in comments stay text. A strict Content Security Policy allows only
 * the page's own style and script, by hash: no inline handlers, no
 * `javascript:` URLs, nothing fetched. Without the script the page is
 * complete (every reply shown, every control inert); with it, the filters
 * and the search work and a link to a folded comment unfolds it.
 */
import { createHash } from 'node:crypto';
import type { AnalysedComment, Cluster, Stance } from '../model/index.js';
import { STANCES } from '../analyse/stance.js';
import type { AuthorView } from './authors.js';
import { escapeHtml as esc } from './html-escape.js';
import { excerpt, percent, signed } from './markdown.js';
import type { Snapshot } from './snapshot.js';
import type { SummaryRow } from './summary.js';
import { barChart, divergingChart, PALETTE } from './svg.js';
import { commentCountText, placedComments, PRIORITY_TEXT, threadClusterViews } from './views.js';

/** A comment's stance towards what it answers, as the words before that: "✔ agrees with c3". */
const STANCE_TEXT: Record<Stance, string> = { agree: '✔ agrees with', disagree: '✘ disagrees with', query: '? questions', neutral: '· neutral towards' };

const STYLE = `
:root { color-scheme: light; --ink: #222; --muted: #555; --line: #ccc; --flag: #D55E00; --agree: #009E73; --disagree: #D55E00; --query: #0072B2; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); margin: 0 auto; max-width: 72rem; padding: 1rem 1.5rem 4rem; }
h1 { font-size: 1.6rem; margin: .5rem 0; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid var(--line); } h3 { font-size: 1.05rem; }
a { color: #0a58a8; } a:focus, summary:focus, input:focus, select:focus { outline: 3px solid #E69F00; outline-offset: 2px; }
table { border-collapse: collapse; margin: .5rem 0; } th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; } td.n, th.n { text-align: right; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; } dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
figure { margin: 1rem 0; } figcaption { font-weight: 600; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem 2rem; }
blockquote { margin: .5rem 0; padding-left: 1rem; border-left: 4px solid var(--line); }
form.filters { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; align-items: center; padding: .5rem; background: #f4f4f4; border: 1px solid var(--line); position: sticky; top: 0; z-index: 1; }
ol.tree, ol.replies { list-style: none; padding-left: 0; margin: 0; } ol.replies { margin-left: 1.25rem; border-left: 2px solid var(--line); padding-left: .75rem; }
li.comment { margin: .5rem 0; } li.comment.context > article { opacity: .55; }
article.comment { border: 1px solid var(--line); border-radius: 4px; padding: .4rem .6rem; background: #fff; }
article.comment.flagged { border-left: 5px solid var(--flag); }
article.comment:target { box-shadow: 0 0 0 3px #E69F00; }
.meta { color: var(--muted); font-size: .9rem; display: flex; flex-wrap: wrap; gap: .1rem .75rem; }
.meta .id { font-weight: 700; color: var(--ink); }
.stance-agree { color: var(--agree); } .stance-disagree { color: var(--disagree); } .stance-query { color: var(--query); }
.flag { color: var(--flag); font-weight: 700; }
.text p { margin: .3rem 0; white-space: pre-wrap; overflow-wrap: anywhere; }
summary { cursor: pointer; color: var(--muted); font-size: .9rem; }
.note { color: var(--muted); }
`;

const SCRIPT = `
(function () {
  'use strict';
  var form = document.getElementById('filters');
  var tree = document.getElementById('tree');
  if (!form || !tree) return;
  var items = Array.prototype.slice.call(tree.querySelectorAll('li.comment'));
  var count = document.getElementById('shown');
  function value(id) { var el = document.getElementById(id); return el.type === 'checkbox' ? el.checked : el.value; }
  function apply() {
    var flagged = value('f-flagged'), disagree = value('f-disagree'), author = value('f-author'), argument = value('f-argument');
    var words = String(value('f-search')).toLowerCase().trim();
    var any = flagged || disagree || author !== '' || argument !== '' || words !== '';
    var matches = 0;
    for (var i = items.length - 1; i >= 0; i--) {
      var li = items[i], data = li.dataset, article = li.querySelector('article');
      var match = (!flagged || data.flagged === '1') && (!disagree || data.stance === 'disagree') &&
        (author === '' || data.author === author) && (argument === '' || data.cluster === argument) &&
        (words === '' || article.textContent.toLowerCase().indexOf(words) !== -1);
      // Replies come after their comment: going backwards, a comment's replies are settled before it.
      var shownBelow = li.dataset.below === '1';
      li.dataset.below = '0';
      li.hidden = !(match || shownBelow);
      li.classList.toggle('context', any && !match && shownBelow);
      var parent = li.parentElement && li.parentElement.closest('li.comment');
      if (parent && !li.hidden) parent.dataset.below = '1';
      if (match) matches++;
    }
    count.textContent = matches + ' of ' + items.length + ' comments match';
  }
  form.addEventListener('input', apply);
  form.addEventListener('submit', function (event) { event.preventDefault(); apply(); });
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    for (var node = target; node; node = node.parentElement) if (node.tagName === 'DETAILS') node.open = true;
  }
  window.addEventListener('hashchange', reveal);
  reveal();
  apply();
})();
`;

function hashOf(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** Only the page's own style and script (by hash), images only as data: (none are used), nothing else from anywhere. */
const CSP = `default-src 'none'; style-src ${hashOf(STYLE)}; script-src ${hashOf(SCRIPT)}; img-src data:; base-uri 'none'; form-action 'none'`;

function page(title: string, body: string): string {
  return (
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n' +
    // The policy holds no double quote, ampersand or angle bracket: written as it is.
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">\n` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="referrer" content="no-referrer">\n' +
    `<title>${esc(title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n${body}\n<script>${SCRIPT}</script>\n</body>\n</html>\n`
  );
}

/** An anchor id for a comment: `c-` and its id. */
function anchor(commentId: string): string {
  return `c-${commentId}`;
}

/** A comment's text as paragraphs of escaped text (links shown as text). */
function paragraphs(text: string): string {
  return text
    .split(/\n\s*\n/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => `<p>${esc(part)}</p>`)
    .join('');
}

/** The interactive report of one thread, drawn from its snapshot alone. */
export function renderThreadHtml(snapshot: Snapshot): string {
  const { thread, metrics } = snapshot;
  const { article } = thread;
  const byId = new Map(thread.comments.map((comment) => [comment.id, comment]));
  const title = article.title ?? `Untitled page ${thread.id}`;
  const out: string[] = [];
  out.push('<header>', '<p><a href="index.html">All threads of the run</a></p>', `<h1>${esc(title)}</h1>`);
  const declared = article.declaredCommentCount;
  const counted = commentCountText(snapshot);
  const warnings = thread.diagnostics.filter((diagnostic) => diagnostic.severity !== 'info');
  out.push(
    '<dl class="facts">',
    ...[
      ['Site', article.site ?? '—'],
      ['Date', article.date ?? '—'],
      ['Author', article.author ?? '—'],
      ['Source', thread.file],
      ['Comments', counted],
      ['Parse warnings', warnings.length === 0 ? 'none' : `${warnings.length} (listed at the end)`],
    ].map(([term, value]) => `<dt>${esc(term!)}</dt><dd>${esc(value!)}</dd>`),
    '</dl>',
    '</header>',
    '<main>',
  );
  if (metrics.comments === 0) {
    out.push(`<p>${declared === null ? 'The page has no comment section: nothing to moderate.' : 'The page shows no comments: nothing to moderate.'}</p>`, '</main>');
    return page(title, out.join('\n'));
  }
  const views = threadClusterViews(thread, snapshot.clusters);

  out.push('<section aria-labelledby="glance">', '<h2 id="glance">At a glance</h2>', '<ul>');
  out.push(
    `<li><strong>${metrics.comments}</strong> comments in <strong>${metrics.topLevel}</strong> top-level threads, up to <strong>${metrics.maxDepth}</strong> reply levels deep</li>`,
    `<li>Stance towards what each comment answers: ${STANCES.map((stance) => `${percent(metrics.stanceShares[stance])} ${stance}`).join(', ')}</li>`,
    `<li>Mean sentiment: <strong>${signed(metrics.meanSentiment)}</strong> (−1 hostile … +1 warm)</li>`,
    `<li>Flagged for moderation: <strong>${metrics.flagged}</strong></li>`,
    `<li>Heated subthreads: <strong>${metrics.heated.length}</strong></li>`,
    '</ul>',
    '<div class="charts">',
    barChart(
      'Stance of the comments',
      STANCES.map((stance) => ({ label: stance, value: metrics.stanceShares[stance], text: percent(metrics.stanceShares[stance]) })),
      { max: 1, axis: 'share of the comments', ticks: ['0%', '50%', '100%'] },
    ),
    divergingChart(
      'Mean sentiment by reply depth',
      metrics.sentimentByDepth.map((entry) => ({ label: `depth ${entry.depth} (${entry.comments})`, value: entry.meanSentiment, text: signed(entry.meanSentiment) })),
      'mean sentiment (−1 hostile … +1 warm)',
    ),
  );
  if (views.length > 0) {
    const most = Math.max(...views.map((view) => view.comments.length));
    out.push(
      barChart(
        'Comments per argument',
        views.map((view) => ({ label: view.cluster.label, value: view.comments.length, text: String(view.comments.length) })),
        { max: most, axis: 'comments', ticks: ['0', String(most)], colour: PALETTE[2] },
      ),
    );
  }
  out.push('</div>', '</section>');

  const link = (id: string): string => {
    const author = byId.get(id)?.author ?? null;
    return `<a href="#${esc(anchor(id))}">${esc(id)}</a>${author === null ? '' : ` (${esc(author)})`}`;
  };
  out.push('<section aria-labelledby="queue">', '<h2 id="queue">Moderation queue</h2>');
  if (metrics.moderationQueue.length === 0) out.push('<p>Nothing flagged.</p>');
  else {
    out.push(
      '<p class="note">Most urgent first: attacks on fellow commenters, then threats and identity attacks, then harsh words about public figures.</p>',
      '<table><thead><tr><th scope="col" class="n">#</th><th scope="col">Comment</th><th scope="col">Why</th><th scope="col">Kinds</th><th scope="col">Target</th><th scope="col">Cue words</th><th scope="col">Quote</th></tr></thead><tbody>',
      ...metrics.moderationQueue.map(
        (item, rank) =>
          `<tr><td class="n">${rank + 1}</td><td>${link(item.commentId)}</td><td>${esc(PRIORITY_TEXT[item.priority])}</td><td>${esc(item.incivility.kinds.join(', '))}</td>` +
          `<td>${esc(item.incivility.target ?? '—')}</td><td>${esc(item.incivility.cues.join(', '))}</td><td>${esc(excerpt(byId.get(item.commentId)?.text ?? '', 160))}</td></tr>`,
      ),
      '</tbody></table>',
    );
  }
  out.push('</section>');

  out.push('<section aria-labelledby="arguments">', '<h2 id="arguments">The arguments</h2>');
  if (views.length === 0) out.push('<p>No comment could be placed in an argument cluster.</p>');
  else {
    const placed = placedComments(thread);
    for (const view of views) {
      out.push(
        `<h3>${esc(view.cluster.label)}</h3>`,
        `<p>${view.comments.length} comment${view.comments.length === 1 ? '' : 's'} (${percent(view.comments.length / Math.max(1, placed))} of those placed) · ` +
          `${STANCES.map((stance) => `${percent(view.stanceMix[stance])} ${stance}`).join(', ')} · mean sentiment ${signed(view.meanSentiment)} · ` +
          `${view.cluster.source === 'frame' ? 'named frame' : 'found in the data'}; top terms: ${esc(view.cluster.topTerms.join(', ') || '—')}</p>`,
      );
      if (view.quote) out.push(`<blockquote><p>${esc(view.quote.text)}</p><footer>— ${link(view.quote.commentId)}</footer></blockquote>`);
    }
  }
  out.push('</section>');

  out.push('<section aria-labelledby="comments">', '<h2 id="comments">The comments</h2>');
  out.push(filters(thread.comments, views.map((view) => view.cluster)));
  out.push(commentTree(thread.comments, snapshot.clusters));
  out.push('</section>');

  if (warnings.length > 0) {
    out.push(
      '<section aria-labelledby="warnings">',
      '<h2 id="warnings">Parse warnings</h2>',
      '<table><thead><tr><th scope="col" class="n">Line</th><th scope="col" class="n">Column</th><th scope="col">Warning</th><th scope="col">Code</th></tr></thead><tbody>',
      ...warnings.map((diagnostic) => `<tr><td class="n">${diagnostic.line ?? '—'}</td><td class="n">${diagnostic.column ?? '—'}</td><td>${esc(diagnostic.message)}</td><td><code>${esc(diagnostic.code)}</code></td></tr>`),
      '</tbody></table>',
      '</section>',
    );
  }
  out.push('</main>');
  return page(title, out.join('\n'));
}

/** The filter bar: flagged only, disagreements only, one author, one argument, words. */
function filters(comments: AnalysedComment[], clusters: Cluster[]): string {
  const authors = [...new Set(comments.map((comment) => comment.author).filter((author): author is string => author !== null))].sort();
  const option = (value: string, text: string): string => `<option value="${esc(value)}">${esc(text)}</option>`;
  return [
    '<form class="filters" id="filters" role="search" aria-label="Filter the comments">',
    '<label><input type="checkbox" id="f-flagged"> Flagged only</label>',
    '<label><input type="checkbox" id="f-disagree"> Disagreements only</label>',
    `<label for="f-author">Author</label><select id="f-author">${option('', 'any')}${authors.map((author) => option(author, author)).join('')}</select>`,
    `<label for="f-argument">Argument</label><select id="f-argument">${option('', 'any')}${clusters.map((cluster) => option(cluster.id, cluster.label)).join('')}</select>`,
    '<label for="f-search">Search</label><input type="search" id="f-search" placeholder="words in a comment">',
    `<output id="shown" for="f-flagged f-disagree f-author f-argument f-search" aria-live="polite">${comments.length} of ${comments.length} comments match</output>`,
    '</form>',
  ].join('\n');
}

/** The reply tree: each comment an article (id, author, time, stance and what it answers, sentiment, flags, argument), its replies folded in a details element. */
function commentTree(comments: AnalysedComment[], clusters: Cluster[]): string {
  const labels = new Map(clusters.map((cluster) => [cluster.id, cluster.label]));
  const children = new Map<string | null, AnalysedComment[]>();
  const ids = new Set(comments.map((comment) => comment.id));
  for (const comment of comments) {
    const parent = comment.parentId !== null && ids.has(comment.parentId) ? comment.parentId : null;
    const siblings = children.get(parent);
    if (siblings) siblings.push(comment);
    else children.set(parent, [comment]);
  }
  const out: string[] = [];
  // Iterative, so a reply chain thousands of levels deep cannot exhaust the stack.
  const stack: Array<{ comment: AnalysedComment } | { close: string }> = [];
  const push = (list: AnalysedComment[]): void => {
    for (let i = list.length - 1; i >= 0; i--) stack.push({ comment: list[i]! });
  };
  out.push('<ol class="tree" id="tree">');
  push(children.get(null) ?? []);
  while (stack.length > 0) {
    const next = stack.pop()!;
    if ('close' in next) {
      out.push(next.close);
      continue;
    }
    const { comment } = next;
    const { stance, sentiment, incivility, cluster } = comment.data;
    const flagged = incivility.kinds.length > 0;
    out.push(
      `<li class="comment" data-flagged="${flagged ? 1 : 0}" data-stance="${stance.stance}" data-author="${esc(comment.author ?? '')}" data-cluster="${esc(cluster?.id ?? '')}">`,
      `<article class="comment${flagged ? ' flagged' : ''}" id="${esc(anchor(comment.id))}" aria-label="Comment ${esc(comment.id)}">`,
      '<div class="meta">' +
        `<span class="id">${esc(comment.id)}</span>` +
        (comment.author === null ? '' : `<span>${esc(comment.author)}</span>`) +
        (comment.time === null ? '' : `<time datetime="${esc(comment.time)}">${esc(comment.time)}</time>`) +
        `<span class="stance-${stance.stance}">${STANCE_TEXT[stance.stance]} ${comment.parentId === null ? 'the article' : `<a href="#${esc(anchor(comment.parentId))}">${esc(comment.parentId)}</a>`}</span>` +
        `<span>sentiment ${signed(sentiment.score)}</span>` +
        (flagged ? `<span class="flag">⚠ ${esc(incivility.kinds.join(', '))}${incivility.target === null ? '' : ` at ${esc(incivility.target)}`}</span>` : '') +
        (cluster ? `<span>argument: ${esc(labels.get(cluster.id) ?? cluster.id)}</span>` : '') +
        '</div>',
      `<div class="text">${paragraphs(comment.text)}</div>`,
      '</article>',
    );
    const replies = children.get(comment.id) ?? [];
    if (replies.length === 0) {
      out.push('</li>');
      continue;
    }
    out.push(`<details open><summary>${replies.length} repl${replies.length === 1 ? 'y' : 'ies'} to ${esc(comment.id)}</summary>`, '<ol class="replies">');
    stack.push({ close: '</ol>\n</details>\n</li>' });
    push(replies);
  }
  out.push('</ol>');
  return out.join('\n');
}

/** The run's index page: every thread with a link to its page, the arguments across all of them, and (when known) the most active authors. */
export function renderIndexHtml(clusters: Cluster[], rows: SummaryRow[], authors: AuthorView | null): string {
  const out: string[] = [];
  const comments = rows.reduce((sum, row) => sum + row.metrics.comments, 0);
  const flagged = rows.reduce((sum, row) => sum + row.metrics.flagged, 0);
  out.push('<header>', '<h1>Reader comments: the run</h1>', `<p>${rows.length} page${rows.length === 1 ? '' : 's'}; ${comments} comments in all, ${flagged} flagged for moderation.</p>`, '</header>', '<main>');
  out.push(
    '<section aria-labelledby="threads">',
    '<h2 id="threads">Threads</h2>',
    '<table><thead><tr><th scope="col">Thread</th><th scope="col">Site</th><th scope="col">Date</th><th scope="col" class="n">Comments</th><th scope="col" class="n">Mean sentiment</th><th scope="col" class="n">Disagree</th><th scope="col" class="n">Flagged</th><th scope="col" class="n">Heated</th></tr></thead><tbody>',
    ...rows.map((row) => {
      const page = row.report.replace(/\.md$/, '.html');
      const none = row.metrics.comments === 0;
      return (
        `<tr><td><a href="${esc(encodeURI(page))}">${esc(row.article.title ?? row.threadId)}</a></td><td>${esc(row.article.site ?? '—')}</td><td>${esc(row.article.date ?? '—')}</td>` +
        `<td class="n">${row.metrics.comments}</td><td class="n">${none ? '—' : signed(row.metrics.meanSentiment)}</td><td class="n">${none ? '—' : percent(row.metrics.stanceShares.disagree)}</td>` +
        `<td class="n">${row.metrics.flagged}</td><td class="n">${row.metrics.heated}</td></tr>`
      );
    }),
    '</tbody></table>',
    '</section>',
  );
  out.push('<section aria-labelledby="arguments">', '<h2 id="arguments">The arguments across the run</h2>');
  const used = clusters.filter((cluster) => cluster.size > 0);
  if (used.length === 0) out.push('<p>No comment could be placed in an argument cluster.</p>');
  else {
    out.push(
      barChart(
        'Share of the placed comments per argument',
        used.map((cluster) => ({ label: cluster.label, value: cluster.prevalence.comments, text: `${percent(cluster.prevalence.comments)} (${cluster.size})` })),
        { max: 1, axis: 'share of the placed comments', ticks: ['0%', '50%', '100%'], colour: PALETTE[2] },
      ),
    );
    for (const cluster of used) {
      out.push(`<h3>${esc(cluster.label)}</h3>`, `<p>${cluster.size} comments in ${percent(cluster.prevalence.threads)} of the threads · mean sentiment ${signed(cluster.meanSentiment)} · top terms: ${esc(cluster.topTerms.join(', ') || '—')}</p>`);
      if (cluster.quote) {
        const page = rows.find((row) => row.threadId === cluster.quote!.threadId)?.report.replace(/\.md$/, '.html');
        const where = page === undefined ? esc(cluster.quote.commentId) : `<a href="${esc(encodeURI(page))}#${esc(anchor(cluster.quote.commentId))}">${esc(cluster.quote.threadId)} / ${esc(cluster.quote.commentId)}</a>`;
        out.push(`<blockquote><p>${esc(cluster.quote.text)}</p><footer>— ${where}</footer></blockquote>`);
      }
    }
  }
  out.push('</section>');
  if (authors !== null && authors.authors.length > 0) {
    out.push(
      '<section aria-labelledby="authors">',
      '<h2 id="authors">Most active authors</h2>',
      '<table><thead><tr><th scope="col">Author</th><th scope="col" class="n">Comments</th><th scope="col" class="n">Threads</th><th scope="col" class="n">Disagreements given</th><th scope="col" class="n">Flagged</th></tr></thead><tbody>',
      ...authors.authors
        .slice(0, 15)
        .map((entry) => `<tr><td>${esc(entry.author)}</td><td class="n">${entry.comments}</td><td class="n">${entry.threads}</td><td class="n">${entry.disagreementsGiven}</td><td class="n">${entry.flagged}</td></tr>`),
      '</tbody></table>',
      '</section>',
    );
  }
  out.push('</main>');
  return page('Reader comments: the run', out.join('\n'));
}
