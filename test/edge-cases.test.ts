import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseFrames, scoreIncivility, scoreSentiment, ThreadlensError } from '../src/index.js';
import { normaliseIsoDate } from '../src/parse/dates.js';
import { addressedName } from '../src/analyse/text.js';
import { runCli } from './helpers.js';

const THREAD = '2 COMMENTS\n\n  1. Buffer zone talk again, a protectorate in the west.\n\n    • Agreed, a buffer zone is sensible.\n';
const scratch = () => mkdtempSync(path.join(tmpdir(), 'threadlens-edge-'));

describe('runs that fail or collide', () => {
  it('analyse with nothing readable leaves the previous reports untouched', async () => {
    const dir = scratch();
    writeFileSync(path.join(dir, 'page.txt'), THREAD);
    expect((await runCli(['analyse', 'page.txt', '--out', 'out', '--quiet'], dir)).code).toBe(0);
    const before = readFileSync(path.join(dir, 'out', 'summary.md'));
    const { code } = await runCli(['analyse', 'missing.txt', '--out', 'out', '--quiet'], dir);
    expect(code).toBe(1);
    expect(readFileSync(path.join(dir, 'out', 'summary.md')).equals(before)).toBe(true);
  });

  it('pages with the same file name in different folders get distinct thread ids', async () => {
    const dir = scratch();
    for (const folder of ['a', 'b']) {
      mkdirSync(path.join(dir, folder));
      writeFileSync(path.join(dir, folder, 'x.txt'), THREAD);
    }
    const { stdout } = await runCli(['export', 'a/x.txt', 'b/x.txt'], dir);
    const rows = parseCsv(stdout, { columns: true }) as Array<Record<string, string>>;
    expect([...new Set(rows.map((row) => row['thread_id']))]).toEqual(['x', 'x-2']);
    const out = await runCli(['analyse', 'a/x.txt', 'b/x.txt', '--out', 'out', '--quiet'], dir);
    expect(out.code).toBe(0);
    expect(readdirSync(path.join(dir, 'out')).filter((name) => name.endsWith('.md')).sort()).toEqual(['summary.md', 'x-2.md', 'x.md']);
  });
});

describe('parse --json shape follows the command line', () => {
  it('an object for one named file, an array for a folder, nothing when the one file fails', async () => {
    const dir = scratch();
    mkdirSync(path.join(dir, 'pages'));
    writeFileSync(path.join(dir, 'pages', 'one.txt'), THREAD);
    expect(Array.isArray(JSON.parse((await runCli(['parse', 'pages/one.txt', '--json'], dir)).stdout))).toBe(false);
    expect(Array.isArray(JSON.parse((await runCli(['parse', 'pages', '--json'], dir)).stdout))).toBe(true);
    expect(JSON.parse((await runCli(['parse', 'pages/one.txt', 'missing.txt', '--json'], dir)).stdout)).toHaveLength(1);
    expect((await runCli(['parse', 'missing.txt', '--json'], dir)).stdout).toBe('');
  });
});

describe('smaller promises', () => {
  it('finds incivility when another character changes length in lower case', () => {
    expect(scoreIncivility('You are an IDIOT. İstanbul is nice.', true).kinds).toEqual(['insult']);
  });

  it('refuses frame ids that name discovered clusters', () => {
    expect(() => parseFrames('{"frames":[{"id":"extra-1","label":"x"}]}', 'f.json')).toThrow(ThreadlensError);
  });

  it('hands out cached scores that nobody can change', () => {
    const score = scoreSentiment('A brilliant plan.');
    expect(() => {
      (score as { score: number }).score = -1;
    }).toThrow(TypeError);
    expect(scoreSentiment('A brilliant plan.').score).toBeGreaterThan(0);
  });

  it('takes dates as YYYY-MM-DD or YYYY-MM-DDTHH:MM only', () => {
    expect(normaliseIsoDate('2024-04-03')).toBe('2024-04-03');
    expect(normaliseIsoDate('2024-04-03T23:30')).toBe('2024-04-03T23:30');
    expect(normaliseIsoDate('2024-04-03T23:30:00+05:00')).toBeNull();
    expect(normaliseIsoDate('2024-02-30')).toBeNull();
  });

  it('names the flag that was wrong in a usage error', async () => {
    const dir = scratch();
    writeFileSync(path.join(dir, 'page.txt'), THREAD);
    writeFileSync(path.join(dir, 'lex.json'), '{}');
    const { code, stderr } = await runCli(['export', 'page.txt', '--lexicon', 'lex.json', '--extra-clusters', '500'], dir);
    expect(code).toBe(2);
    expect(stderr).not.toContain('lex.json:');
    expect(stderr).toContain('extraClusters');
  });

  it('does not take an opening word for a name', () => {
    expect(addressedName('Absolutely, that is right.')).toBeNull();
    expect(addressedName('No, that is false.')).toBeNull();
    expect(addressedName('Hi Mike, what is the difference?')).toBe('Mike');
    expect(addressedName('@dave read the article')).toBe('@dave');
  });
});

describe('work that stays linear', () => {
  it('finds heated chains and compares snapshots of a comment with 20,000 replies', async () => {
    const { analyseRun, compare, parse, snapshotOf } = await import('../src/index.js');
    const page = (extra: string[]): string => {
      const lines = ['20003 COMMENTS', '', '  1. Start of a long argument about buffer zones.', ''];
      for (let i = 0; i < 20_000; i++) lines.push(`    • No, that is wrong, reply ${i}.`, '');
      // One chain where each reply contradicts the one before, turning hostile: a heated subthread.
      lines.push('    • No, that is wrong, the buffer zone would hold.', '', '      • No, that is false, you idiot, it would collapse.', '');
      return [...lines, ...extra].join('\n');
    };
    const snapshot = (text: string) => {
      const run = analyseRun([parse(text, { file: 'wide.txt' })], { extraClusters: 0 });
      return snapshotOf(run, run.threads[0]!);
    };
    const old = snapshot(page([]));
    const now = snapshot(page(['    • A late reply nobody saw before.', '']));
    expect(old.metrics.comments).toBe(20_003);
    expect(old.metrics.stanceShares.disagree).toBeGreaterThan(0.5);
    expect(old.metrics.heated.some((chain) => chain.commentIds.at(-1) === 'c20003')).toBe(true);
    const result = compare([old, now]);
    expect(result.mode).toBe('snapshots');
    if (result.mode !== 'snapshots') return;
    expect(result.added).toEqual([expect.objectContaining({ id: 'c20004', parentId: 'c1', text: 'A late reply nobody saw before.' })]);
    expect(result.removed).toEqual([]);
    expect(result.edited).toEqual([]);
    expect(result.subthreads).toEqual([expect.objectContaining({ rootId: 'c1', before: 20_002, after: 20_003 })]);
  });
});
