import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, runCli } from './helpers.js';

const SAMPLE = path.join(ROOT, 'corpus', '003_d568973889bbf5ad.txt');
const LATER = path.join(FIXTURES, 'compare', '003_d568973889bbf5ad-later.txt');
const TREND = ['trend-c.txt', 'trend-a.txt', 'trend-b.txt'].map((name) => path.join(FIXTURES, 'compare', name));
const scratch = (prefix: string) => mkdtempSync(path.join(tmpdir(), prefix));
const starts = (entries: Array<{ text: string }>) => entries.map((entry) => entry.text.split(/\s+/).slice(0, 4).join(' '));

describe('comparing two snapshots of the sample thread', () => {
  it('reports what was added, removed and edited, and the shifts', async () => {
    const { code, stdout } = await runCli(['compare', SAMPLE, LATER, '--same-thread', '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.mode).toBe('snapshots');
    expect(starts(result.added)).toEqual(['Exactly this. Nobody wants', 'Appeasement never works; every']);
    expect(result.added.map((entry: { id: string }) => entry.id)).toEqual(['c10', 'c24']);
    expect(starts(result.removed)).toEqual(['The hope being Russia', 'And every nato nation']);
    expect(result.removed.map((entry: { id: string }) => entry.id)).toEqual(['c12', 'c15']);
    expect(result.edited).toHaveLength(1);
    expect(result.edited[0]).toMatchObject({ old: { id: 'c22', line: 106 }, new: { id: 'c21' } });
    expect(result.edited[0].new.text).toContain('it’s just a guess');
    expect(result.declaredCount).toEqual({ old: 33, new: 35 });
    expect(result.comments).toEqual({ old: 24, new: 24 });
    expect(Object.keys(result.shifts.stance)).toEqual(['agree', 'disagree', 'query', 'neutral']);
    expect(result.shifts.meanSentiment).toMatchObject({ old: expect.any(Number), new: expect.any(Number), change: expect.any(Number) });
    expect(result.subthreads).toContainEqual(expect.objectContaining({ rootId: 'c14', before: 1, after: 0 }));
    expect(result.subthreads).toContainEqual(expect.objectContaining({ rootId: 'c24', oldRootId: null }));
  });

  it('keeps the reply of a deleted comment matched, though it now hangs elsewhere', async () => {
    const result = JSON.parse((await runCli(['compare', SAMPLE, LATER, '--same-thread', '--json'])).stdout);
    const texts = [...result.added, ...result.removed].map((entry: { text: string }) => entry.text);
    expect(texts.some((text: string) => text.startsWith('I think any buffer zone'))).toBe(false);
  });

  it('gives the same answer from snapshots written by analyse, and writes compare.md', async () => {
    const before = scratch('threadlens-before-');
    const after = scratch('threadlens-after-');
    expect((await runCli(['analyse', SAMPLE, '--out', before, '--quiet'])).code).toBe(0);
    expect((await runCli(['analyse', LATER, '--out', after, '--quiet'])).code).toBe(0);
    const out = scratch('threadlens-compare-');
    const fromSnapshots = await runCli(['compare', path.join(before, '003_d568973889bbf5ad.json'), path.join(after, '003_d568973889bbf5ad-later.json'), '--same-thread', '--json', '--out', out]);
    const fromPages = JSON.parse((await runCli(['compare', SAMPLE, LATER, '--same-thread', '--json'])).stdout);
    const result = JSON.parse(fromSnapshots.stdout);
    // Everything: added, removed, edited, subthreads, flags, heated chains, every shift, and no warning.
    expect(result).toEqual(fromPages);
    expect(result.shifts.clusters.length).toBeGreaterThan(2);
    expect(result.shifts.clusters.every((entry: { comparable: boolean }) => entry.comparable)).toBe(true);
    expect(result.warnings).toEqual([]);
    const markdown = readFileSync(path.join(out, 'compare.md'), 'utf8');
    expect(markdown).toContain('2 added, 2 removed, 1 edited');
    expect(markdown).toContain('## Shifts');
  });

  it('diffs two dumps with the same file name instead of trending them', async () => {
    const a = scratch('threadlens-a-');
    const b = scratch('threadlens-b-');
    cpSync(SAMPLE, path.join(a, 'page.txt'));
    cpSync(LATER, path.join(b, 'page.txt'));
    const { code, stdout } = await runCli(['compare', path.join(a, 'page.txt'), path.join(b, 'page.txt'), '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.mode).toBe('snapshots');
    expect(result.threadId).toEqual({ old: 'page', new: 'page' });
    expect(result.added).toHaveLength(2);
  });

  it('lists the parent of every added reply', async () => {
    const result = JSON.parse((await runCli(['compare', SAMPLE, LATER, '--same-thread', '--json'])).stdout);
    const [reply, topLevel] = result.added;
    expect(reply.parentId).toMatch(/^c\d+$/);
    expect(topLevel.parentId).toBeNull();
    const markdown = (await runCli(['compare', SAMPLE, LATER, '--same-thread'])).stdout;
    expect(markdown).toContain(`| **${reply.id}** | ${reply.line} | **${reply.parentId}** |`);
  });

  it('warns when the snapshots were made with other frames, and claims no shift for a frame only one run had', async () => {
    const dir = scratch('threadlens-frames-');
    const frames = [
      { id: 'buffer-zone', label: 'Buffer zones', terms: ['buffer zone', 'protectorate'] },
      { id: 'peace-talks', label: 'Peace talks', terms: ['peace', 'ceasefire', 'negotiate', 'talks', 'deal'] },
    ];
    writeFileSync(path.join(dir, 'frames.json'), JSON.stringify({ frames }));
    const before = path.join(dir, 'before');
    const after = path.join(dir, 'after');
    expect((await runCli(['analyse', SAMPLE, '--out', before, '--quiet', '--extra-clusters', '0'])).code).toBe(0);
    expect((await runCli(['analyse', LATER, '--out', after, '--quiet', '--extra-clusters', '0', '--frames', 'frames.json'], dir)).code).toBe(0);
    const { code, stdout, stderr } = await runCli(['compare', path.join(before, '003_d568973889bbf5ad.json'), path.join(after, '003_d568973889bbf5ad-later.json'), '--same-thread', '--json']);
    expect(code).toBe(0);
    expect(stderr).toMatch(/expected snapshots made with the same frames, found .+ \[different-frames\]$/m);
    const result = JSON.parse(stdout);
    expect(result.warnings.map((warning: { code: string }) => warning.code)).toContain('different-frames');
    const entry = (key: string) => result.shifts.clusters.find((shift: { key: string }) => shift.key === key);
    // Only in the new run's frames; only in the old run's; in both, but with shares of differently clustered comments.
    expect(entry('frame:peace-talks')).toMatchObject({ comparable: false, old: null, new: expect.any(Number), change: null });
    expect(entry('frame:appeasement')).toMatchObject({ comparable: false, old: expect.any(Number), new: null, change: null });
    expect(entry('frame:buffer-zone')).toMatchObject({ comparable: false, old: expect.any(Number), new: expect.any(Number), change: null });
    expect(result.shifts.clusters.every((shift: { change: number | null }) => shift.change === null)).toBe(true);
  });

  it('refuses a snapshot of version 1, naming the version', async () => {
    const dir = scratch('threadlens-v1-');
    writeFileSync(path.join(dir, 'old.json'), JSON.stringify({ schema: 'threadlens-snapshot', version: 1, threadId: 'x', thread: { comments: [] }, keys: [], scores: [], clusterIds: [] }));
    const { code, stderr } = await runCli(['compare', 'old.json', SAMPLE], dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^old\.json: expected snapshot version 2, found version 1 .+ \[invalid-snapshot\]$/m);
  });

  it('refuses what is not a snapshot, naming the file', async () => {
    const dir = scratch('threadlens-badsnap-');
    writeFileSync(path.join(dir, 'old.json'), '{"schema":"something-else"}');
    const { code, stderr } = await runCli(['compare', 'old.json', SAMPLE], dir);
    expect(code).toBe(1);
    expect(stderr).toContain('old.json: expected a threadlens snapshot');
    expect((await runCli(['compare', 'corpus', SAMPLE])).code).toBe(2);
  });
});

describe('a trend over several dated threads', () => {
  it('orders the threads by article date and writes Markdown with line charts and a long CSV', async () => {
    const out = scratch('threadlens-trend-');
    const { code, stdout } = await runCli(['compare', ...TREND, '--out', out]);
    expect(code).toBe(0);
    expect(stdout).toContain('# Trend across threads');
    expect(stdout.indexOf('`trend-a`')).toBeLessThan(stdout.indexOf('`trend-b`'));
    expect(stdout.indexOf('`trend-b`')).toBeLessThan(stdout.indexOf('`trend-c`'));
    expect(stdout).toContain('xychart-beta');
    expect(stdout).toMatch(/line \[/);
    const rows = parseCsv(readFileSync(path.join(out, 'trend.csv')), { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(rows[0]!)).toEqual(['thread_id', 'date', 'metric', 'value']);
    expect([...new Set(rows.map((row) => row['thread_id']))]).toEqual(['trend-a', 'trend-b', 'trend-c']);
    expect(rows.find((row) => row['thread_id'] === 'trend-a' && row['metric'] === 'comments')).toMatchObject({ date: '2024-02-15', value: '4' });
    expect(rows.some((row) => row['metric'] === 'cluster:buffer-zone')).toBe(true);
  });

  it('puts undated threads last, by name, with a warning', async () => {
    const { code, stdout, stderr } = await runCli(['compare', ...TREND, path.join(ROOT, 'corpus', '000_71864af123683f1b.txt'), '--json']);
    expect(code).toBe(0);
    const trend = JSON.parse(stdout);
    expect(trend.points.map((point: { threadId: string }) => point.threadId)).toEqual(['trend-a', 'trend-b', 'trend-c', '000_71864af123683f1b']);
    expect(stderr).toMatch(/000_71864af123683f1b\.txt: expected an article date .+ \[undated\]$/m);
  });

  it('takes an article date from --date FILE=DATE', async () => {
    const undated = path.join(ROOT, 'corpus', '000_71864af123683f1b.txt');
    const { stdout, stderr } = await runCli(['compare', ...TREND, undated, '--date', `${undated}=2024-01-01`, '--json']);
    expect(JSON.parse(stdout).points.map((point: { threadId: string }) => point.threadId)).toEqual(['000_71864af123683f1b', 'trend-a', 'trend-b', 'trend-c']);
    expect(stderr).not.toContain('[undated]');
    expect((await runCli(['compare', ...TREND, '--date', 'nope.txt=2024-01-01'])).code).toBe(2);
  });
});
