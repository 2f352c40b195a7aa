import { parseFragment } from 'parse5';
import type { DefaultTreeAdapterMap } from 'parse5';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

/** Elements whose content ends a paragraph (a blank line between them in the text). */
const BLOCKS = new Set(['p', 'div', 'blockquote', 'pre', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'tr', 'section', 'article', 'figure', 'figcaption', 'header', 'footer', 'dl', 'dt', 'dd', 'hr']);
/** Elements whose content is never text a reader sees. */
const HIDDEN = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object', 'svg', 'math', 'head', 'title']);

/**
 * The text a reader sees in an HTML fragment (a comment's HTML in an export
 * or on a page): entities decoded, tags gone, links reduced to their text,
 * `<br>` a line break, paragraphs and other blocks separated by a blank line,
 * runs of spaces made one. Scripts and styles give nothing. Markup is never
 * passed through: whatever the fragment says, the result is plain text.
 *
 * With `newlines` (a comment as WordPress and Disqus store it, shown through
 * `wpautop`), a blank line in the text also ends a paragraph and a single
 * newline is a line break; otherwise newlines are spaces, as in a page.
 */
export function htmlToText(html: string, options: { newlines?: boolean } = {}): string {
  return elementText(parseFragment(html).childNodes, options);
}

/** The text of an element already parsed (its children), as {@link htmlToText} reads it. */
export function elementText(nodes: readonly Node[], options: { newlines?: boolean } = {}): string {
  const paragraphs: string[][] = [[]];
  let line = '';
  const endLine = (): void => {
    const trimmed = line.replace(/[ \t\n\r\f]+/g, ' ').trim();
    if (trimmed !== '') paragraphs[paragraphs.length - 1]!.push(trimmed);
    line = '';
  };
  const endParagraph = (): void => {
    endLine();
    if (paragraphs[paragraphs.length - 1]!.length > 0) paragraphs.push([]);
  };
  // Depth first without recursion: a fragment can nest as deep as it likes.
  const stack: Array<{ node: Node; closing: boolean }> = [...nodes].reverse().map((node) => ({ node, closing: false }));
  while (stack.length > 0) {
    const { node, closing } = stack.pop()!;
    if (closing) {
      endParagraph();
      continue;
    }
    if (node.nodeName === '#text') {
      const value = (node as DefaultTreeAdapterMap['textNode']).value;
      if (!options.newlines || !value.includes('\n')) {
        line += value;
        continue;
      }
      value.split(/\r?\n[ \t]*\r?\n\s*/).forEach((paragraph, p) => {
        if (p > 0) endParagraph();
        paragraph.split(/\r?\n/).forEach((part, k) => {
          if (k > 0) endLine();
          line += part;
        });
      });
      continue;
    }
    if (!('tagName' in node)) continue;
    const element = node as Element;
    if (HIDDEN.has(element.tagName)) continue;
    if (element.tagName === 'br') {
      endLine();
      continue;
    }
    const block = BLOCKS.has(element.tagName);
    if (block) {
      endParagraph();
      stack.push({ node, closing: true });
    }
    const children = element.tagName === 'template' ? [] : element.childNodes;
    for (let k = children.length - 1; k >= 0; k--) stack.push({ node: children[k]!, closing: false });
  }
  endLine();
  return paragraphs
    .filter((paragraph) => paragraph.length > 0)
    .map((paragraph) => paragraph.join('\n'))
    .join('\n\n');
}
