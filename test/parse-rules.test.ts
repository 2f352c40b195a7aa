import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from '../src/index.js';
import { renderThreadJson } from '../src/report/json.js';
import { FIXTURES, expectGolden, treeShape } from './helpers.js';

const RULES = path.join(FIXTURES, 'rules');
const parseFixture = (name: string) =>
  parse(readFileSync(path.join(RULES, `${name}.txt`)), { file: `test/fixtures/rules/${name}.txt` });
const codes = (name: string) => parseFixture(name).diagnostics.map((diagnostic) => diagnostic.code);

describe('golden fixtures, one per parser rule', () => {
  for (const name of readdirSync(RULES).filter((file) => file.endsWith('.txt')).map((file) => file.slice(0, -4))) {
    it(`${name} matches ${name}.json`, () => {
      expectGolden(renderThreadJson([parseFixture(name)], true), path.join(RULES, `${name}.json`));
    });
  }
});

describe('parser rules', () => {
  it('reads a singular, lower-case count line and stops at the reply form', () => {
    const thread = parseFixture('count-line-singular');
    expect(thread.article.declaredCommentCount).toBe(1);
    expect(thread.comments.map((comment) => comment.text)).toEqual(['Only one comment here.']);
    expect(codes('count-line-singular')).not.toContain('count-mismatch');
  });

  it('gives zero comments and an info diagnostic when there is no count line', () => {
    const thread = parseFixture('no-comment-section');
    expect(thread.comments).toEqual([]);
    expect(thread.format).toBe('article');
    expect(thread.diagnostics).toContainEqual(expect.objectContaining({ severity: 'info', code: 'no-comment-section' }));
    expect(thread.article.author).toBe('Jane Doe');
  });

  it('accepts top-level numbers of any length', () => {
    const thread = parseFixture('multi-digit-numbers');
    const topLevel = thread.comments.filter((comment) => comment.parentId === null);
    expect(topLevel.map((comment) => comment.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(thread.comments.at(-1)).toMatchObject({ parentId: topLevel[10]!.id, depth: 1 });
    expect(codes('multi-digit-numbers')).toEqual([]);
  });

  it('accepts ◦ ▪ - * as reply bullets', () => {
    expect(treeShape(parseFixture('bullet-variants'))).toEqual([
      { id: 'c1', parentId: null, depth: 0, text: 'Top-level comment.' },
      { id: 'c2', parentId: 'c1', depth: 1, text: 'Reply with a white bullet.' },
      { id: 'c3', parentId: 'c2', depth: 2, text: 'Reply with a square bullet.' },
      { id: 'c4', parentId: 'c1', depth: 1, text: 'Reply with a hyphen.' },
      { id: 'c5', parentId: 'c4', depth: 2, text: 'Reply with an asterisk.' },
    ]);
  });

  it('keeps adjacent bullet items inside their comment, and still sees the reply after them', () => {
    const [top, withList, reply, second] = parseFixture('list-adjacent-items').comments;
    expect(withList).toMatchObject({ parentId: top!.id, depth: 1, flags: ['list'] });
    expect(withList!.text).toBe('I feel two ways about this:\n\n• first point of my own list\n• second point of my own list');
    expect(reply).toMatchObject({ parentId: withList!.id, depth: 2, text: 'A real reply to the comment above.' });
    expect(second).toMatchObject({ parentId: null, number: 2 });
  });

  it('keeps a bullet followed by text at its own indentation inside the comment', () => {
    const comments = parseFixture('list-followed-by-text').comments;
    expect(comments).toHaveLength(2);
    expect(comments[0]!.text).toContain('• the bullet point\n\nAnd text after it');
    expect(comments[1]).toMatchObject({ parentId: 'c1', text: 'This one is a reply: its own text sits deeper.\nLike this wrapped line.' });
  });

  it('keeps a numbered list inside its comment', () => {
    const comments = parseFixture('numbered-list-in-comment').comments;
    expect(comments).toHaveLength(1);
    expect(comments[0]!.text).toBe('My reasons, numbered:\n1. first reason\n2. second reason\n\nThat is all.');
  });

  it('attaches a reply that skips levels to the nearest shallower comment, keeping its depth, with a warning', () => {
    const thread = parseFixture('skipped-depth');
    expect(thread.comments.map(({ parentId, depth }) => [parentId, depth])).toEqual([
      [null, 0],
      ['c1', 1],
      ['c2', 3],
      ['c2', 2],
      ['c4', 4],
    ]);
    const warnings = thread.diagnostics.filter((diagnostic) => diagnostic.code === 'skipped-depth');
    expect(warnings.map(({ line, column }) => [line, column])).toEqual([
      [7, 9],
      [11, 11],
    ]);
    expect(warnings[0]!.message).toBe('reply at depth 3 follows depth 1; attached to the nearest shallower comment (c2)');
  });

  it('ends the thread at LEAVE A REPLY', () => {
    expect(parseFixture('leave-a-reply-ends-thread').comments.map((comment) => comment.text)).toEqual(['The only comment.']);
  });

  it('warns when the declared count differs from what was parsed, with both numbers', () => {
    const mismatch = parseFixture('count-mismatch').diagnostics.find((diagnostic) => diagnostic.code === 'count-mismatch');
    expect(mismatch).toMatchObject({ severity: 'warning', line: 1, column: 1 });
    expect(mismatch!.message).toBe('the page declares 33 comments but 2 were found (31 not shown or not captured)');
  });

  it('joins wrapped lines with a newline and paragraphs with one blank line', () => {
    const [top, reply] = parseFixture('paragraphs-and-wrapping').comments;
    expect(top!.text).toBe('First paragraph line one\nwrapped line two of the same paragraph.\n\nSecond paragraph.\n\nThird paragraph after two blank lines.');
    expect(reply!.text).toBe('Reply paragraph one\nwrapped.\n\nReply paragraph two.');
    expect(reply!.endLine).toBe(14);
  });

  it('reports stray text, orphan replies, uneven indentation and empty comments without losing a comment', () => {
    const thread = parseFixture('malformed');
    const warnings = thread.diagnostics.filter((diagnostic) => diagnostic.severity === 'warning');
    expect(warnings.map(({ code, line }) => [code, line])).toEqual([
      ['stray-text', 3],
      ['orphan-reply', 5],
      ['empty-comment', 7],
      ['uneven-indent', 9],
    ]);
    expect(thread.comments.map(({ parentId, depth, flags }) => [parentId, depth, flags])).toEqual([
      [null, 1, ['orphan']],
      [null, 0, ['empty']],
      ['c2', 1, []],
    ]);
  });
});

describe('parser rules on harder layouts', () => {
  it('does not end the thread at reply-form words inside a comment', () => {
    const thread = parseFixture('reply-form-words-inside-comment');
    expect(treeShape(thread)).toEqual([
      { id: 'c1', parentId: null, depth: 0, text: 'If you want the report just\nleave a comment below.\n\nLeave a reply' },
      { id: 'c2', parentId: 'c1', depth: 1, text: 'Thanks.' },
      { id: 'c3', parentId: null, depth: 0, text: 'Second.' },
    ]);
  });

  it('keeps wrapped and nested list items, and a bullet right under text, inside the comment', () => {
    const [top, reply, ...rest] = parseFixture('list-wrapped-and-nested').comments;
    expect(rest).toEqual([]);
    expect(top!.text).toBe(
      'My reasons:\n• the cost, which has doubled since\nthe start\n• the time\n• especially in winter\n• the risk\n\n' +
        '"We shall fight on the beaches"\n- Churchill',
    );
    expect(reply).toMatchObject({ parentId: 'c1', depth: 1, text: 'A real reply, set apart by a blank line.' });
  });

  it('takes the count line that comes right before the comments', () => {
    const thread = parseFixture('count-line-before-comments');
    expect(thread.article.declaredCommentCount).toBe(2);
    expect(thread.comments.map((comment) => comment.text)).toEqual(['First.', 'Reply.']);
    expect(thread.diagnostics.filter((diagnostic) => diagnostic.severity === 'warning')).toEqual([]);
  });

  it('takes the top-level indentation from the shallowest numbered marker', () => {
    const thread = parseFixture('base-indent-from-shallowest-number');
    expect(treeShape(thread).map(({ parentId, depth, text }) => [parentId, depth, text.split('\n')[0]])).toEqual([
      [null, 1, 'A reply that lost its comment, with a list:'],
      [null, 0, 'First top-level.'],
      ['c2', 1, 'Reply.'],
    ]);
    expect(thread.comments[0]!.text).toContain('\n1. first point\n2. second point');
  });
});
