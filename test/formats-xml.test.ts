import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { generateWxr } from '../bench/generate-wxr.js';
import type { Comment, Diagnostic, Thread } from '../src/model/index.js';
import { readDisqus } from '../src/parse/formats/disqus.js';
import { DEFAULT_RECORD_COLUMNS, type FormatReader } from '../src/parse/formats/types.js';
import { readWxr } from '../src/parse/formats/wxr.js';
import { FIXTURES, expectGolden } from './helpers.js';
import { bounded } from './property.js';

const FORMATS = path.join(FIXTURES, 'formats');

function fixture(name: string): string {
  return readFileSync(path.join(FORMATS, name), 'utf8');
}

/** The text in chunks of the given sizes, the sizes repeated until the text is used up. */
async function* inChunks(text: string, sizes: readonly number[]): AsyncGenerator<string> {
  for (let at = 0, k = 0; at < text.length; k++) {
    const size = sizes[k % sizes.length]!;
    yield text.slice(at, at + size);
    at += size;
  }
}

async function read(reader: FormatReader, text: string, sizes: readonly number[] = [text.length || 1]): Promise<{ threads: Thread[]; problems: Diagnostic[] }> {
  const threads: Thread[] = [];
  const problems = await reader(inChunks(text, sizes), { file: 'export.xml', columns: { ...DEFAULT_RECORD_COLUMNS } }, (thread) => threads.push(thread));
  return { threads, problems };
}

/** The threads as the golden files hold them; `UPDATE_GOLDEN=1` writes them. */
function expectGoldenThreads(threads: Thread[], fixtureName: string): void {
  expectGolden(JSON.stringify(threads, null, 2) + '\n', path.join(FORMATS, `${fixtureName}.json`));
}

function byId(thread: Thread, id: string): Comment {
  const comment = thread.comments.find((candidate) => candidate.id === id);
  if (comment === undefined) throw new Error(`no comment ${id} in ${thread.id}`);
  return comment;
}

const FIXTURE_READERS: Array<[string, FormatReader]> = [
  ['wxr-theme-test.xml', readWxr],
  ['wxr-1.0-http.xml', readWxr],
  ['disqus-export.xml', readDisqus],
  ['wxr-malformed.xml', readWxr],
];

describe('readWxr on a WXR 1.2 export (https namespace)', async () => {
  const { threads, problems } = await read(readWxr, fixture('wxr-theme-test.xml'));
  const [escort, briefing, letters] = threads as [Thread, Thread, Thread];

  it('matches its golden file', () => {
    expectGoldenThreads(threads, 'wxr-theme-test.xml');
  });

  it('gives one thread per item with comments, in file order, and no file problems', () => {
    expect(threads.map((thread) => thread.id)).toEqual(['escort-ship-order-slips', 'briefing-carrier-air-wing', 'post-104']);
    expect(threads.every((thread) => thread.format === 'wxr' && thread.file === 'export.xml')).toBe(true);
    expect(problems).toEqual([]);
  });

  it('reads the article from the item and the site from the channel', () => {
    expect(escort.article).toMatchObject({
      title: 'Escort ship order slips a third time as yard cites costs',
      author: 'mkeane',
      date: '2024-05-14T08:30:00Z',
      site: 'Northern Ledger Defence',
    });
    expect(escort.article.body).toBe(
      'The second batch of escort ships will not be ordered this spring, the ministry confirmed on Tuesday, after the shipyard asked for another review of its price.\n\n' +
        'Officials said the delay – the third since 2022 – would not affect the ships already in build. Read the full timeline.',
    );
    expect(escort.article.sources.title).toEqual({ from: 'page', line: 45, column: 2 });
    // No GMT date (a draft): the local one, without a zone; no post_name: the post id.
    expect(letters.article.date).toBe('2024-05-30T16:20:00');
    expect(letters.id).toBe('post-104');
  });

  it('rebuilds the reply tree by parent ids, six levels deep, ordered by time whatever the file order', () => {
    expect(escort.comments.map(({ id, parentId, depth, author, time }) => [id, parentId, depth, author, time])).toEqual([
      ['201', null, 0, 'Gwen Ashford', '2024-05-14T09:02:11Z'],
      ['202', '201', 1, 'Tomasz K', '2024-05-14T09:15:40Z'],
      ['203', '202', 2, 'Gwen Ashford', '2024-05-14T09:31:05Z'],
      ['204', '203', 3, 'Harbourmaster', '2024-05-14T10:02:59Z'],
      ['205', '204', 4, 'Tomasz K', '2024-05-14T10:20:00Z'],
      ['206', '205', 5, 'Ruth Okafor', '2024-05-14T11:45:30Z'],
      ['215', '201', 1, 'Priya N', '2024-05-14T09:20:00Z'],
      ['207', null, 0, 'Lena Virtanen', '2024-05-14T09:40:00Z'],
      // comment_date_gmt is all zeros: the local comment_date, without a zone.
      ['208', '207', 1, 'Harbourmaster', '2024-05-14T13:10:00'],
      ['210', null, 0, 'Morag Keane', '2024-05-14T13:30:00Z'],
    ]);
    expect(Math.max(...escort.comments.map((comment) => comment.depth))).toBe(5);
    // The deepest reply and its grandparent come first in the file.
    expect(byId(escort, '206').line).toBeLessThan(byId(escort, '201').line);
    expect(byId(escort, '204').line).toBeLessThan(byId(escort, '203').line);
  });

  it('places each comment at its <wp:comment> start tag and ends it at its end tag', () => {
    expect(byId(escort, '206')).toMatchObject({ line: 84, column: 3, endLine: 97 });
    expect(byId(escort, '201')).toMatchObject({ line: 117, column: 3, endLine: 135 });
  });

  it('leaves pending, spam, pingbacks and trackbacks out of the tree and counts them', () => {
    expect(escort.hidden).toEqual({ pending: 1, spam: 1, pingback: 2, trackback: 1 });
    const ids = escort.comments.map((comment) => comment.id);
    for (const hidden of ['209', '211', '212', '213', '214']) expect(ids).not.toContain(hidden);
    expect(escort.comments.some((comment) => /watches|Awaiting moderation|&#8230;|linked to this story/.test(comment.text))).toBe(false);
    expect(escort.diagnostics).toContainEqual({ severity: 'info', code: 'hidden-comments', message: '1 pending, 1 spam, 2 pingbacks, 1 trackback not shown', line: 45, column: 2 });
  });

  it('keeps a reply to a pending comment as a flagged top-level comment and says why', () => {
    expect(byId(escort, '210').flags).toEqual(['orphan']);
    const warning = escort.diagnostics.find((diagnostic) => diagnostic.code === 'missing-parent');
    expect(warning).toEqual({
      severity: 'warning',
      code: 'missing-parent',
      message: 'expected the comment that 210 answers ("209") in the tree, found it held back as pending: 210 is shown as a top-level comment',
      line: 237,
      column: 3,
    });
  });

  it('decodes entities and reduces markup to text: links to their words, paragraphs to blank lines', () => {
    expect(byId(escort, '201').text).toBe('Third delay in two years. Last time it was steel prices & the time before that it was the design.\n\nWho actually signs these contracts off?');
    // Escaped rather than CDATA: the XML entities give HTML, whose own entities are then decoded.
    expect(byId(escort, '207').text).toBe('The audit office report says the design was only 60% mature when the first steel was cut & nobody stopped it. Worth a read – it’s short.');
    expect(byId(escort, '215').text).toBe('The minister, in the end. But only after the select committee has had its say.');
    expect(byId(escort, '204').text).toBe('Fixed price never means fixed.\n\nIt does if the contract is written by someone who has read one before.');
    expect(byId(escort, '208').text).toBe('Thanks Lena. Page 14 is the one to read.\n\nThe rest is the usual tables.');
    expect(byId(escort, '202').text).toBe('The treasury does, after the yard has already been told the answer.\nNobody wants the blame for a closed yard in a marginal seat.');
    expect(byId(briefing, '301').text).toBe('Twelve jets embarked, not “up to twenty-four” – that was the figure from the slides.');
    for (const thread of threads) for (const comment of thread.comments) expect(comment.text).not.toMatch(/[<>]|&[a-z#]+;/);
  });

  it('notes a password-protected post and gives no thread for the post without comments', () => {
    expect(briefing.diagnostics).toEqual([
      { severity: 'info', code: 'password-protected', message: 'the post is password-protected: readers of the site see it and its comments only with the password', line: 354, column: 3 },
    ]);
    expect(escort.diagnostics.some((diagnostic) => diagnostic.code === 'password-protected')).toBe(false);
    expect(threads.some((thread) => thread.id === 'reserve-forces-review')).toBe(false);
  });
});

describe('readWxr on a WXR 1.0 export (http namespace)', async () => {
  const { threads, problems } = await read(readWxr, fixture('wxr-1.0-http.xml'));

  it('matches its golden file', () => {
    expectGoldenThreads(threads, 'wxr-1.0-http.xml');
  });

  it('reads the one item with comments, the trackback counted, not shown', () => {
    expect(problems).toEqual([]);
    expect(threads).toHaveLength(1);
    const [thread] = threads as [Thread];
    expect(thread.id).toBe('barracks-closure-delay');
    expect(thread.article).toMatchObject({ title: 'Barracks closure: town council asks for a delay', author: 'editor', date: '2009-09-29T18:00:00Z', site: 'Garrison Town Gazette' });
    expect(thread.comments.map(({ id, parentId, author, time }) => [id, parentId, author, time])).toEqual([
      ['31', null, 'Bill Harker', '2009-09-29T19:12:44Z'],
      ['32', '31', 'Sgt (retd) Joan Pell', '2009-09-29T20:40:02Z'],
      ['34', null, 'Dev Mistry', '2009-09-30T06:15:00Z'],
    ]);
    expect(thread.hidden).toEqual({ trackback: 1 });
    expect(thread.diagnostics).toEqual([{ severity: 'info', code: 'hidden-comments', message: '1 trackback not shown', line: 21, column: 2 }]);
    expect(byId(thread, '32').text).toBe('Bill, the shops were here before the barracks & they will be here after. Plan for it.');
    expect(byId(thread, '34').text).toBe('My father served there in 1982.\nHe says the same thing was said then.');
  });
});

describe('readWxr: namespaces', () => {
  const item = (prefix: string) =>
    `<item><title>T</title><${prefix}:post_name>story</${prefix}:post_name><${prefix}:comment><${prefix}:comment_id>1</${prefix}:comment_id>` +
    `<${prefix}:comment_content>Hello</${prefix}:comment_content><${prefix}:comment_parent>0</${prefix}:comment_parent></${prefix}:comment></item>`;
  const document = (declaration: string, prefix = 'wp') => `<?xml version="1.0"?>\n<rss version="2.0" ${declaration}><channel><title>Site</title>${item(prefix)}</channel></rss>\n`;

  it.each([
    ['http 1.0', 'xmlns:wp="http://wordpress.org/export/1.0/"'],
    ['http 1.1', 'xmlns:wp="http://wordpress.org/export/1.1/"'],
    ['https 1.2', 'xmlns:wp="https://wordpress.org/export/1.2/"'],
  ])('reads the wp: namespace by its URI (%s)', async (_name, declaration) => {
    const { threads, problems } = await read(readWxr, document(declaration));
    expect(problems).toEqual([]);
    expect(threads.map((thread) => [thread.id, thread.comments.map((comment) => comment.text)])).toEqual([['story', ['Hello']]]);
  });

  it('reads the namespace under any prefix, and not a wp: prefix bound to another URI', async () => {
    const other = await read(readWxr, document('xmlns:wordpress="https://wordpress.org/export/1.2/"', 'wordpress'));
    expect(other.threads.map((thread) => thread.id)).toEqual(['story']);
    const impostor = await read(readWxr, document('xmlns:wp="https://example.com/not-wordpress/" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"'));
    expect(impostor.threads).toEqual([]);
    expect(impostor.problems.map((problem) => problem.code)).toEqual(['not-wxr']);
  });

  it('reads an export that forgets to declare the wp: prefix', async () => {
    const { threads, problems } = await read(readWxr, document(''));
    expect(problems).toEqual([]);
    expect(threads.map((thread) => thread.id)).toEqual(['story']);
  });

  it('counts lines the way editors do, whatever the line ends', async () => {
    const text = document('xmlns:wp="http://wordpress.org/export/1.2/"').replace('<item>', '\n\n  <item>').replace('<wp:comment>', '\n    <wp:comment>');
    for (const ending of ['\n', '\r\n']) {
      const { threads } = await read(readWxr, text.replaceAll('\n', ending), [5]);
      expect(threads[0]!.comments[0]).toMatchObject({ line: 5, column: 5, endLine: 5 });
    }
  });
});

describe('readDisqus', async () => {
  const { threads, problems } = await read(readDisqus, fixture('disqus-export.xml'));
  const [air, reserves] = threads as [Thread, Thread];

  it('matches its golden file', () => {
    expectGoldenThreads(threads, 'disqus-export.xml');
  });

  it('emits the threads with posts in the order of their <thread> elements, ids from the link', () => {
    expect(problems).toEqual([]);
    expect(threads.map((thread) => [thread.id, thread.format, thread.article.title, thread.article.site])).toEqual([
      ['air-defence-shortfall', 'disqus', 'Air defence shortfall – what the review left out', 'www.ledger.example.org'],
      ['thread-7300000102', 'disqus', 'Open thread: reserves and recruitment', 'forum.example.net'],
    ]);
    expect(air.article.sources.title).toEqual({ from: 'page', line: 8, column: 3 });
  });

  it('rebuilds each tree from the interleaved posts and their parents', () => {
    expect(air.comments.map(({ id, parentId, depth, author, time }) => [id, parentId, depth, author, time])).toEqual([
      ['6100000001', null, 0, 'Ola Nygaard', '2024-06-03T08:01:15Z'],
      ['6100000003', '6100000001', 1, 'Sam Whitlock', '2024-06-03T08:20:44Z'],
      ['6100000007', '6100000003', 2, 'Ola Nygaard', '2024-06-03T08:45:00Z'],
      ['6100000006', null, 0, 'Ola Nygaard', '2024-06-03T09:30:00Z'],
    ]);
    expect(reserves.comments.map(({ id, parentId, author }) => [id, parentId, author])).toEqual([
      ['6100000002', null, 'Guest Reader'],
      ['6100000008', '6100000002', 'Dieter Brandt'],
    ]);
    expect(byId(air, '6100000001')).toMatchObject({ line: 56, column: 3, endLine: 68 });
  });

  it('reads the HTML messages as text', () => {
    expect(byId(air, '6100000001').text).toBe('The review counts launchers, not missiles. Six launchers with nothing to fire is still nothing.\n\nSee the stocks piece from March.');
    expect(byId(air, '6100000006').text).toBe('Whatever they said, I agree with the second half.\nThe first half was wrong.');
    expect(byId(reserves, '6100000002').text).toBe('Recruitment adverts keep promising adventure. The reservists I know want their employers paid for the time off & a pension that counts it.');
  });

  it('leaves deleted and spam posts out, counts them, and explains the reply to a deleted post', () => {
    expect(air.hidden).toEqual({ deleted: 1 });
    expect(reserves.hidden).toEqual({ spam: 1 });
    expect(threads.flatMap((thread) => thread.comments.map((comment) => comment.id))).not.toContain('6100000004');
    expect(threads.flatMap((thread) => thread.comments.map((comment) => comment.id))).not.toContain('6100000005');
    expect(air.diagnostics).toEqual([
      { severity: 'info', code: 'hidden-comments', message: '1 deleted not shown', line: 8, column: 3 },
      {
        severity: 'warning',
        code: 'missing-parent',
        message: 'expected the comment that 6100000006 answers ("6100000004") in the tree, found it left out as deleted: 6100000006 is shown as a top-level comment',
        line: 120,
        column: 3,
      },
    ]);
    expect(byId(air, '6100000006').flags).toEqual(['orphan']);
    expect(reserves.diagnostics).toEqual([{ severity: 'info', code: 'hidden-comments', message: '1 spam not shown', line: 24, column: 3 }]);
  });

  it('keeps posts of a thread it was never told about, and reports a post that names no thread', async () => {
    const text =
      '<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">\n' +
      '<thread dsq:id="1"><id>site-a</id><link>https://example.org/a/</link><title>A</title></thread>\n' +
      '<post dsq:id="10"><message>by site id</message><thread>site-a</thread></post>\n' +
      '<post dsq:id="11"><message>unknown thread</message><thread dsq:id="2"/></post>\n' +
      '<post dsq:id="12"><message>no thread</message></post>\n' +
      '</disqus>\n';
    const result = await read(readDisqus, text);
    expect(result.threads.map((thread) => [thread.id, thread.comments.map((comment) => comment.id)])).toEqual([
      ['a', ['10']],
      ['thread-2', ['11']],
    ]);
    expect(result.threads[1]!.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['unknown-thread']);
    expect(result.problems).toEqual([{ severity: 'warning', code: 'post-without-thread', message: 'expected a <thread dsq:id="…"> in the post that starts here, found none: the post is left out', line: 5, column: 1 }]);
  });

  it('stops at malformed XML, keeping the posts read and warning on the thread of the post being read', async () => {
    const broken = fixture('disqus-export.xml').replace('<parent dsq:id="6100000003" />', '<parent dsq:id="6100000003">');
    const result = await read(readDisqus, broken, [7]);
    expect(result.problems).toEqual([]);
    expect(result.threads.map((thread) => [thread.id, thread.comments.map((comment) => comment.id)])).toEqual([
      ['air-defence-shortfall', ['6100000001', '6100000003', '6100000006']],
      ['thread-7300000102', ['6100000002']],
    ]);
    expect(result.threads[0]!.diagnostics).toContainEqual({
      severity: 'warning',
      code: 'malformed-xml',
      message: 'reading stopped: expected </parent> (opened at line 146, column 5), found </post> at line 147, column 3; the post that starts at line 134 is left out; the posts after it are not read',
      line: 147,
      column: 3,
    });
    expect(result.threads[1]!.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(['hidden-comments']);
  });

  it('reports a fault in a post whose thread is not yet known as a file problem', async () => {
    const broken = fixture('disqus-export.xml').replace('<name>Sam Whitlock</name>', '<name>Sam Whitlock</nam>');
    const result = await read(readDisqus, broken, [7]);
    expect(result.threads.map((thread) => [thread.id, thread.comments.map((comment) => comment.id)])).toEqual([
      ['air-defence-shortfall', ['6100000001']],
      ['thread-7300000102', ['6100000002']],
    ]);
    expect(result.problems).toEqual([
      {
        severity: 'warning',
        code: 'malformed-xml',
        message: 'reading stopped: expected </name> (opened at line 88, column 7), found </nam> at line 88, column 25; the post that starts at line 81 is left out; the posts after it are not read',
        line: 88,
        column: 25,
      },
    ]);
  });
});

describe('readWxr on malformed XML', async () => {
  const text = fixture('wxr-malformed.xml');
  const { threads, problems } = await read(readWxr, text);

  it('matches its golden file', () => {
    expectGoldenThreads(threads, 'wxr-malformed.xml');
  });

  it('keeps the complete first thread and the second as far as it was read, with where and why reading stopped', () => {
    expect(problems).toEqual([]);
    expect(threads.map((thread) => [thread.id, thread.comments.map((comment) => comment.id)])).toEqual([
      ['patrol-boats-handed-over', ['71', '72']],
      ['harbour-radar-contract', ['81']],
    ]);
    expect(threads[0]!.diagnostics).toEqual([]);
    expect(threads[1]!.diagnostics).toEqual([
      {
        severity: 'warning',
        code: 'malformed-xml',
        message: 'reading stopped: expected </wp:comment_content> (opened at line 60, column 4), found </wp:comment> at line 64, column 3; the comment that starts at line 56 is left out',
        line: 64,
        column: 3,
      },
    ]);
    expect(threads.flatMap((thread) => thread.comments.map((comment) => comment.author))).not.toContain('Never Read');
  });

  it('reads no further chunk once the fault is found', async () => {
    let pulled = 0;
    const chunks = (async function* () {
      for await (const chunk of inChunks(text, [100])) {
        pulled++;
        yield chunk;
      }
    })();
    await readWxr(chunks, { file: 'export.xml', columns: { ...DEFAULT_RECORD_COLUMNS } }, () => {});
    // The fault is the `>` of the </wp:comment> on line 64.
    const lineStart = text.split('\n').slice(0, 63).join('\n').length + 1;
    const fault = text.indexOf('</wp:comment>', lineStart) + '</wp:comment>'.length - 1;
    expect(pulled).toBe(Math.floor(fault / 100) + 1);
  });

  it('reports a file cut short, and a fault outside any item as a file problem', async () => {
    const cut = await read(readWxr, text.slice(0, text.indexOf('Only bidder')), [13]);
    expect(cut.threads.map((thread) => thread.id)).toEqual(['patrol-boats-handed-over', 'harbour-radar-contract']);
    expect(cut.threads[1]!.comments).toEqual([]);
    expect(cut.threads[1]!.diagnostics[0]!.message).toBe(
      'reading stopped: expected </wp:comment_content> (opened at line 51, column 4), found the end of the input at line 51, column 33; the comment that starts at line 47 is left out',
    );

    const early = await read(readWxr, text.replace('<title>Coastal Defence Notes</title>', '<title>Coastal Defence Notes</titel>'));
    expect(early.threads).toEqual([]);
    expect(early.problems).toEqual([
      { severity: 'warning', code: 'malformed-xml', message: 'reading stopped: expected </title> (opened at line 8, column 2), found </titel> at line 8, column 30', line: 8, column: 30 },
    ]);

    const notXml = await read(readWxr, 'This is a page dump, not an export.\n', [4]);
    expect(notXml.problems.map(({ code, line, column }) => [code, line, column])).toEqual([['malformed-xml', 1, 1]]);
  });

  it('leaves out control characters XML forbids, says so, and reads on', async () => {
    const withControls = text.replace('Good to see them', 'Good\u000B to see\u0001 them');
    const result = await read(readWxr, withControls, [9]);
    expect(byId(result.threads[0]!, '71').text).toBe('Good to see them finally in service.');
    expect(result.threads[0]!.diagnostics).toEqual([
      { severity: 'warning', code: 'invalid-character', message: 'expected characters XML allows, found 2 control characters (the first here): left out of the text', line: 23, column: 37 },
    ]);
    expect(result.threads.map((thread) => thread.id)).toEqual(['patrol-boats-handed-over', 'harbour-radar-contract']);
  });
});

describe('streaming', () => {
  it.each(FIXTURE_READERS)('%s reads the same in one chunk, in 7-character chunks and one character at a time', async (name, reader) => {
    const text = fixture(name);
    const whole = JSON.stringify(await read(reader, text));
    expect(JSON.stringify(await read(reader, text, [7]))).toBe(whole);
    expect(JSON.stringify(await read(reader, text, [1]))).toBe(whole);
  });

  it('hands a WXR thread over as soon as its item ends, before the rest of the file is read', async () => {
    const text = fixture('wxr-theme-test.xml');
    let pulled = 0;
    const pulledAtEmit: number[] = [];
    const chunks = (async function* () {
      for await (const chunk of inChunks(text, [512])) {
        pulled++;
        yield chunk;
      }
    })();
    await readWxr(chunks, { file: 'export.xml', columns: { ...DEFAULT_RECORD_COLUMNS } }, () => pulledAtEmit.push(pulled));
    const firstItemEnd = text.indexOf('</item>') + '</item>'.length - 1;
    expect(pulledAtEmit).toHaveLength(3);
    expect(pulledAtEmit[0]).toBe(Math.floor(firstItemEnd / 512) + 1);
    expect(pulledAtEmit[0]).toBeLessThan(Math.ceil(text.length / 512));
  });

  it('gives the same threads and problems for any chunking (property)', async () => {
    const texts = FIXTURE_READERS.map(([name, reader]) => ({ name, reader, text: fixture(name) }));
    const expected = await Promise.all(texts.map(async ({ reader, text }) => JSON.stringify(await read(reader, text))));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: texts.length - 1 }), fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 40 }), async (index, sizes) => {
        const { reader, text } = texts[index]!;
        expect(JSON.stringify(await read(reader, text, sizes))).toBe(expected[index]);
      }),
      bounded(30_000, { numRuns: 60, seed: 20240614 }),
    );
  });
});

describe('generateWxr', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'threadlens-wxr-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a seeded export of about the size asked that readWxr reads whole', async () => {
    const file = path.join(dir, 'a.xml');
    const result = await generateWxr(file, 400_000, 42);
    expect(result.bytes).toBe(statSync(file).size);
    expect(result.bytes).toBeGreaterThanOrEqual(400_000);
    expect(result.bytes).toBeLessThan(400_000 + 200_000);
    const again = path.join(dir, 'b.xml');
    expect(await generateWxr(again, 400_000, 42)).toEqual(result);
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(file, 'utf8'));

    const { threads, problems } = await read(readWxr, readFileSync(file, 'utf8'), [65_536]);
    expect(problems).toEqual([]);
    const shown = threads.reduce((sum, thread) => sum + thread.comments.length, 0);
    const hidden = threads.reduce((sum, thread) => sum + Object.values(thread.hidden).reduce((a, b) => a + (b ?? 0), 0), 0);
    expect(shown + hidden).toBe(result.comments);
    expect(threads.length).toBeLessThanOrEqual(result.posts);
    expect(Math.max(...threads.flatMap((thread) => thread.comments.map((comment) => comment.depth)))).toBeGreaterThanOrEqual(3);
    expect(threads.every((thread) => thread.article.body.length > 2000)).toBe(true);
  });
});
