import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateWxr } from '../bench/generate-wxr.js';
import { runCli } from './helpers.js';
import { analyseThread, assembleRun, authorView, commentsCsvChunks, COMMENT_COLUMNS, compare, contentOf, renderCommentsCsv, DEFAULT_RECORD_COLUMNS, normalizeAnalyseOptions, readText, pseudonym, pseudonymiseAuthors, renderAuthorsCsv, renderConvokit, render, snapshotOf, threadMetrics } from '../src/index.js';
import { buildThread, type CommentRecord } from '../src/parse/formats/build.js';
import type { Thread } from '../src/model/index.js';

const options = normalizeAnalyseOptions();
let line = 0;
const said = (id: string, parentId: string | null, author: string | null, time: string | null, text: string): CommentRecord => ({ id, parentId, author, time, text, line: ++line, column: 1, endLine: line });

/** A small export-like thread: Ann posts, Bob and Cy disagree with her and each other, Bob insults Cy. */
function argument(extra: CommentRecord[] = []): Thread {
  return buildThread({
    file: 'export.xml',
    id: 'post-1',
    format: 'wxr',
    article: { title: 'Buffer zones after the war', date: '2024-05-01T08:00:00Z' },
    comments: [
      said('1', null, 'Ann', '2024-05-01T09:00:00Z', 'A demilitarised buffer zone along the border would keep the peace for a generation.'),
      said('2', '1', 'Bob', '2024-05-01T09:20:00Z', 'No, that is wrong. A buffer zone just rewards the invasion and nobody would defend it.'),
      said('3', '2', 'Cy', '2024-05-01T10:10:00Z', 'I disagree, you are wrong about that: peacekeepers have held lines like this before.'),
      said('4', '3', 'Bob', '2024-05-01T10:40:00Z', 'No, you are an idiot. Name one line that held without guarantees.'),
      said('5', '1', 'Ann', '2024-05-01T11:00:00Z', 'Thanks, I agree with myself on this one.'),
      said('6', null, null, null, 'A comment with no name and no time.'),
      ...extra,
    ],
  });
}

describe('the author view', () => {
  it('counts comments, replies, disagreements and flags per author, and who argues with whom', () => {
    const thread = analyseThread(argument(), options);
    const view = authorView([thread]);
    const bob = view.authors.find((entry) => entry.author === 'Bob')!;
    expect(view.authors.map((entry) => entry.author)).toEqual(['Ann', 'Bob', 'Cy']);
    expect(bob).toMatchObject({ comments: 2, threads: 1, repliesReceived: 1, first: '2024-05-01T09:20:00Z', last: '2024-05-01T10:40:00Z' });
    expect(bob.disagreementsGiven).toBe(thread.comments.filter((comment) => comment.author === 'Bob' && comment.data.stance.stance === 'disagree').length);
    expect(bob.flagged).toBe(1);
    expect(bob.flagsByKind.insult).toBe(1);
    // A reply to one's own comment is no reply received.
    expect(view.authors.find((entry) => entry.author === 'Ann')!.repliesReceived).toBe(1);
    const disagreeing = thread.comments.filter((comment) => comment.data.stance.stance === 'disagree' && comment.parentId !== null);
    expect(view.pairs.reduce((sum, pair) => sum + pair.firstToSecond + pair.secondToFirst, 0)).toBe(disagreeing.filter((comment) => comment.author !== null).length);
    const csv = renderAuthorsCsv(view);
    expect(csv.split('\r\n')[0]).toContain('"author","threads","comments","replies_received"');
    expect(csv).toContain('"Bob",1,2,1');
  });

  it('writes authors.csv and an Authors section only when the inputs name authors', () => {
    const run = assembleRun([analyseThread(argument(), options)], options);
    const files = new Map([...render(run)].filter((file) => !file.name.endsWith('.xlsx')).map((file) => [file.name, contentOf(file)]));
    expect(files.has('authors.csv')).toBe(true);
    expect(files.get('summary.md')).toContain('## Authors');
    expect(files.get('summary.md')).toContain('### Who argues with whom');
    const report = files.get('post-1.md')!;
    expect(report).toContain('**2** (Bob)');
    expect(report).toContain('## Timeline');
    expect(files.get('comments.csv')!.split('\r\n')[1]).toMatch(/"Ann","2024-05-01T09:00:00Z"$/);
  });
});

describe('timeline', () => {
  it('counts comments per hour and says when the thread turned heated', () => {
    const thread = analyseThread(argument(), options);
    const metrics = threadMetrics(thread);
    const timeline = metrics.timeline!;
    expect(timeline.first).toBe('2024-05-01T09:00:00Z');
    expect(timeline.last).toBe('2024-05-01T11:00:00Z');
    expect(timeline.untimed).toBe(1);
    expect(timeline.perHour.map((hour) => [hour.hour, hour.comments])).toEqual([
      ['2024-05-01T09:00Z', 2],
      ['2024-05-01T10:00Z', 2],
      ['2024-05-01T11:00Z', 1],
    ]);
    if (metrics.heated.length > 0) expect(timeline.turnedHeated).not.toBeNull();
    else expect(timeline.turnedHeated).toBeNull();
  });

  it('is absent from a page dump, which has no times', () => {
    const thread = analyseThread(buildThread({ file: 'x.txt', id: 'x', format: 'jsonl', comments: [said('1', null, null, null, 'No time here.')] }), options);
    expect(threadMetrics(thread).timeline).toBeNull();
  });
});

describe('pseudonyms', () => {
  it('are stable under a key, differ between keys, and leave no name behind', () => {
    expect(pseudonym('Bob', 'k1')).toBe(pseudonym('Bob', 'k1'));
    expect(pseudonym('Bob', 'k1')).not.toBe(pseudonym('Bob', 'k2'));
    expect(pseudonym('Bob', 'k1')).toMatch(/^author-[0-9a-f]{12}$/);
    const [thread] = pseudonymiseAuthors([analyseThread(argument(), options)], 'secret');
    const run = assembleRun([thread!], options);
    const written = [...render(run)].filter((file) => !file.name.endsWith('.xlsx')).map(contentOf).join('\n');
    for (const name of ['Ann', 'Bob', '"Cy"', '(Cy)']) expect(written).not.toContain(name);
    expect(written).toContain(pseudonym('Bob', 'secret'));
  });
});

describe('ConvoKit export of an export’s thread', () => {
  it('has one speaker per author and a timestamp on every utterance', () => {
    const run = assembleRun([analyseThread(argument([said('7', '6', 'Dee', '2024-05-01T12:00:00Z', 'Late reply.')]), options)], options);
    const files = renderConvokit(run);
    const utterances = files['utterances.jsonl']!.trim().split('\n').map((line) => JSON.parse(line));
    expect(Object.keys(JSON.parse(files['speakers.json']!)).sort()).toEqual(['Ann', 'Bob', 'Cy', 'Dee', 'unknown']);
    expect(utterances.every((utterance) => typeof utterance.timestamp === 'number')).toBe(true);
    expect(utterances[0]).toMatchObject({ reply_to: null, timestamp: Date.UTC(2024, 4, 1, 8) / 1000, meta: { kind: 'article' } });
    const bob = utterances.find((utterance) => utterance.id === 'post-1/4');
    expect(bob).toMatchObject({ speaker: 'Bob', reply_to: 'post-1/3', timestamp: Date.UTC(2024, 4, 1, 10, 40) / 1000 });
    expect(Object.keys(bob.meta)).toEqual(expect.arrayContaining(['stance_target', 'incivility_severity', 'cluster_label', 'time']));
  });
});

describe('the ConvoKit round trip', () => {
  it('reads threadlens’s own ConvoKit export back to the same thread', async () => {
    const original = analyseThread(argument(), options);
    const files = renderConvokit(assembleRun([original], options));
    const { threads, problems } = await readText('jsonl', files['utterances.jsonl']!, { file: 'utterances.jsonl', columns: DEFAULT_RECORD_COLUMNS });
    expect(problems).toEqual([]);
    expect(threads).toHaveLength(1);
    const [back] = threads;
    expect(back!.id).toBe('post-1');
    expect(back!.article).toMatchObject({ title: 'Buffer zones after the war', date: '2024-05-01T08:00:00Z' });
    const shape = (thread: Thread) => thread.comments.map(({ id, parentId, author, time, text }) => ({ id, parentId, author, time, text }));
    expect(shape(back!)).toEqual(shape(original));
  });

  it('gives an undated article no date on the way back', async () => {
    const undated = argument();
    undated.article.date = null;
    const files = renderConvokit(assembleRun([analyseThread(undated, options)], options));
    const { threads } = await readText('jsonl', files['utterances.jsonl']!, { file: 'utterances.jsonl', columns: DEFAULT_RECORD_COLUMNS });
    expect(threads[0]!.article.date).toBeNull();
  });
});

describe('compare on exports', () => {
  const snapshot = (thread: Thread) => {
    const analysed = analyseThread(thread, options);
    return snapshotOf(assembleRun([analysed], options), analysed);
  };
  it('reads a rewrite by the same author as an edit, a new comment by its time', () => {
    const before = argument();
    const later = argument([said('9', '1', 'Dee', '2024-05-02T08:00:00Z', 'Morning reply.'), said('8', '1', 'Eve', '2024-05-01T23:00:00Z', 'Night reply.')]);
    // Ann rewrites comment 5 almost completely; the id stays.
    later.comments.find((comment) => comment.id === '5')!.text = 'On reflection a treaty matters more than the zone itself.';
    const result = compare([snapshot(before), snapshot(later)]);
    if (result.mode !== 'snapshots') throw new Error('expected a comparison of snapshots');
    expect(result.edited.map((entry) => [entry.old.id, entry.new.id, entry.new.author])).toEqual([['5', '5', 'Ann']]);
    expect(result.added.map((entry) => entry.id)).toEqual(['8', '9']);
    expect(result.removed).toEqual([]);
  });
});

describe('comments.csv in pieces', () => {
  it('writes the same bytes piece by piece as whole, the header and BOM once', () => {
    const records = Array.from({ length: 4500 }, (_, k) => said(`r${k}`, k % 3 === 0 ? null : `r${k - 1}`, `A${k % 7}`, null, `Comment number ${k} about the border and the treaty.`));
    const run = assembleRun([analyseThread(buildThread({ file: 'big.jsonl', id: 'big', format: 'jsonl', comments: records }), options)], options);
    const pieces = [...commentsCsvChunks(run, { bom: true })];
    // The header (with the BOM) alone, then the rows 2,000 at a time.
    expect(pieces.length).toBe(4);
    expect(pieces[0]).toBe('\uFEFF' + COMMENT_COLUMNS.map((column) => `"${column}"`).join(',') + '\r\n');
    expect(pieces.join('')).toBe(renderCommentsCsv(run, { bom: true }));
    expect(pieces.join('').split('\uFEFF')).toHaveLength(2);
    expect(pieces.join('').split('"thread_id","comment_id"')).toHaveLength(2);
    expect(pieces.join('').trimEnd().split('\r\n')).toHaveLength(4501);
    const file = [...render(run)].find((entry) => entry.name === 'comments.csv')!;
    expect(contentOf(file)).toBe(renderCommentsCsv(run));
  });
});

describe('notes on the command line', () => {
  it('prints ten notes of a kind, then counts the rest; the JSON keeps them all', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'threadlens-notes-'));
    const file = path.join(dir, 'site.xml');
    await generateWxr(file, 1_500_000, 7);
    const { code, stdout, stderr } = await runCli(['parse', file, '--json']);
    expect(code).toBe(0);
    const threads = JSON.parse(stdout) as Thread[];
    const notes = threads.flatMap((thread) => thread.diagnostics.filter((diagnostic) => diagnostic.code === 'hidden-comments'));
    expect(notes.length).toBeGreaterThan(10);
    expect(stderr.split('\n').filter((line) => line.endsWith('[hidden-comments]') && !line.startsWith('threadlens:'))).toHaveLength(10);
    expect(stderr).toContain(`threadlens: ${notes.length - 10} more notes like these not shown [hidden-comments]`);
  });
});

describe('--columns and --input-format', () => {
  const input = path.join('test', 'fixtures', 'formats', 'comments-custom-columns.csv');
  it('reads records whose columns have other names', async () => {
    const { code, stdout } = await runCli(['parse', input, '--json', '--columns', 'id=comment_id,parent_id=in_reply_to,thread_id=story,author=user_name,timestamp=posted,text=body']);
    expect(code).toBe(0);
    const threads = [JSON.parse(stdout)].flat() as Thread[];
    expect(threads[0]!.id).toBe('tank-upgrade');
    expect(threads[0]!.comments[0]).toMatchObject({ id: '9001', author: 'Tracks & Turrets', time: '2024-08-20T09:00:00+01:00' });
  });

  it('refuses an unknown field, format or pair with exit 2', async () => {
    expect((await runCli(['parse', input, '--columns', 'colour=body'])).code).toBe(2);
    expect((await runCli(['parse', input, '--columns', 'text=a=b'])).code).toBe(2);
    expect((await runCli(['parse', input, '--input-format', 'pdf'])).code).toBe(2);
  });

  it('reads a file as the named format, whatever its content suggests', async () => {
    const { code, stdout } = await runCli(['parse', input, '--json', '--input-format', 'text']);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as Thread).format).toBe('article');
  });
});
