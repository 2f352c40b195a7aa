import type { InputFormat, RecordColumns } from './types.js';

/** How much of the start of a file the format is told from. */
export const SNIFF_CHARACTERS = 64 * 1024;

/**
 * The format of an input, told from its first characters (see
 * SNIFF_CHARACTERS) and, for CSV only, its file name:
 * - `wxr`: XML whose root is `<rss>` with the `wp:` namespace (a WordPress export);
 * - `disqus`: XML whose root is `<disqus>`;
 * - `wordpress-html`: an HTML page (a doctype, or an `<html>`, `<head>` or `<body>` tag);
 * - `jsonl`: the first line that is not blank is a JSON object (`{…}`);
 * - `csv`: a `.csv` file, or a first line whose comma-separated cells name both the id and the text column;
 * - `text`: anything else — a page dump.
 */
export function detectFormat(head: string, file: string, columns: RecordColumns): InputFormat {
  const start = head.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('<')) {
    const root = rootElement(start);
    if (root === 'rss' && /xmlns:wp\s*=|<wp:wxr_version\b/.test(start)) return 'wxr';
    if (root === 'disqus') return 'disqus';
    if (root === 'html' || /^<!doctype\s+html/i.test(start) || /<(html|head|body)\b/i.test(start)) return 'wordpress-html';
    return 'text';
  }
  const firstLine = start.split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.startsWith('{')) return 'jsonl';
  if (/\.csv$/i.test(file)) return 'csv';
  const cells = firstLine.split(',').map((cell) => cell.trim().replace(/^"|"$/g, '').toLowerCase());
  if (cells.length > 1 && cells.includes(columns.id.toLowerCase()) && cells.includes(columns.text.toLowerCase())) return 'csv';
  return 'text';
}

/** The name of the first element of an XML or HTML text (after its prolog, comments and doctype), lower case; null when none. */
function rootElement(text: string): string | null {
  let rest = text;
  for (;;) {
    rest = rest.trimStart();
    if (rest.startsWith('<?')) rest = rest.slice(rest.indexOf('?>') + 2 || rest.length);
    else if (rest.startsWith('<!--')) rest = rest.slice(rest.indexOf('-->') + 3 || rest.length);
    else if (/^<!doctype/i.test(rest)) rest = rest.slice(rest.indexOf('>') + 1 || rest.length);
    else break;
    if (rest === '') return null;
  }
  const match = /^<([A-Za-z][\w:.-]*)/.exec(rest);
  return match === null ? null : match[1]!.toLowerCase();
}
