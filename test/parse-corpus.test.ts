import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from '../src/index.js';
import { renderThreadJson } from '../src/report/json.js';
import { FIXTURES, ROOT, expectGolden, readBytes, treeShape } from './helpers.js';

const UKDJ = 'corpus/003_d568973889bbf5ad.txt';
const parseCorpus = (file: string) => parse(readBytes(file), { file });

describe('the sample UKDJ thread', () => {
  const thread = parseCorpus(UKDJ);

  it('has 24 comments in 6 top-level threads, every parent as a careful reader assigns it', () => {
    const tree = thread.comments.map(({ parentId, depth, text }) => [parentId, depth, text.split(/\s+/).slice(0, 4).join(' ')]);
    expect(tree).toEqual([
      [null, 0, 'I hope Russia leaves'],
      ['c1', 1, 'Hi Mike, what’s the'],
      ['c2', 3, 'I absolutely support giving'],
      ['c2', 2, 'Absolutely none practically, and'],
      ['c1', 1, 'I feel two ways'],
      ['c5', 4, 'Hmm like he and'],
      ['c5', 3, 'It’s been quite a'],
      [null, 0, 'Irreversible seems the wrong'],
      ['c8', 1, 'There’s something to be'],
      ['c8', 1, 'I said something like'],
      ['c8', 1, 'I’d go for Nato'],
      ['c11', 2, 'The hope being Russia'],
      ['c12', 3, 'I think any buffer'],
      [null, 0, 'The “irreversible” path to'],
      ['c14', 1, 'And every nato nation'],
      [null, 0, 'When there is peace,'],
      ['c16', 1, 'Surrounded by NATO? Putin'],
      ['c17', 2, 'i can read a'],
      ['c16', 1, 'Sounds like appeasement Martin.'],
      ['c19', 2, 'To a degree i'],
      ['c16', 1, 'The being surrounded by'],
      ['c21', 2, 'Do you feel this'],
      [null, 0, 'Shame on the US'],
      [null, 0, 'Hopefully this pointless war'],
    ]);
    expect(thread.comments.filter((comment) => comment.parentId === null).map((comment) => comment.number)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('keeps the in-comment bullet list inside "I feel two ways about this"', () => {
    const comment = thread.comments[4]!;
    expect(comment.flags).toEqual(['list']);
    expect(comment.text).toContain(
      '• We sent tanks first, prompting the US and Germany to send their own\n• We sent Storm Shadow missiles first',
    );
    expect(comment.text.endsWith('we shouldn’t kowtow to evil bastards like Putin. Ever.')).toBe(true);
  });

  it('declares 33 comments and warns about the 9 it cannot see', () => {
    expect(thread.article.declaredCommentCount).toBe(33);
    expect(thread.diagnostics).toContainEqual({
      severity: 'warning',
      code: 'count-mismatch',
      message: 'the page declares 33 comments but 24 were found (9 not shown or not captured)',
      line: 24,
      column: 1,
    });
  });

  it('reads the author box and keeps it, and the comments, out of the article body', () => {
    expect(thread.article.author).toBe('Lisa West');
    expect(thread.article.body).not.toContain('Lisa');
    expect(thread.article.body).not.toContain('COMMENTS');
    expect(thread.article.body.startsWith('Secretary General Jens Stoltenberg visited Kyiv')).toBe(true);
  });

  it('gives the same tree from a copy with CRLF line ends and a BOM, or lone CRs', () => {
    const text = new TextDecoder().decode(readBytes(UKDJ));
    const crlf = parse(new TextEncoder().encode('\ufeff' + text.replace(/\n/g, '\r\n')), { file: UKDJ });
    const lonecr = parse('\ufeff' + text.replace(/\n/g, '\r'), { file: UKDJ });
    expect(crlf).toEqual(thread);
    expect(lonecr).toEqual(thread);
  });

  it('gives the same tree when indentation uses tabs and no-break spaces', () => {
    const text = new TextDecoder().decode(readBytes(UKDJ));
    const retabbed = text
      .split('\n')
      .map((line) => {
        const indent = /^ */.exec(line)![0].length;
        const tabs = '\t'.repeat(Math.floor(indent / 8));
        return tabs + '\u00a0'.repeat(indent % 8) + line.slice(indent);
      })
      .join('\n');
    expect(retabbed).not.toBe(text);
    expect(treeShape(parse(retabbed, { file: UKDJ }))).toEqual(treeShape(thread));
  });
});

describe('the four article pages without comments', () => {
  const expected: Record<string, { title: string; date: string | null; site: string; author: string | null }> = {
    'corpus/000_71864af123683f1b.txt': {
      title: 'Stoltenberg admits NATO’s pre-war support for Ukraine fell short',
      date: null,
      site: 'Euromaidan Press',
      author: null,
    },
    'corpus/001_fc592c1dcf27a617.txt': {
      title: 'Former NATO Chief Stoltenberg Says Alliance Let Ukraine Down, Washington Was ‘Defeatist’',
      date: null,
      site: 'AMN',
      author: null,
    },
    'corpus/002_e7d0147381a68862.txt': {
      title: 'Stoltenberg recalled a painful conversation with Zelensky in February 2022',
      date: '2025-11-09',
      site: 'online.ua',
      author: null,
    },
    'corpus/004_16edb1bee11da1a2.txt': {
      title: 'Stoltenberg: Long-term NATO support for Ukraine can show Russia it cannot win the war',
      date: '2024-04-03T14:44',
      site: 'The Kyiv Independent',
      author: 'Kateryna Denisova and The Kyiv Independent news desk',
    },
  };
  for (const [file, article] of Object.entries(expected)) {
    it(`${path.basename(file)}: zero comments, title, date and site`, () => {
      const thread = parseCorpus(file);
      expect(thread.comments).toEqual([]);
      expect(thread.article).toMatchObject(article);
      expect(thread.diagnostics.filter((diagnostic) => diagnostic.severity !== 'info')).toEqual([]);
    });
  }

  it('keeps page furniture out of the article bodies', () => {
    const bodies = Object.keys(expected).map((file) => parseCorpus(file).article.body);
    for (const furniture of ['Privacy and Cookie Policies', 'indicates required', 'Telegram channel', 'Skip to content', 'Related', 'You could close this page', 'Subscribe', 'News Feed', 'Photo:']) {
      for (const body of bodies) expect(body).not.toContain(furniture);
    }
  });
});

describe('every corpus file', () => {
  for (const name of readdirSync(path.join(ROOT, 'corpus')).filter((file) => file.endsWith('.txt'))) {
    it(`${name} parses without errors and matches its golden tree`, () => {
      const thread = parseCorpus(`corpus/${name}`);
      expect(thread.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
      expect(JSON.parse(JSON.stringify(thread))).toEqual(thread);
      expectGolden(renderThreadJson([thread], true), path.join(FIXTURES, 'corpus', `${name.replace(/\.txt$/, '')}.json`));
    });
  }
});
