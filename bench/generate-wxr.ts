/**
 * A deterministic generator of a large WordPress export (WXR 1.2) for the
 * reader benchmark: posts of 4–8 KB of block-editor HTML with post meta, and
 * 0–60 comments each (nested replies, a few pending, spam, trashed, pingbacks
 * and trackbacks), every comment with the fields and comment meta WordPress
 * writes. Its own vocabulary of defence and politics; written as a stream.
 *
 *   npx tsx bench/generate-wxr.ts out.xml 500000000 [seed]
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { seededRandom } from '../src/analyse/random.js';

const ACTORS = ['the defence secretary', 'the shadow minister', 'the chiefs of staff', 'the select committee', 'the treasury', 'the coalition partners', 'the alliance', 'the opposition front bench', 'procurement officials', 'the prime minister', 'the navy board', 'the army planners', 'regional governors', 'parliament', 'our northern allies', 'the finance ministry', 'the audit office', 'the veterans minister'];
const ACTIONS = ['has quietly shelved', 'is under pressure to fund', 'wants to accelerate', 'refused to rule out cuts to', 'will review', 'cannot justify', 'keeps postponing', 'promised to double', 'was warned about', 'has overspent on', 'must rethink', 'voted to extend', 'is lobbying hard for', 'briefed journalists against', 'still has no plan for'];
const PROGRAMMES = ['the frigate programme', 'the air defence upgrade', 'the ammunition stockpile', 'the reserve forces', 'the border deployment', 'the satellite contract', 'the cyber command budget', 'the helicopter replacement', 'conscription plans', 'pensions for veterans', 'the arms export licence', 'the tank modernisation', 'the drone purchase', 'the joint exercise', 'the peacekeeping mission', 'the shipyard workforce', 'the submarine refit', 'housing for service families'];
const CIRCUMSTANCES = ['despite warnings from its own auditors', 'after months of delay', 'before the next election', 'while the threat keeps growing', 'according to leaked documents', 'in a vote that surprised nobody', 'without any public consultation', 'as costs rose by a third', 'under pressure from the allies', 'for the second year running', 'once the spending review is out', 'with the summit only weeks away'];
const OPENERS = ['Frankly,', 'To be fair,', 'I doubt it, but', 'Spot on.', 'Come on,', 'Correct me if I am wrong, but', 'Every year the same story:', 'Hard to argue with that.', 'Not convinced.', 'As a former reservist,', 'Read the article again:', 'Well said.'];
const VERDICTS = ['Nobody will be held responsible.', 'The numbers simply do not add up.', 'That is what happens when budgets are set by accountants.', 'Deterrence is cheaper than war.', 'We have heard this before.', 'Voters deserve a straight answer.', 'Give it five years and see.', 'The crews deserve better.', 'Someone should resign over this.', 'Industry will be laughing all the way to the bank.', 'At least somebody is asking the question.'];
const HEADLINES = ['Ministry delays decision on', 'Questions mount over', 'Allies press for clarity on', 'Committee report criticises', 'Budget squeeze threatens', 'New minister pledges to fix', 'Unions warn over', 'Leaked memo reveals doubts about'];
const FIRST_NAMES = ['Alex', 'Bronwen', 'Callum', 'Dagny', 'Eamon', 'Farah', 'Gareth', 'Hana', 'Ivo', 'Jolene', 'Kasper', 'Lorna', 'Mehmet', 'Nia', 'Oskar', 'Petra', 'Quentin', 'Rosa', 'Stellan', 'Tamsin', 'Ulrich', 'Vesna', 'Wyn', 'Yusuf', 'Zofia'];
const LAST_NAMES = ['Abbott', 'Brenner', 'Carradine', 'Duval', 'Eklund', 'Fairbairn', 'Grieve', 'Holm', 'Iqbal', 'Jaworski', 'Kerr', 'Lindqvist', 'Moreau', 'Nakamura', 'Orr', 'Pryce', 'Quist', 'Rahman', 'Sorensen', 'Tait'];
const HANDLES = ['OldSalt', 'BudgetHawk', 'ReservistRob', 'DeskAnalyst', 'FlankGuard', 'HarbourWatcher', 'QuietPatriot', 'LogisticsLass', 'ExSapper', 'PolicyWonk'];
const CATEGORIES = ['Naval', 'Land forces', 'Air power', 'Budget', 'Politics', 'Industry', 'Veterans'];
const META_KEYS = ['_edit_last', '_thumbnail_id', '_yoast_wpseo_metadesc', '_wp_page_template', 'views_count'];

type Next = () => number;

function pick<T>(next: Next, list: readonly T[]): T {
  return list[Math.floor(next() * list.length)]!;
}

function between(next: Next, low: number, high: number): number {
  return low + Math.floor(next() * (high - low + 1));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function sentence(next: Next): string {
  return `${capitalise(pick(next, ACTORS))} ${pick(next, ACTIONS)} ${pick(next, PROGRAMMES)} ${pick(next, CIRCUMSTANCES)}.`;
}

/** A CDATA section, split where the text holds `]]>` (as WordPress does). */
function cdata(text: string): string {
  return `<![CDATA[${text.replaceAll(']]>', ']]]]><![CDATA[>')}]]>`;
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** `2024-03-05 14:07:09` for a time in milliseconds (UTC fields). */
function wpTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** About `size` characters of block-editor HTML: paragraphs, a heading, a list, a quote, links. */
function postContent(next: Next, size: number): string {
  const blocks: string[] = [];
  let length = 0;
  while (length < size) {
    const roll = next();
    let block: string;
    if (roll < 0.08 && blocks.length > 0) {
      block = `<!-- wp:heading -->\n<h2 class="wp-block-heading">${capitalise(pick(next, PROGRAMMES))}: what happens next</h2>\n<!-- /wp:heading -->`;
    } else if (roll < 0.14) {
      const items = Array.from({ length: between(next, 3, 5) }, () => `<li>${sentence(next)}</li>`).join('');
      block = `<!-- wp:list -->\n<ul class="wp-block-list">${items}</ul>\n<!-- /wp:list -->`;
    } else if (roll < 0.19) {
      block = `<!-- wp:quote -->\n<blockquote class="wp-block-quote"><p>&ldquo;${sentence(next)}&rdquo;</p><cite>${pick(next, FIRST_NAMES)} ${pick(next, LAST_NAMES)}</cite></blockquote>\n<!-- /wp:quote -->`;
    } else {
      const sentences = Array.from({ length: between(next, 3, 6) }, () => sentence(next));
      if (next() < 0.4) sentences[1] = `<a href="https://defence-desk.example.org/${slugify(pick(next, PROGRAMMES))}/">${sentences[1]!.slice(0, -1)}</a>.`;
      if (next() < 0.3) sentences[0] = `<strong>${sentences[0]}</strong>`;
      block = `<!-- wp:paragraph -->\n<p>${sentences.join(' ')}</p>\n<!-- /wp:paragraph -->`;
    }
    blocks.push(block);
    length += block.length + 2;
  }
  return blocks.join('\n\n');
}

/** A reader's comment: one to four short paragraphs, now and then a quote, a link or an ampersand. */
function commentContent(next: Next): string {
  const paragraphs: string[] = [];
  const count = next() < 0.6 ? 1 : between(next, 2, 4);
  for (let k = 0; k < count; k++) {
    const parts = [k === 0 ? `${pick(next, OPENERS)} ${sentence(next).replace(/^./, (c) => c.toLowerCase())}` : sentence(next)];
    if (next() < 0.5) parts.push(pick(next, VERDICTS));
    if (next() < 0.1) parts.push(`Costs &amp; delays, as ever.`);
    if (next() < 0.08) parts.push(`See <a href="https://defence-desk.example.org/analysis/${between(next, 100, 999)}" rel="nofollow ugc">this analysis</a>.`);
    paragraphs.push(parts.join(' '));
  }
  if (next() < 0.07) paragraphs.unshift(`<blockquote>${sentence(next)}</blockquote>`);
  if (next() < 0.01) paragraphs.push('Arrays in code look like a[b[0]]> sometimes.');
  return paragraphs.join('\n\n');
}

interface Author {
  name: string;
  email: string;
  url: string;
  ip: string;
  userId: number;
}

function commenter(next: Next): Author {
  const handle = next() < 0.35;
  const first = pick(next, FIRST_NAMES);
  const last = pick(next, LAST_NAMES);
  const name = handle ? `${pick(next, HANDLES)}${between(next, 1, 99)}` : `${first} ${last}`;
  return {
    name,
    email: `${slugify(name).replaceAll('-', '.')}@mail.example.net`,
    url: next() < 0.2 ? `https://${slugify(last)}.example.com/` : '',
    ip: `${pick(next, ['192.0.2', '198.51.100', '203.0.113'])}.${between(next, 1, 254)}`,
    userId: next() < 0.05 ? between(next, 2, 40) : 0,
  };
}

/** One `<wp:comment>` record. */
function commentXml(next: Next, id: number, parent: number, gmt: number, offsetMs: number, kind: 'comment' | 'pending' | 'spam' | 'trash' | 'pingback' | 'trackback'): string {
  const linkback = kind === 'pingback' || kind === 'trackback';
  const author: Author = linkback
    ? { name: `${pick(next, LAST_NAMES)} on Defence &raquo; ${capitalise(pick(next, PROGRAMMES))}`, email: '', url: `https://${slugify(pick(next, LAST_NAMES))}-blog.example.com/${between(next, 1, 500)}/`, ip: `198.51.100.${between(next, 1, 254)}`, userId: 0 }
    : commenter(next);
  const content = linkback ? `[&#8230;] ${sentence(next)} [&#8230;]` : kind === 'spam' ? `Great post!!! <a href="https://deals.example.com/${between(next, 1, 99)}">Cheap offers here</a>` : commentContent(next);
  const approved = kind === 'pending' ? '0' : kind === 'spam' ? 'spam' : kind === 'trash' ? 'trash' : '1';
  const meta: string[] = [];
  if (!linkback && next() < 0.6) {
    meta.push(`\t\t\t<wp:commentmeta>\n\t\t\t\t<wp:meta_key>${cdata('akismet_result')}</wp:meta_key>\n\t\t\t\t<wp:meta_value>${cdata(kind === 'spam' ? 'true' : 'false')}</wp:meta_value>\n\t\t\t</wp:commentmeta>\n`);
    meta.push(`\t\t\t<wp:commentmeta>\n\t\t\t\t<wp:meta_key>${cdata('akismet_history')}</wp:meta_key>\n\t\t\t\t<wp:meta_value>${cdata(`a:2:{s:4:"time";d:${(gmt / 1000).toFixed(1)};s:5:"event";s:9:"check-ham";}`)}</wp:meta_value>\n\t\t\t</wp:commentmeta>\n`);
  }
  return (
    `\t\t<wp:comment>\n` +
    `\t\t\t<wp:comment_id>${id}</wp:comment_id>\n` +
    `\t\t\t<wp:comment_author>${cdata(author.name)}</wp:comment_author>\n` +
    `\t\t\t<wp:comment_author_email>${cdata(author.email)}</wp:comment_author_email>\n` +
    `\t\t\t<wp:comment_author_url>${author.url}</wp:comment_author_url>\n` +
    `\t\t\t<wp:comment_author_IP>${cdata(author.ip)}</wp:comment_author_IP>\n` +
    `\t\t\t<wp:comment_date>${cdata(wpTime(gmt + offsetMs))}</wp:comment_date>\n` +
    `\t\t\t<wp:comment_date_gmt>${cdata(wpTime(gmt))}</wp:comment_date_gmt>\n` +
    `\t\t\t<wp:comment_content>${cdata(content)}</wp:comment_content>\n` +
    `\t\t\t<wp:comment_approved>${cdata(approved)}</wp:comment_approved>\n` +
    `\t\t\t<wp:comment_type>${cdata(linkback ? kind : 'comment')}</wp:comment_type>\n` +
    `\t\t\t<wp:comment_parent>${parent}</wp:comment_parent>\n` +
    `\t\t\t<wp:comment_user_id>${author.userId}</wp:comment_user_id>\n` +
    meta.join('') +
    `\t\t</wp:comment>\n`
  );
}

/** One `<item>` with its comments; returns the XML and the number of comments in it. */
function itemXml(next: Next, postId: number, firstCommentId: number, gmt: number): { xml: string; comments: number } {
  const offsetMs = 3_600_000;
  const programme = pick(next, PROGRAMMES);
  const title = `${pick(next, HEADLINES)} ${programme}`;
  const slug = `${slugify(title)}-${postId}`;
  const category = pick(next, CATEGORIES);
  const author = slugify(pick(next, LAST_NAMES));
  const day = new Date(gmt).toISOString().slice(0, 10).replaceAll('-', '/');
  const link = `https://defence-desk.example.org/${day}/${slug}/`;
  const content = postContent(next, between(next, 4000, 8000));
  const meta = META_KEYS.filter(() => next() < 0.7).map((key) => {
    const value = key === '_yoast_wpseo_metadesc' ? sentence(next) : key === '_wp_page_template' ? 'default' : String(between(next, 1, 5000));
    return `\t\t<wp:postmeta>\n\t\t\t<wp:meta_key>${cdata(key)}</wp:meta_key>\n\t\t\t<wp:meta_value>${cdata(value)}</wp:meta_value>\n\t\t</wp:postmeta>\n`;
  });

  const count = next() < 0.15 ? 0 : next() < 0.8 ? between(next, 1, 25) : between(next, 26, 60);
  const comments: string[] = [];
  /** Ids of comments a reply may answer (not pingbacks, spam or trash), most recent last. */
  const answerable: number[] = [];
  let time = gmt + between(next, 5, 90) * 60_000;
  for (let k = 0; k < count; k++) {
    const id = firstCommentId + k;
    time += between(next, 1, 180) * 60_000;
    const roll = next();
    const kind = roll < 0.03 ? 'pending' : roll < 0.05 ? 'spam' : roll < 0.055 ? 'trash' : roll < 0.075 ? 'pingback' : roll < 0.085 ? 'trackback' : 'comment';
    let parent = 0;
    if (kind !== 'pingback' && kind !== 'trackback' && answerable.length > 0 && next() < 0.55) {
      // Mostly answering one of the last few comments, which makes chains as well as bushes.
      const back = next() < 0.7 ? between(next, 1, Math.min(3, answerable.length)) : between(next, 1, answerable.length);
      parent = answerable[answerable.length - back]!;
    }
    comments.push(commentXml(next, id, parent, time, offsetMs, kind));
    if (kind === 'comment' || kind === 'pending') answerable.push(id);
  }

  const xml =
    `\t<item>\n` +
    `\t\t<title>${escapeXml(title)}</title>\n` +
    `\t\t<link>${link}</link>\n` +
    `\t\t<pubDate>${new Date(gmt).toUTCString().replace('GMT', '+0000')}</pubDate>\n` +
    `\t\t<dc:creator>${cdata(author)}</dc:creator>\n` +
    `\t\t<guid isPermaLink="false">https://defence-desk.example.org/?p=${postId}</guid>\n` +
    `\t\t<description></description>\n` +
    `\t\t<content:encoded>${cdata(content)}</content:encoded>\n` +
    `\t\t<excerpt:encoded>${cdata(next() < 0.3 ? sentence(next) : '')}</excerpt:encoded>\n` +
    `\t\t<wp:post_id>${postId}</wp:post_id>\n` +
    `\t\t<wp:post_date>${cdata(wpTime(gmt + offsetMs))}</wp:post_date>\n` +
    `\t\t<wp:post_date_gmt>${cdata(wpTime(gmt))}</wp:post_date_gmt>\n` +
    `\t\t<wp:post_modified>${cdata(wpTime(gmt + offsetMs + 600_000))}</wp:post_modified>\n` +
    `\t\t<wp:post_modified_gmt>${cdata(wpTime(gmt + 600_000))}</wp:post_modified_gmt>\n` +
    `\t\t<wp:comment_status>${cdata('open')}</wp:comment_status>\n` +
    `\t\t<wp:ping_status>${cdata('open')}</wp:ping_status>\n` +
    `\t\t<wp:post_name>${cdata(slug)}</wp:post_name>\n` +
    `\t\t<wp:status>${cdata('publish')}</wp:status>\n` +
    `\t\t<wp:post_parent>0</wp:post_parent>\n` +
    `\t\t<wp:menu_order>0</wp:menu_order>\n` +
    `\t\t<wp:post_type>${cdata('post')}</wp:post_type>\n` +
    `\t\t<wp:post_password>${cdata(next() < 0.01 ? 'briefing' : '')}</wp:post_password>\n` +
    `\t\t<wp:is_sticky>0</wp:is_sticky>\n` +
    `\t\t<category domain="category" nicename="${slugify(category)}">${cdata(category)}</category>\n` +
    meta.join('') +
    comments.join('') +
    `\t</item>\n`;
  return { xml, comments: count };
}

function header(): string {
  const categories = CATEGORIES.map(
    (name, k) => `\t<wp:category>\n\t\t<wp:term_id>${k + 2}</wp:term_id>\n\t\t<wp:category_nicename>${cdata(slugify(name))}</wp:category_nicename>\n\t\t<wp:category_parent>${cdata('')}</wp:category_parent>\n\t\t<wp:cat_name>${cdata(name)}</wp:cat_name>\n\t</wp:category>\n`,
  );
  return (
    `<?xml version="1.0" encoding="UTF-8" ?>\n` +
    `<!-- generator="WordPress/6.5.3" created="2024-06-01 00:00" -->\n` +
    `<rss version="2.0"\n\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n\txmlns:dc="http://purl.org/dc/elements/1.1/"\n\txmlns:wp="http://wordpress.org/export/1.2/"\n>\n\n` +
    `<channel>\n` +
    `\t<title>Defence Desk</title>\n` +
    `\t<link>https://defence-desk.example.org</link>\n` +
    `\t<description>Defence and politics, argued over daily</description>\n` +
    `\t<pubDate>Sat, 01 Jun 2024 00:00:00 +0000</pubDate>\n` +
    `\t<language>en-GB</language>\n` +
    `\t<wp:wxr_version>1.2</wp:wxr_version>\n` +
    `\t<wp:base_site_url>https://defence-desk.example.org</wp:base_site_url>\n` +
    `\t<wp:base_blog_url>https://defence-desk.example.org</wp:base_blog_url>\n\n` +
    categories.join('') +
    `\n\t<generator>https://wordpress.org/?v=6.5.3</generator>\n\n`
  );
}

const FOOTER = `</channel>\n</rss>\n`;

/**
 * Writes a WordPress export of about `targetBytes` bytes (UTF-8) to `path`,
 * the same file for the same seed; returns the posts written, the
 * `<wp:comment>` records among them (shown or not) and the bytes.
 */
export async function generateWxr(path: string, targetBytes: number, seed: number): Promise<{ posts: number; comments: number; bytes: number }> {
  const next = seededRandom(seed);
  const out = createWriteStream(path, { encoding: 'utf8' });
  let bytes = 0;
  const write = async (text: string): Promise<void> => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  let posts = 0;
  let comments = 0;
  let gmt = Date.UTC(2021, 0, 4, 8, 0, 0);
  await write(header());
  while (bytes + FOOTER.length < targetBytes) {
    const item = itemXml(next, 1000 + posts, 10_000 + comments, gmt);
    await write(item.xml);
    posts++;
    comments += item.comments;
    gmt += between(next, 2, 20) * 3_600_000;
  }
  await write(FOOTER);
  out.end();
  await finished(out);
  return { posts, comments, bytes };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, size, seed] = process.argv.slice(2);
  if (file === undefined || size === undefined) {
    process.stderr.write('usage: tsx bench/generate-wxr.ts <out.xml> <bytes> [seed]\n');
    process.exit(2);
  }
  const result = await generateWxr(file, Number(size), seed === undefined ? 20240601 : Number(seed));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
