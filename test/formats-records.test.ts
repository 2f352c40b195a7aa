import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import type { Comment, Diagnostic, Thread } from '../src/model/index.js';
import { readCsv, readJsonLines } from '../src/parse/formats/records.js';
import { DEFAULT_RECORD_COLUMNS, type FormatReader, type RecordColumns } from '../src/parse/formats/types.js';
import { parseWordPressPage, readWordPressPage } from '../src/parse/formats/wordpress-html.js';
import { FIXTURES, expectGolden } from './helpers.js';

const DIR = path.join(FIXTURES, 'formats');
/** Fixtures are named by their path from the repository root, so the goldens do not depend on where it is. */
const fileOf = (name: string): string => `test/fixtures/formats/${name}`;
const fixture = (name: string): string => readFileSync(path.join(DIR, name), 'utf8');

async function* chunksOf(text: string, size: number): AsyncGenerator<string> {
  if (!Number.isFinite(size)) {
    yield text;
    return;
  }
  for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
}

interface Read {
  threads: Thread[];
  problems: Diagnostic[];
}

async function readWith(reader: FormatReader, text: string, file: string, options: { size?: number; columns?: RecordColumns } = {}): Promise<Read> {
  const threads: Thread[] = [];
  const problems = await reader(chunksOf(text, options.size ?? Infinity), { file, columns: options.columns ?? DEFAULT_RECORD_COLUMNS }, (thread) => threads.push(thread));
  return { threads, problems };
}

const readFixture = (reader: FormatReader, name: string, options: { size?: number; columns?: RecordColumns } = {}): Promise<Read> => readWith(reader, fixture(name), fileOf(name), options);

const golden = (threads: Thread[], name: string): void => expectGolden(JSON.stringify(threads, null, 2) + '\n', path.join(DIR, `${name}.json`));

/** A comment without its place in the file: what two copies of the same thread share. */
const content = ({ id, parentId, depth, author, time, text, flags }: Comment) => ({ id, parentId, depth, author, time, text, flags });
const tree = (thread: Thread) => thread.comments.map((comment) => [comment.id, comment.parentId, comment.depth]);
const byId = (thread: Thread, id: string): Comment => {
  const comment = thread.comments.find((candidate) => candidate.id === id);
  if (comment === undefined) throw new Error(`no comment ${id} in ${thread.id}`);
  return comment;
};

const CUSTOM_COLUMNS: RecordColumns = { id: 'comment_id', parentId: 'in_reply_to', threadId: 'story', author: 'user_name', timestamp: 'posted', text: 'body' };

describe('a WordPress page fetched with curl', () => {
  const name = 'wp-page-curl.html';
  const thread = parseWordPressPage(fixture(name), fileOf(name));

  it('rebuilds the reply tree from the nested children lists, five levels deep', () => {
    expect(thread.format).toBe('wordpress-html');
    expect(thread.id).toBe('wp-page-curl');
    expect(tree(thread)).toEqual([
      ['101', null, 0],
      ['102', '101', 1],
      ['104', '102', 2],
      ['105', '104', 3],
      ['107', '105', 4],
      ['103', '101', 1],
      ['108', null, 0],
    ]);
    expect(Math.max(...thread.comments.map((comment) => comment.depth))).toBe(4);
  });

  it('reads each author as shown, a link reduced to its text and entities decoded', () => {
    expect(thread.comments.map((comment) => comment.author)).toEqual(['Gareth Pryce', 'Sandra Kowalczyk', 'Gareth Pryce', 'Tom O’Neill', 'Elena Marsh', 'Priya Desai', 'Mike R.']);
  });

  it('keeps each time with its offset, +00:00 written Z', () => {
    expect(byId(thread, '101').time).toBe('2024-05-14T09:02:11+01:00');
    expect(byId(thread, '107').time).toBe('2024-05-14T13:40:12+01:00');
    expect(byId(thread, '108').time).toBe('2024-05-15T07:45:00Z');
  });

  it('reads the texts: entities decoded, paragraphs kept, links reduced to their text, no reply links or "says:"', () => {
    expect(byId(thread, '102').text).toBe('And at what unit cost? Autonomy & sensors don’t come cheap, and the budget line hasn’t moved since 2022.');
    expect(byId(thread, '104').text).toBe(
      'The programme office gave a rough figure to the select committee last year.\n\nIt’s on page 14 of the committee’s written evidence, if anyone wants the breakdown.',
    );
    expect(byId(thread, '105').text).toBe('He said "affordable at scale", which is not the same thing as cheap.');
    // Escaped markup in a comment is text, never markup.
    expect(byId(thread, '108').text).toBe('Autonomy works brilliantly right up until someone switches on a jammer & the link drops. <sarcasm>What could possibly go wrong?</sarcasm>');
    for (const comment of thread.comments) {
      expect(comment.text).not.toMatch(/Reply|says:|https?:/);
      expect(comment.flags).toEqual([]);
    }
  });

  it('counts the pingback as hidden, not as a comment', () => {
    expect(thread.hidden).toEqual({ pingback: 1 });
    expect(thread.comments.map((comment) => comment.id)).not.toContain('106');
    expect(thread.comments.some((comment) => comment.text.includes('Pingback'))).toBe(false);
  });

  it('places each comment at its <li> and ends it with its text', () => {
    const lines = fixture(name).split('\n');
    for (const comment of thread.comments) {
      expect(lines[comment.line - 1]!.slice(comment.column - 1)).toMatch(new RegExp(`^<li id="comment-${comment.id}"`));
      expect(lines[comment.endLine - 1]).toContain('</div><!-- .comment-content -->');
    }
    expect(byId(thread, '101')).toMatchObject({ line: 73, column: 6, endLine: 86 });
  });

  it('reads the article from the post markup, without sharing buttons or related posts', () => {
    const { article } = thread;
    expect(article).toMatchObject({
      title: 'Navy’s uncrewed minehunter clears its first North Sea trial',
      author: 'Elena Marsh',
      date: '2024-05-14T08:30:00+01:00',
      site: 'Harbour & Hangar',
    });
    expect(article.body.startsWith('A remotely operated mine countermeasures boat')).toBe(true);
    expect(article.body).toContain('found & classified on the first pass.');
    expect(article.body).toContain('“We wanted to see what the sea state does to the sonar picture,”');
    expect(article.body.endsWith('without a crew in the loop.')).toBe(true);
    expect(article.body).not.toMatch(/Share this|Twitter|Related|Gareth/);
    expect(article.sources.title).toEqual({ from: 'page', line: 41, column: 3 });
    expect(thread.diagnostics).toEqual([]);
  });

  it('matches its golden file', () => {
    golden([thread], name);
  });

  it('gives the same thread, at the same lines, from a copy with CRLF line ends and a byte-order mark', () => {
    expect(parseWordPressPage('\ufeff' + fixture(name).replace(/\n/g, '\r\n'), fileOf(name))).toEqual(thread);
  });
});

describe('a WordPress page saved by a browser', () => {
  const name = 'wp-page-saved.html';
  const saved = parseWordPressPage(fixture(name), fileOf(name));
  const fetched = parseWordPressPage(fixture('wp-page-curl.html'), fileOf('wp-page-curl.html'));

  it('gives the same comments as the page fetched with curl, despite <base>, scripts, styles, lazy-load and Jetpack markup', () => {
    expect(saved.comments.map(content)).toEqual(fetched.comments.map(content));
    expect(saved.hidden).toEqual(fetched.hidden);
    // Jetpack's like buttons inside the saved comments are not text.
    expect(saved.comments.some((comment) => /\bLike\b/.test(comment.text))).toBe(false);
  });

  it('gives the same article, read from elements on other lines', () => {
    const { sources: savedSources, ...savedArticle } = saved.article;
    const { sources: fetchedSources, ...fetchedArticle } = fetched.article;
    expect(savedArticle).toEqual(fetchedArticle);
    expect(Object.keys(savedSources).sort()).toEqual(Object.keys(fetchedSources).sort());
    expect(savedSources.title!.line).not.toBe(fetchedSources.title!.line);
  });

  it('places each comment at its own <li>', () => {
    const lines = fixture(name).split('\n');
    for (const comment of saved.comments) expect(lines[comment.line - 1]!.slice(comment.column - 1)).toMatch(new RegExp(`^<li id="comment-${comment.id}"`));
  });

  it('matches its golden file', () => {
    golden([saved], name);
  });

  it('reads the same from one chunk and from 5-character chunks', async () => {
    const whole = await readFixture(readWordPressPage, name);
    const pieces = await readFixture(readWordPressPage, name, { size: 5 });
    expect(whole.problems).toEqual([]);
    expect(whole.threads).toEqual([saved]);
    expect(pieces).toEqual(whole);
  });
});

describe('other WordPress markup', () => {
  it('gives no comments and an info diagnostic for a page without a comment list', () => {
    const thread = parseWordPressPage(
      '<!doctype html><html><head><title>Reserve pay rise confirmed | Forces Weekly</title></head><body><article><div class="entry-content"><p>Pay rises 4%.</p></div></article></body></html>',
      'pages/reserve-pay.html',
    );
    expect(thread.id).toBe('reserve-pay');
    expect(thread.comments).toEqual([]);
    expect(thread.diagnostics).toEqual([
      { severity: 'info', code: 'no-comment-section', message: 'expected a comment list (<ol class="comment-list">), found none: the page has no comment section', line: null, column: null },
    ]);
    expect(thread.article).toMatchObject({ title: 'Reserve pay rise confirmed', site: 'Forces Weekly', body: 'Pay rises 4%.' });
  });

  it('reads the older markup: <ul class="commentlist">, <cite class="fn">, the text straight in the body, a trackback', () => {
    const html = `<html><body><ul class="commentlist">
<li class="comment depth-1" id="comment-7"><div id="div-comment-7" class="comment-body">
  <div class="comment-author vcard"><cite class="fn"><a href="https://x.example" class="url" rel="ugc external nofollow">Ana</a></cite> <span class="says">says:</span></div>
  <div class="comment-meta commentmetadata"><a href="#comment-7">2024-02-01 10:00</a></div>
  <p>First &amp; foremost.</p><p>Second paragraph.</p>
  <div class="reply"><a class="comment-reply-link" href="#">Reply</a></div>
</div>
<ul class="children"><li class="comment depth-2" id="comment-8"><div class="comment-body"><div class="comment-author vcard"><cite class="fn">Bo</cite></div><p>Answer.</p></div></li></ul>
</li>
<li class="trackback depth-1" id="comment-9"><div class="comment-body">Trackback: <a href="#">Elsewhere</a></div></li>
</ul></body></html>`;
    const thread = parseWordPressPage(html, 'old.html');
    expect(thread.comments.map((comment) => [comment.id, comment.parentId, comment.author, comment.time, comment.text])).toEqual([
      ['7', null, 'Ana', '2024-02-01T10:00:00', 'First & foremost.\n\nSecond paragraph.'],
      ['8', '7', 'Bo', null, 'Answer.'],
    ]);
    expect(thread.hidden).toEqual({ trackback: 1 });
  });

  it('reads comments written as nested <div id="comment-N"> and the Comment Template block', () => {
    const divs = parseWordPressPage(
      '<div class="comment-list"><div id="comment-1" class="comment depth-1"><div class="comment-author"><span class="fn">A</span></div><div class="comment-content">One</div>' +
        '<div id="comment-2" class="comment depth-2"><div class="comment-author"><span class="fn">B</span></div><div class="comment-content">Two</div></div></div></div>',
      'divs.html',
    );
    expect(divs.comments.map((comment) => [comment.id, comment.parentId, comment.author, comment.text])).toEqual([
      ['1', null, 'A', 'One'],
      ['2', '1', 'B', 'Two'],
    ]);
    const blocks = parseWordPressPage(
      '<ol class="wp-block-comment-template"><li id="comment-3" class="comment depth-1"><div class="wp-block-comment-author-name"><a href="#" rel="external nofollow ugc">Cy</a></div>' +
        '<div class="wp-block-comment-date"><time datetime="2024-03-01T08:00:00+00:00">1 March</time></div><div class="wp-block-comment-content"><p>Top.</p></div>' +
        '<ol><li id="comment-4" class="comment depth-2"><div class="wp-block-comment-author-name">Di</div><div class="wp-block-comment-content"><p>Below.</p></div></li></ol></li></ol>',
      'blocks.html',
    );
    expect(blocks.comments.map((comment) => [comment.id, comment.parentId, comment.author, comment.time, comment.text])).toEqual([
      ['3', null, 'Cy', '2024-03-01T08:00:00Z', 'Top.'],
      ['4', '3', 'Di', null, 'Below.'],
    ]);
  });
});

describe('WordPress markup of other themes', () => {
  it('finds the comments in a list named otherwise, and reads an id on both <li> and <article> as one comment', () => {
    const thread = parseWordPressPage(
      '<ol class="comments"><li id="comment-1" class="comment depth-1"><article id="comment-1" class="comment-body"><div class="comment-author"><b class="fn">A</b></div>' +
        '<div class="comment-content"><p>One</p></div></article><ol class="children"><li id="comment-2" class="comment depth-2"><article id="comment-2">' +
        '<div class="comment-content"><p>Two</p></div></article></li></ol></li></ol>',
      'other.html',
    );
    expect(thread.comments.map((comment) => [comment.id, comment.parentId, comment.author, comment.text])).toEqual([
      ['1', null, 'A', 'One'],
      ['2', '1', null, 'Two'],
    ]);
    expect(thread.diagnostics).toEqual([]);
  });

  it('reads a comment list a lazy-load plugin left in <noscript>, and ignores that copy when the list is also on the page', () => {
    const list = '<ol class="comment-list"><li id="comment-1" class="comment"><div class="comment-content"><p>Shown without scripts.</p></div></li></ol>';
    const onlyInNoscript = parseWordPressPage(`<html><body><div id="comments"><noscript>${list}</noscript></div></body></html>`, 'lazy.html');
    expect(onlyInNoscript.comments.map((comment) => [comment.id, comment.text])).toEqual([['1', 'Shown without scripts.']]);
    const both = parseWordPressPage(`<html><body><div id="comments">${list}<noscript>${list}</noscript></div></body></html>`, 'lazy.html');
    expect(both.comments.map((comment) => comment.id)).toEqual(['1']);
    expect(both.diagnostics).toEqual([]);
  });

  it('nests replies under an <li> whose comment id is on the <article> inside it', () => {
    const thread = parseWordPressPage(
      '<ol class="comment-list"><li class="comment"><article id="comment-5"><div class="comment-content">Five</div></article>' +
        '<ul class="children"><li class="comment"><article id="comment-6"><div class="comment-content">Six</div></article></li></ul></li></ol>',
      'startline.html',
    );
    expect(thread.comments.map((comment) => [comment.id, comment.parentId, comment.text])).toEqual([
      ['5', null, 'Five'],
      ['6', '5', 'Six'],
    ]);
  });
});

describe('JSON Lines records', () => {
  it('groups the records into threads in order of first appearance, the file naming the records without a thread id', async () => {
    const { threads, problems } = await readFixture(readJsonLines, 'comments.jsonl');
    expect(problems).toEqual([]);
    expect(threads.map((thread) => [thread.id, thread.format, thread.file])).toEqual([
      ['type-32-frigate', 'jsonl', 'test/fixtures/formats/comments.jsonl'],
      ['reserve-forces', 'jsonl', 'test/fixtures/formats/comments.jsonl'],
      // "comments" is the name of the run's comments.csv: the thread takes another.
      ['comments-thread', 'jsonl', 'test/fixtures/formats/comments.jsonl'],
    ]);
    const [frigate, reserves, own] = threads as [Thread, Thread, Thread];
    // a4's parent "0" means top level; a1 and a4 are ordered by time.
    expect(tree(frigate)).toEqual([
      ['a1', null, 0],
      ['a2', 'a1', 1],
      ['a3', 'a2', 2],
      ['a4', null, 0],
    ]);
    expect(tree(reserves)).toEqual([
      ['b1', null, 0],
      ['b2', 'b1', 1],
      ['5', 'b1', 1],
    ]);
    expect(tree(own)).toEqual([['c1', null, 0]]);
  });

  it('reads ISO times with their offsets and Unix seconds or milliseconds as UTC', async () => {
    const { threads } = await readFixture(readJsonLines, 'comments.jsonl');
    const [frigate, reserves, own] = threads as [Thread, Thread, Thread];
    expect(frigate.comments.map((comment) => comment.time)).toEqual(['2024-06-02T18:04:00+01:00', '2024-06-02T17:10:00Z', '2024-06-02T19:30:00', '2024-06-02T20:15:00Z']);
    expect(reserves.comments.map((comment) => comment.time)).toEqual(['2024-06-02T18:00:00Z', '2024-06-02T19:00:00Z', null]);
    expect(own.comments[0]!.time).toBe('2024-06-03T08:00:00+02:00');
  });

  it('keeps authors and texts as written, a record at its line', async () => {
    const { threads } = await readFixture(readJsonLines, 'comments.jsonl');
    const [frigate, reserves] = threads as [Thread, Thread];
    expect(frigate.comments.map((comment) => comment.author)).toEqual(['Harbourwatcher', 'Clydebuilt', 'Harbourwatcher', null]);
    expect(byId(frigate, 'a2').text).toBe('To be fair, the design work overlaps and the yards need the order book.\n\nThe alternative is a gap, and losing the workforce with it.');
    expect(byId(frigate, 'a3').text).toBe('A gap we were promised wouldn’t happen — twice.');
    expect(byId(reserves, '5')).toMatchObject({ author: 'Pat', text: 'Numbers as ids work too: "quotes", commas, and a ship 🚢.', line: 8, column: 1, endLine: 8 });
    expect(byId(reserves, 'b2')).toMatchObject({ author: null, line: 4, column: 1, endLine: 4 });
  });

  it('matches its golden file', async () => {
    golden((await readFixture(readJsonLines, 'comments.jsonl')).threads, 'comments.jsonl');
  });

  it('reports every bad record at its line, skips it and loses nothing else', async () => {
    const { threads, problems } = await readFixture(readJsonLines, 'records-bad.jsonl');
    expect(problems).toEqual([
      { severity: 'warning', code: 'invalid-record', message: 'expected a JSON object, found text that is not JSON ("{\\"id\\":\\"r2\\",\\"thread_id\\":\\"t\\",\\"text\\":\\"cut o…"): the line is skipped', line: 2, column: 1 },
      { severity: 'warning', code: 'invalid-record', message: 'expected a JSON object, found an array: the line is skipped', line: 3, column: 1 },
      { severity: 'warning', code: 'invalid-record', message: 'expected a JSON object, found the string "just a string": the line is skipped', line: 9, column: 1 },
    ]);
    expect(threads).toHaveLength(1);
    const thread = threads[0]!;
    expect(thread.comments.map((comment) => [comment.id, comment.parentId, comment.time, comment.flags])).toEqual([
      ['r1', null, null, []],
      ['r6', 'r1', null, []],
      ['r9', null, '2024-07-03T09:46:40Z', ['orphan']],
    ]);
    expect(thread.diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.column, diagnostic.code, diagnostic.message])).toEqual([
      [4, 1, 'invalid-record', 'expected the text in "text", found none: the record is skipped'],
      [6, 1, 'invalid-time', 'expected the time in "timestamp" as ISO 8601 or Unix seconds, found the string "last Tuesday": the comment is kept without a time'],
      [7, 1, 'invalid-record', 'expected the text in "text" as a string, found number 42: the record is skipped'],
      [8, 1, 'invalid-record', 'expected the author in "author" as a string, found number 17: the record is skipped'],
      [10, 1, 'invalid-record', 'expected a comment id in "id", found none: the record is skipped'],
      [11, 1, 'missing-parent', 'expected the comment that r9 answers ("r404") in the same thread, found none: it is shown as a top-level comment'],
    ]);
    golden(threads, 'records-bad.jsonl');
  });

  it('reads CRLF and lone-CR line ends, and a byte-order mark, as the same records at the same lines', async () => {
    const text = fixture('comments.jsonl');
    const plain = await readWith(readJsonLines, text, 'comments.jsonl');
    for (const variant of ['\ufeff' + text.replace(/\n/g, '\r\n'), text.replace(/\n/g, '\r')]) {
      for (const size of [Infinity, 5, 1]) expect(await readWith(readJsonLines, variant, 'comments.jsonl', { size })).toEqual(plain);
    }
  });
});

describe('ConvoKit utterances', () => {
  it('reads each conversation as a thread, the article utterance as its article and its replies as top-level comments', async () => {
    const { threads, problems } = await readFixture(readJsonLines, 'utterances.jsonl');
    expect(problems).toEqual([]);
    expect(threads.map((thread) => [thread.id, thread.format])).toEqual([
      ['drone-wall', 'convokit'],
      ['u100', 'convokit'],
    ]);
    const [wall, forum] = threads as [Thread, Thread];
    expect(wall.article).toMatchObject({
      title: 'Baltic states plan a shared drone wall along their eastern borders',
      body: 'Interior ministers agreed on Tuesday to pool radar and jamming equipment along the frontier.\n\nThe first sections are due next spring.',
      author: 'Ines Varga',
      date: '2024-07-24T10:00:00Z',
    });
    expect(wall.article.sources.title).toEqual({ from: 'page', line: 1, column: 1 });
    // The conversation and utterance ids threadlens's export writes ("drone-wall/article", "drone-wall/c1") read back as the thread's and comments' own.
    expect(wall.comments.map((comment) => [comment.id, comment.parentId, comment.depth, comment.author, comment.time])).toEqual([
      ['c1', null, 0, null, '2024-07-24T11:00:00Z'],
      ['c2', 'c1', 1, 'Kalle', '2024-07-24T11:30:00Z'],
      ['c3', 'c2', 2, null, null],
      ['c4', null, 0, 'Maris', '2024-07-24T13:00:00Z'],
    ]);
    // A conversation without an article utterance: its root is a comment like any other.
    expect(forum.article.title).toBeNull();
    expect(forum.comments.map((comment) => [comment.id, comment.parentId, comment.author, comment.time])).toEqual([
      ['u100', null, 'modbot', '2023-11-14T22:13:20Z'],
      ['u101', 'u100', 'anon42', '2023-11-14T23:13:20Z'],
    ]);
    golden(threads, 'utterances.jsonl');
  });
});

describe('CSV records', () => {
  it('keeps commas, doubled quotes and line breaks inside quoted cells, after a byte-order mark', async () => {
    const { threads } = await readFixture(readCsv, 'comments.csv');
    expect(threads.map((thread) => [thread.id, thread.format])).toEqual([['hypersonic-test', 'csv']]);
    const thread = threads[0]!;
    expect(tree(thread)).toEqual([
      ['201', null, 0],
      ['202', '201', 1],
      ['203', '202', 2],
      ['204', '201', 1],
      ['206', null, 0],
    ]);
    expect(byId(thread, '203')).toMatchObject({
      author: 'Carter, Jo',
      time: '2024-07-09T15:02:00+01:00',
      text: 'The briefing called it a "complete success".\nI would wait for the independent analysis.',
      line: 4,
      column: 1,
      endLine: 5,
    });
    expect(byId(thread, '201')).toMatchObject({ author: 'Vera Lindqvist', time: '2024-07-09T14:20:00+02:00', text: 'Impressive footage, but one test flight proves very little.', line: 2 });
    expect(byId(thread, '202').time).toBe('2024-07-09T13:00:00Z');
    expect(byId(thread, '204')).toMatchObject({ author: null, text: 'Unsigned and unquoted', line: 6, endLine: 6 });
    expect(byId(thread, '206')).toMatchObject({ text: 'First line\n\nThird line, after a blank one', time: '2024-07-09T18:00:00Z', line: 8, endLine: 10 });
  });

  it('reports the row with the wrong number of cells at its line and skips it', async () => {
    const { threads, problems } = await readFixture(readCsv, 'comments.csv');
    expect(problems).toEqual([{ severity: 'warning', code: 'invalid-record', message: 'expected 6 cells, as the header has, found 8: the row is skipped', line: 7, column: 1 }]);
    expect(threads[0]!.comments.map((comment) => comment.id)).not.toContain('205');
    expect(threads[0]!.diagnostics).toEqual([]);
    golden(threads, 'comments.csv');
  });

  it('reads other column names when told them', async () => {
    const { threads, problems } = await readFixture(readCsv, 'comments-custom-columns.csv', { columns: CUSTOM_COLUMNS });
    expect(problems).toEqual([]);
    expect(threads.map((thread) => thread.id)).toEqual(['tank-upgrade', 'airlift-gap']);
    const [tanks, airlift] = threads as [Thread, Thread];
    expect(tanks.comments.map((comment) => [comment.id, comment.parentId, comment.depth, comment.author, comment.time, comment.text])).toEqual([
      ['9001', null, 0, 'Tracks & Turrets', '2024-08-20T09:00:00+01:00', 'The upgrade keeps the hull but changes almost everything inside it.'],
      ['9002', '9001', 1, 'L. Brennan', '2024-08-20T09:40:00+01:00', 'How many hulls, though? Forty-odd was the last figure.'],
      ['9004', '9002', 2, 'Tracks & Turrets', '2024-08-20T11:05:00+01:00', '148, per the written answer.'],
    ]);
    expect(airlift.comments.map((comment) => [comment.id, comment.author, comment.time, comment.line])).toEqual([['9003', 'Loadmaster', '2024-08-20T10:00:00Z', 4]]);
    golden(threads, 'comments-custom-columns.csv');
  });

  it('says once that the header lacks the columns asked for, rather than once a row', async () => {
    const { threads, problems } = await readFixture(readCsv, 'comments-custom-columns.csv');
    expect(threads).toEqual([]);
    expect(problems).toEqual([
      {
        severity: 'warning',
        code: 'missing-column',
        message: 'expected a header naming the "id" and "text" columns, found "comment_id", "story", "in_reply_to", "user_name", "posted", "likes", "body": no comment can be read',
        line: 1,
        column: 1,
      },
    ]);
  });

  it('keeps the rows after an unclosed quote that ends the file, and says where the quote opened', async () => {
    const { threads, problems } = await readWith(readCsv, 'id,text\n1,fine\n2,"never closed\nat all\n', 'open.csv');
    expect(threads[0]!.comments.map((comment) => comment.id)).toEqual(['1']);
    expect(problems).toEqual([
      { severity: 'warning', code: 'invalid-record', message: 'expected a closing quote for the cell opened on line 3, found the end of the file: the rest of the file is skipped', line: 3, column: 1 },
    ]);
  });
});

describe('every record reader', () => {
  const cases: Array<[string, FormatReader, RecordColumns]> = [
    ['comments.jsonl', readJsonLines, DEFAULT_RECORD_COLUMNS],
    ['utterances.jsonl', readJsonLines, DEFAULT_RECORD_COLUMNS],
    ['records-bad.jsonl', readJsonLines, DEFAULT_RECORD_COLUMNS],
    ['comments.csv', readCsv, DEFAULT_RECORD_COLUMNS],
    ['comments-custom-columns.csv', readCsv, CUSTOM_COLUMNS],
  ];
  it.each(cases)('reads %s the same from one chunk, 5-character chunks and 1-character chunks', async (name, reader, columns) => {
    const whole = await readFixture(reader, name, { columns });
    expect(whole.threads.length).toBeGreaterThan(0);
    expect(await readFixture(reader, name, { columns, size: 5 })).toEqual(whole);
    expect(await readFixture(reader, name, { columns, size: 1 })).toEqual(whole);
  });
});

describe('records written as JSON Lines and as CSV', () => {
  const unit = fc.constantFrom('a', 'Z', '7', ' ', ',', '"', "'", '\n', '\r\n', '\t', '’', 'é', '🚢', '\\', '{', '}', '#', ';');
  const text = fc.oneof(fc.string({ unit, maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 20 }));
  const rows = fc.uniqueArray(
    fc.record({
      id: fc.stringMatching(/^[a-z][a-z0-9_-]{0,7}$/),
      thread: fc.constantFrom('alpha', 'beta'),
      parent: fc.option(fc.nat(), { nil: null }),
      author: fc.option(text, { nil: null }),
      time: fc.option(fc.integer({ min: 0, max: 4_102_444_800 }), { nil: null }),
      isoTime: fc.boolean(),
      text,
    }),
    { selector: (row) => row.id, minLength: 1, maxLength: 12 },
  );

  it('read back to the same comments, however the text is chunked', async () => {
    await fc.assert(
      fc.asyncProperty(rows, fc.integer({ min: 1, max: 40 }), async (generated, size) => {
        // A reply answers an earlier record of its own thread.
        const records = generated.map((row, index) => {
          const earlier = generated.slice(0, index).filter((other) => other.thread === row.thread);
          const parent = row.parent === null || earlier.length === 0 ? null : earlier[row.parent % earlier.length]!.id;
          const timestamp = row.time === null ? null : row.isoTime ? new Date(row.time * 1000).toISOString() : row.time;
          return { id: row.id, parent_id: parent, thread_id: row.thread, author: row.author, timestamp, text: row.text };
        });
        const jsonl = records.map((record) => JSON.stringify(record)).join('\n') + '\n';
        const csv = stringify(
          records.map((record) => ({ ...record, timestamp: record.timestamp === null ? '' : String(record.timestamp) })),
          { header: true, columns: ['id', 'parent_id', 'thread_id', 'author', 'timestamp', 'text'] },
        );
        const fromJson = await readWith(readJsonLines, jsonl, 'random.jsonl', { size });
        const fromCsv = await readWith(readCsv, csv, 'random.csv', { size });
        expect(fromJson.problems).toEqual([]);
        expect(fromCsv.problems).toEqual([]);
        const comments = (read: Read) => read.threads.map((thread) => [thread.id, thread.comments.map(content)]);
        expect(comments(fromCsv)).toEqual(comments(fromJson));

        // And they are the records written.
        const read = new Map(fromJson.threads.flatMap((thread) => thread.comments.map((comment) => [comment.id, { thread: thread.id, comment }] as const)));
        expect(read.size).toBe(records.length);
        for (const record of records) {
          const { thread, comment } = read.get(record.id)!;
          const author = record.author === null ? null : record.author.replace(/\r\n?/g, '\n').trim();
          expect({ thread, parentId: comment.parentId, author: comment.author, time: comment.time, text: comment.text }).toEqual({
            thread: record.thread_id,
            parentId: record.parent_id,
            author: author === '' ? null : author,
            time: record.timestamp === null ? null : new Date(typeof record.timestamp === 'number' ? record.timestamp * 1000 : record.timestamp).toISOString().slice(0, 19) + 'Z',
            text: record.text.replace(/\r\n?/g, '\n').trim(),
          });
        }
      }),
      { numRuns: 200 },
    );
  });
});
