import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hiddenSummary, instantOf } from '../src/model/index.js';
import { buildThread, isoTime, type CommentRecord } from '../src/parse/formats/build.js';
import { detectFormat } from '../src/parse/formats/detect.js';
import { htmlToText } from '../src/parse/formats/html-text.js';
import { DEFAULT_RECORD_COLUMNS } from '../src/parse/formats/types.js';

const record = (id: string, parentId: string | null, extra: Partial<CommentRecord> = {}): CommentRecord => ({
  id,
  parentId,
  author: `author of ${id}`,
  time: null,
  text: `text of ${id}`,
  line: Number(id.replace(/\D/g, '')) || 1,
  column: 1,
  endLine: Number(id.replace(/\D/g, '')) || 1,
  ...extra,
});
const build = (comments: CommentRecord[]) => buildThread({ file: 'x.xml', id: 'x', format: 'wxr', comments });

describe('buildThread', () => {
  it('rebuilds the tree from parent ids, each reply after its parent, siblings by time', () => {
    const thread = build([
      record('3', '1', { time: '2024-05-01T10:05:00Z' }),
      record('1', null, { time: '2024-05-01T10:00:00Z' }),
      record('2', '1', { time: '2024-05-01T10:01:00Z' }),
      record('4', '2', { time: '2024-05-01T10:02:00Z' }),
      record('5', null, { time: '2024-05-01T09:00:00Z' }),
    ]);
    expect(thread.comments.map((comment) => [comment.id, comment.parentId, comment.depth])).toEqual([
      ['5', null, 0],
      ['1', null, 0],
      ['2', '1', 1],
      ['4', '2', 2],
      ['3', '1', 1],
    ]);
    expect(thread.diagnostics).toEqual([]);
    expect(thread.comments[0]!.author).toBe('author of 5');
  });

  it('loses nothing: duplicates renamed, orphans and cycles kept at the top level with warnings', () => {
    const thread = build([record('1', null), record('1', null, { text: 'again' }), record('7', '99'), record('8', '9'), record('9', '8'), record('10', '0', { text: '  ' })]);
    expect(thread.comments).toHaveLength(6);
    expect(thread.comments.map((comment) => comment.id)).toEqual(['1', '1~2', '7', '8', '9', '10']);
    expect(thread.diagnostics.map((diagnostic) => diagnostic.code).sort()).toEqual(['duplicate-id', 'empty-comment', 'missing-parent', 'reply-cycle']);
    expect(thread.comments.find((comment) => comment.id === '7')!.flags).toEqual(['orphan']);
    expect(thread.comments.find((comment) => comment.id === '9')!.parentId).toBe('8');
    expect(thread.comments.find((comment) => comment.id === '10')!.flags).toEqual(['empty']);
    expect(thread.diagnostics.find((diagnostic) => diagnostic.code === 'missing-parent')!.line).toBe(7);
  });

  it('keeps every record of any parent graph, each after its parent', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.integer({ min: -1, max: 12 })), { maxLength: 30 }), (pairs) => {
        const records = pairs.map(([id, parent]) => record(String(id), parent < 0 ? null : String(parent)));
        const thread = build(records);
        expect(thread.comments).toHaveLength(records.length);
        const seen = new Set<string>();
        for (const comment of thread.comments) {
          if (comment.parentId !== null) expect(seen.has(comment.parentId)).toBe(true);
          seen.add(comment.id);
        }
        expect(seen.size).toBe(records.length);
      }),
      { numRuns: 300, seed: 21 },
    );
  });

  it('reads a reply chain deeper than the stack allows', () => {
    const records = Array.from({ length: 20_000 }, (_, k) => record(`n${k}`, k === 0 ? null : `n${k - 1}`));
    const thread = build(records);
    expect(thread.comments.at(-1)!.depth).toBe(19_999);
  });
});

describe('times', () => {
  it('makes the exports’ times ISO 8601', () => {
    expect(isoTime('2024-03-05 14:07:09')).toBe('2024-03-05T14:07:09');
    expect(isoTime('2024-03-05 14:07:09', true)).toBe('2024-03-05T14:07:09Z');
    expect(isoTime('2024-03-05T14:07:09+00:00')).toBe('2024-03-05T14:07:09Z');
    expect(isoTime('2024-03-05T14:07:09+0100')).toBe('2024-03-05T14:07:09+01:00');
    expect(isoTime('2024-03-05T14:07')).toBe('2024-03-05T14:07:00');
    expect(isoTime('0000-00-00 00:00:00')).toBeNull();
    expect(isoTime('2024-02-30 10:00:00')).toBeNull();
    expect(isoTime('yesterday')).toBeNull();
  });

  it('reads a time without an offset as UTC, on every machine', () => {
    expect(instantOf('2024-03-05T14:07:09')).toBe(Date.UTC(2024, 2, 5, 14, 7, 9));
    expect(instantOf('2024-03-05T14:07:09+01:00')).toBe(Date.UTC(2024, 2, 5, 13, 7, 9));
    expect(instantOf(null)).toBeNull();
  });

  it('says what a source left out', () => {
    expect(hiddenSummary({ pending: 3, pingback: 2 })).toBe('3 pending, 2 pingbacks not shown');
    expect(hiddenSummary({ trackback: 1, spam: 1 })).toBe('1 spam, 1 trackback not shown');
    expect(hiddenSummary({})).toBe('');
  });
});

describe('htmlToText', () => {
  it('keeps what a reader sees and nothing that runs', () => {
    expect(htmlToText('<p>Fish &amp; chips, <a href="javascript:alert(1)">see here</a></p><p>Next<br>line</p>')).toBe('Fish & chips, see here\n\nNext\nline');
    expect(htmlToText('<script>alert(1)</script><img src=x onerror=alert(1)>after <b>bold</b>')).toBe('after bold');
    expect(htmlToText('&lt;script&gt; stays text')).toBe('<script> stays text');
  });

  it('reads stored comments’ newlines as paragraphs and line breaks', () => {
    expect(htmlToText('One.\n\nTwo <em>and</em>\nthree', { newlines: true })).toBe('One.\n\nTwo and\nthree');
    expect(htmlToText('One.\n\nTwo')).toBe('One. Two');
  });
});

describe('detectFormat', () => {
  const detect = (head: string, file = 'input') => detectFormat(head, file, DEFAULT_RECORD_COLUMNS);
  it('tells each format from its content', () => {
    expect(detect('<?xml version="1.0" encoding="UTF-8" ?>\n<!-- export -->\n<rss version="2.0" xmlns:wp="https://wordpress.org/export/1.2/">')).toBe('wxr');
    expect(detect('\uFEFF<?xml version="1.0"?><disqus xmlns="http://disqus.com">')).toBe('disqus');
    expect(detect('<!DOCTYPE html>\n<html lang="en-GB"><head>')).toBe('wordpress-html');
    expect(detect('{"id": "1", "text": "hi"}\n')).toBe('jsonl');
    expect(detect('id,parent_id,text\n1,,hi\n')).toBe('csv');
    expect(detect('anything', 'comments.CSV')).toBe('csv');
    expect(detect(' 3 COMMENTS\n\n   1. A comment.')).toBe('text');
    expect(detect('<rss version="2.0"><channel>')).toBe('text');
  });
});
