import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../src/index.js';
import { treeShape } from './helpers.js';
import { bounded, timed } from './property.js';

/** A comment as the generator builds it: blocks of text, replies, and how many levels its replies skip. */
interface GeneratedComment {
  blocks: Block[];
  replies: GeneratedComment[];
  /** Extra levels each reply's indentation skips, non-increasing so the layout stays unambiguous. */
  skips: number[];
}
type Block = { kind: 'paragraph'; lines: string[] } | { kind: 'list'; items: string[] };

const FIRST_WORDS = ['Putin', 'NATO', 'Surely', 'The', 'Hmm', 'naïve', 'Escalation', 'I’d', '“Irreversible”', 'Buffer', 'Ukraine'];
const WORDS = [...FIRST_WORDS, 'zone', 'appeasement', 'won’t', 'of', 'a', '10.', '3', '-', '•', '*', '1.', 'COMMENTS', 'reply', '&', '|', '😀'];

const line = fc
  .tuple(fc.constantFrom(...FIRST_WORDS), fc.array(fc.constantFrom(...WORDS), { maxLength: 8 }))
  .map(([first, rest]) => [first, ...rest].join(' '));
const paragraph = fc.array(line, { minLength: 1, maxLength: 3 }).map((lines): Block => ({ kind: 'paragraph', lines }));
const list = fc.array(line, { minLength: 1, maxLength: 3 }).map((items): Block => ({ kind: 'list', items }));

/** Blocks start with a paragraph; a one-item list is always followed by a paragraph (else it would read as a reply). */
const blocks = fc
  .tuple(paragraph, fc.array(fc.tuple(list, paragraph, fc.boolean()), { maxLength: 2 }), fc.option(list, { nil: undefined }))
  .map(([first, middle, last]) => {
    const result: Block[] = [first];
    for (const [items, text, withList] of middle) result.push(...(withList ? [items, text] : [text]));
    if (last && last.kind === 'list' && last.items.length >= 2) result.push(last);
    return result;
  });

/** Comments with replies nested at most `levels` deep. */
function commentTree(levels: number): fc.Arbitrary<GeneratedComment> {
  const replies: fc.Arbitrary<GeneratedComment[]> = levels === 0 ? fc.constant([]) : fc.array(commentTree(levels - 1), { maxLength: 3 });
  return fc
    .tuple(blocks, replies, fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 3, maxLength: 3 }))
    .map(([body, children, skips]) => ({
      blocks: body,
      replies: children,
      skips: skips.slice(0, children.length).sort((a, b) => b - a),
    }));
}
const comment = commentTree(3);

type Expected = { id: string; parentId: string | null; depth: number; text: string };

function blockText(block: Block): string {
  return block.kind === 'paragraph' ? block.lines.join('\n') : block.items.map((item) => `• ${item}`).join('\n');
}

/** Renders generated top-level comments as a UKDJ dump, and says which tree it should parse to. */
function render(topLevel: GeneratedComment[]): { text: string; expected: Expected[] } {
  const out = ['An article about buffer zones and escalation', '', 'Body of the article.', '', 'COUNT', ''];
  const expected: Expected[] = [];
  const visit = (node: GeneratedComment, depth: number, parentId: string | null, marker: string): void => {
    const id = `c${expected.length + 1}`;
    expected.push({ id, parentId, depth, text: node.blocks.map(blockText).join('\n\n') });
    const indent = ' '.repeat(2 + 2 * depth);
    const content = indent + '  ';
    node.blocks.forEach((block, index) => {
      const lines = block.kind === 'paragraph' ? block.lines : block.items.map((item) => `• ${item}`);
      if (index > 0) out.push('');
      lines.forEach((text, lineIndex) => out.push(index === 0 && lineIndex === 0 ? `${indent}${marker} ${text}` : content + text));
    });
    out.push('');
    node.replies.forEach((reply, index) => visit(reply, depth + 1 + node.skips[index]!, id, '•'));
  };
  topLevel.forEach((node, index) => visit(node, 0, null, `${index + 1}.`));
  out.push('LEAVE A REPLY', '', 'Please enter your comment!');
  // Declare more comments than are shown, as real pages do: a count-mismatch warning is expected.
  out[out.indexOf('COUNT')] = `${expected.length + 7} COMMENTS`;
  return { text: out.join('\n') + '\n', expected };
}

/** The same dump with other line ends, a BOM, and tabs or no-break spaces in the indentation. */
function disguise(text: string, lineEnd: string, bom: boolean, indentation: 'spaces' | 'tabs' | 'nbsp'): string {
  const lines = text.split('\n').map((row) => {
    const width = /^ */.exec(row)![0].length;
    const rest = row.slice(width);
    if (indentation === 'tabs') return '\t'.repeat(Math.floor(width / 8)) + ' '.repeat(width % 8) + rest;
    if (indentation === 'nbsp') return '\u00a0'.repeat(width) + rest;
    return row;
  });
  return (bom ? '\ufeff' : '') + lines.join(lineEnd);
}

describe('rendering any tree as a dump and parsing it back', () => {
  it('gives the same tree (multi-paragraph bodies, in-comment lists, skipped levels, wrapped lines)', () => {
    fc.assert(
      fc.property(
        fc.array(comment, { minLength: 1, maxLength: 4 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        fc.constantFrom('spaces' as const, 'tabs' as const, 'nbsp' as const),
        timed(2000, (topLevel, lineEnd, bom, indentation) => {
          const { text, expected } = render(topLevel);
          const thread = parse(disguise(text, lineEnd, bom, indentation), { file: 'generated.txt' });
          expect(treeShape(thread)).toEqual(expected);
          const skipped = expected.filter((node) => node.parentId !== null && node.depth > expected.find((p) => p.id === node.parentId)!.depth + 1);
          expect(thread.diagnostics.filter((d) => d.code === 'skipped-depth')).toHaveLength(skipped.length);
          expect(thread.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.code).sort()).toEqual(
            [...skipped.map(() => 'skipped-depth'), 'count-mismatch'].sort(),
          );
        }),
      ),
      bounded(60_000, { numRuns: 300, seed: 20261122 }),
    );
  });
});
