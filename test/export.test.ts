import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { analyseRun, neutraliseCell, parse, renderCommentsCsv } from '../src/index.js';
import { COMMENT_COLUMNS } from '../src/report/csv.js';
import { FIXTURES, ROOT, runCli } from './helpers.js';

const run = runCli;

const HOSTILE = path.join(FIXTURES, 'hostile', 'formulas-and-markup.txt');

describe('threadlens export', () => {
  it('writes one row per comment under the contract header, and re-parses to the same count', async () => {
    const { code, stdout } = await run(['export', 'corpus']);
    expect(code).toBe(0);
    const rows = parseCsv(stdout, { columns: true, bom: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(24);
    expect(Object.keys(rows[0]!)).toEqual([...COMMENT_COLUMNS]);
    expect(rows[0]).toMatchObject({ thread_id: '003_d568973889bbf5ad', comment_id: 'c1', parent_id: '', depth: '0' });
    expect(rows.every((row) => ['positive', 'negative', 'neutral'].includes(row['sentiment_label']!))).toBe(true);
    expect(rows.every((row) => ['agree', 'disagree', 'query', 'neutral'].includes(row['stance']!))).toBe(true);
    expect(new Set(rows.map((row) => row['key'])).size).toBe(24);
  });

  it('keeps numbers unquoted and quotes every text cell', async () => {
    const { stdout } = await run(['export', 'corpus/003_d568973889bbf5ad.txt']);
    const secondLine = stdout.split('\r\n')[1]!;
    expect(secondLine).toMatch(/^"003_d568973889bbf5ad","c1",,0,26,"I hope/);
  });

  it('neutralises formulas, also after spaces and in full-width forms, and never lets a line break start a row', async () => {
    const { code, stdout } = await run(['export', HOSTILE]);
    expect(code).toBe(0);
    const thread = parse(readFileSync(HOSTILE), { file: HOSTILE });
    const records = parseCsv(stdout, { columns: true }) as Array<Record<string, string>>;
    expect(records).toHaveLength(thread.comments.length);
    const numeric = new Set(['depth', 'line', 'sentiment', 'stance_confidence', 'incivility_severity']);
    for (const record of records) {
      for (const [column, cell] of Object.entries(record)) {
        if (numeric.has(column)) expect(Number.isFinite(Number(cell)), `${column} ${cell}`).toBe(true);
        else expect(cell).not.toMatch(/^[\s\u3000]*[=+\-@\t\r\n\uff1d\uff0b\uff0d\uff20]/);
      }
    }
    expect(records.map((record) => record['text']!.replace(/^'/, ''))).toEqual(thread.comments.map((comment) => comment.text));
  });

  it('adds a byte-order mark with --bom and writes atomically with --out', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'threadlens-export-'));
    const { code } = await run(['export', path.join(ROOT, 'corpus'), '--bom', '--out', 'out/comments.csv'], dir);
    expect(code).toBe(0);
    const written = readFileSync(path.join(dir, 'out', 'comments.csv'));
    expect([...written.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(readdirSync(path.join(dir, 'out'))).toEqual(['comments.csv']);
  });

  it('takes lexicon additions from --lexicon and refuses a bad one with exit 2', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'threadlens-lexicon-'));
    writeFileSync(path.join(dir, 'page.txt'), '1 COMMENT\n\n  1. What a gobshite.\n');
    writeFileSync(path.join(dir, 'extra.json'), JSON.stringify({ insult: { gobshite: 2 } }));
    writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ insult: { gobshite: 'very' } }));
    const good = await run(['export', 'page.txt', '--lexicon', 'extra.json'], dir);
    expect((parseCsv(good.stdout, { columns: true }) as Array<Record<string, string>>)[0]!['incivility']).toBe('insult');
    const bad = await run(['export', 'page.txt', '--lexicon', 'bad.json'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('bad.json: expected lexicon.insult["gobshite"] to be a severity 1, 2 or 3');
  });

  it.skipIf(!existsSync(path.join(ROOT, 'dist', 'cli', 'main.js')))('gives the same bytes on one worker thread and on two', () => {
    const bin = path.join(ROOT, 'bin', 'threadlens.js');
    const one = spawnSync(process.execPath, [bin, 'export', 'corpus', '--jobs', '1'], { cwd: ROOT, encoding: 'utf8' });
    const two = spawnSync(process.execPath, [bin, 'export', 'corpus', '--jobs', '2'], { cwd: ROOT, encoding: 'utf8' });
    expect(two.status).toBe(0);
    expect(two.stdout).toBe(one.stdout);
    expect(two.stderr).toBe(one.stderr);
  });

  it.skipIf(!existsSync(path.join(ROOT, 'dist', 'cli', 'main.js')))('prints pure CSV on stdout from the installed command, even with a .env file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'threadlens-env-'));
    writeFileSync(path.join(dir, '.env'), 'THREADLENS_PROBE=1\n');
    copyFileSync(path.join(ROOT, 'corpus', '003_d568973889bbf5ad.txt'), path.join(dir, 'page.txt'));
    const result = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'threadlens.js'), 'export', 'page.txt'], { cwd: dir, encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout.startsWith('"thread_id","comment_id"')).toBe(true);
    expect(parseCsv(result.stdout, { columns: true })).toHaveLength(24);
  });
});

describe('neutraliseCell', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx', '\nx', '  =1', '\u3000=1', '\uff1d1', '\uff0b1', '\uff0d1', '\uff20x'])('makes %j inert', (cell) => {
    expect(neutraliseCell(cell).startsWith("'")).toBe(true);
  });
  it.each(['plain', 'a=b', '1-2'])('leaves %j alone', (cell) => expect(neutraliseCell(cell)).toBe(cell));
});

describe('renderCommentsCsv', () => {
  it('labels each comment with its own cluster, whatever subset of the run is written', () => {
    const sample = { file: 'corpus/003_d568973889bbf5ad.txt', text: readFileSync(path.join(ROOT, 'corpus', '003_d568973889bbf5ad.txt')) };
    const other = { file: 'other.txt', text: '2 COMMENTS\n\n  1. Appeasement never works, concessions only reward aggression.\n\n    • Buffer zones in western Ukraine are a fantasy.\n' };
    const run = analyseRun([other, sample]);
    const rows = (csv: string) => parseCsv(csv, { columns: true }) as Array<Record<string, string>>;
    const all = rows(renderCommentsCsv(run));
    const onlySample = rows(renderCommentsCsv({ threads: [run.threads[1]!], clusters: run.clusters }));
    expect(onlySample).toEqual(all.filter((row) => row['thread_id'] === '003_d568973889bbf5ad'));
    expect(onlySample.filter((row) => row['cluster_id'] !== '').length).toBeGreaterThan(15);
  });

  it('gives the same bytes for the same input', () => {
    const page = { file: 'x.txt', text: '2 COMMENTS\n\n  1. Same text about the buffer zone in Ukraine.\n\n    • A reply.\n' };
    const first = renderCommentsCsv(analyseRun([page]));
    expect(first).toBe(renderCommentsCsv(analyseRun([page])));
    expect(first.split('\r\n').filter(Boolean)).toHaveLength(3);
  });
});
