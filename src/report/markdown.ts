/**
 * Showing user text in Markdown as text: no raw HTML, no links, images or
 * @mentions, nothing that breaks a table. Renders the same on GitHub and
 * GitLab and stays readable as plain text.
 */
import { foldSpaces } from '../analyse/text.js';

/** Links, e-mail addresses and @mentions: shown as code so no renderer links them. */
const LINKISH = /\b(?:https?:\/\/|ftp:\/\/|www\.)[^\s<>]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<![\w@])@[\w.-]+/giu;
/**
 * Characters with a meaning in Markdown or HTML; a backslash makes each
 * literal. (`!` needs none: an image also needs `[`, which is escaped.) An
 * `&` that starts an entity (`&amp;`, `&#39;`) is escaped too, so the entity
 * shows as typed; any other `&` means itself already.
 */
const SPECIAL = /[\\`*_[\]<>|#~$]|&(?=#?[a-z0-9]+;)/gi;

/** An inline code span that holds any text, backticks included. */
export function code(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function escapeSegment(text: string): string {
  return HAS_SPECIAL.test(text) ? text.replace(SPECIAL, (char) => `\\${char}`) : text;
}

const HAS_SPECIAL = new RegExp(SPECIAL.source, 'i');

/** One line of user text, safe anywhere inline (table cells included): whitespace folded. */
export function inline(text: string): string {
  const flat = foldSpaces(text);
  let out = '';
  let last = 0;
  // Most comments hold nothing LINKISH finds; telling so by its marks is far cheaper than the search itself.
  const linkish = flat.includes('@') || flat.includes('://') || /www\./i.test(flat);
  for (const match of linkish ? flat.matchAll(LINKISH) : []) {
    out += escapeSegment(flat.slice(last, match.index)) + code(match[0]);
    last = match.index + match[0].length;
  }
  out += escapeSegment(flat.slice(last));
  // A line that starts like a list item or a numbered list would turn into one.
  return out.replace(/^([-+]|\d+[.)])(?=\s|$)/, (marker) => (marker.length === 1 ? `\\${marker}` : `${marker.slice(0, -1)}\\${marker.slice(-1)}`));
}

/** User text as a block quote, one quoted line per line of text, blank lines kept. */
export function quote(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => (line.trim() === '' ? '>' : `> ${inline(line)}`))
    .join('\n');
}

/** The first `length` characters of a text, cut at a word, for previews. */
export function excerpt(text: string, length: number): string {
  // Folding a long text's opening gives the opening of the folded text: enough, unless its spaces folded it short.
  const head = text.length > 2 * length ? foldSpaces(text.slice(0, 2 * length)) : '';
  const flat = head.length > length ? head : foldSpaces(text);
  if (flat.length <= length) return flat;
  const cut = flat.slice(0, length);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), length * 0.6)).trimEnd()}…`;
}

/** A Markdown table; cells are already inline-safe. */
export function table(header: string[], rows: string[][], align?: Array<'left' | 'right'>): string {
  const rule = header.map((_, i) => (align?.[i] === 'right' ? '---:' : '---'));
  return [header, rule, ...rows].map((row) => `| ${row.join(' | ')} |`).join('\n');
}

/** A label inside a Mermaid chart: no quotes, brackets or line breaks, and short. */
export function chartLabel(text: string): string {
  const clean = text.replace(/["'`[\]{}<>\\;#]/g, '').replace(/\s+/g, ' ').trim();
  return clean.length > 28 ? `${clean.slice(0, 27).trimEnd()}…` : clean || '—';
}

/**
 * A bar for a value in [−1, 1] drawn from a zero line in the middle, in
 * `width` characters each side: `▓▓▓│` for a negative value, `│▓▓` for a
 * positive one, so the bar's length is the value's size and its side its sign.
 */
export function divergingBar(value: number, width = 10): string {
  const cells = Math.round(Math.min(1, Math.abs(value)) * width);
  const bar = '▓'.repeat(cells);
  const blank = '\u2007'.repeat(width - cells);
  return value < 0 ? `${blank}${bar}│${'\u2007'.repeat(width)}` : `${'\u2007'.repeat(width)}│${bar}${blank}`;
}

/** A fenced Mermaid block. */
export function mermaid(lines: string[]): string {
  return ['```mermaid', ...lines, '```'].join('\n');
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** A number with its sign (a real minus sign); one that rounds to zero is shown without one. */
export function signed(value: number, digits = 2): string {
  const text = Math.abs(value).toFixed(digits);
  if (Number(text) === 0) return text;
  return value > 0 ? `+${text}` : `−${text}`;
}
