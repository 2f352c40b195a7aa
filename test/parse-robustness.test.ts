import { describe, expect, it } from 'vitest';
import { parse } from '../src/index.js';

/** A reply chain `depth` levels deep, each reply indented two columns deeper than the last. */
export function replyChain(depth: number): string {
  const out = [`${depth + 1} COMMENTS`, '', '  1. The start of a very long argument.', ''];
  for (let level = 1; level <= depth; level++) out.push(`${' '.repeat(2 + 2 * level)}• Reply at level ${level}.`, '');
  out.push('LEAVE A REPLY');
  return out.join('\n');
}

describe('large and deep input', () => {
  it('parses a 10 MB single line into an article body without losing a character', () => {
    const line = 'word '.repeat(2 * 1024 * 1024).trimEnd();
    const thread = parse(line, { file: 'one-line.txt' });
    expect(thread.comments).toEqual([]);
    expect(thread.article.body).toBe(line);
  });

  it('parses a 10 MB comment on a single line', () => {
    const text = 'x'.repeat(10 * 1024 * 1024);
    const thread = parse(`1 COMMENT\n\n  1. ${text}\n`, { file: 'huge-comment.txt' });
    expect(thread.comments).toHaveLength(1);
    expect(thread.comments[0]!.text).toBe(text);
  });

  it('parses a 10,000-level reply chain with every parent right and no stack overflow', () => {
    const thread = parse(replyChain(10_000), { file: 'chain.txt' });
    expect(thread.comments).toHaveLength(10_001);
    thread.comments.forEach((comment, index) => {
      expect(comment.depth).toBe(index);
      expect(comment.parentId).toBe(index === 0 ? null : `c${index}`);
    });
    expect(JSON.parse(JSON.stringify(thread))).toEqual(thread);
  });

  it('parses 20,000 sibling replies, each a one-bullet run, in one pass', () => {
    const out = ['20001 COMMENTS', '', '  1. Top.', ''];
    for (let index = 0; index < 20_000; index++) out.push(`    • Sibling ${index}.`, '');
    const thread = parse(out.join('\n'), { file: 'siblings.txt' });
    expect(thread.comments).toHaveLength(20_001);
    expect(thread.comments.every((comment, index) => comment.parentId === (index === 0 ? null : 'c1'))).toBe(true);
  });
});

describe('awkward text', () => {
  it('keeps comments whose text is exactly constructor or __proto__', () => {
    const thread = parse('2 COMMENTS\n\n  1. constructor\n\n    • __proto__\n', { file: 'proto.txt' });
    expect(thread.comments.map((comment) => comment.text)).toEqual(['constructor', '__proto__']);
    expect(JSON.parse(JSON.stringify(thread))).toEqual(thread);
  });

  it('ignores zero-width and bidi characters in indentation but keeps them in text', () => {
    const text = '1 COMMENTS\n\n\u200b  1. Top \u200fquoted\u200e.\n\n\u2067  \u00a0 • \u202eReply.\n';
    const thread = parse(text, { file: 'bidi.txt' });
    expect(thread.comments.map(({ parentId, depth, text: body }) => [parentId, depth, body])).toEqual([
      [null, 0, 'Top \u200fquoted\u200e.'],
      ['c1', 1, '\u202eReply.'],
    ]);
    expect(thread.diagnostics.map((diagnostic) => diagnostic.code)).not.toContain('uneven-indent');
  });
});
