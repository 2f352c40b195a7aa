import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers.js';

/** Every promise of the guide's "Reliability promises", as inputs the commands must survive. */
const SMALL_THREAD = '2 COMMENTS\n\n  1. First comment.\n\n    • A reply.\n\nLEAVE A REPLY\n';
const chain = (depth: number): string => {
  const out = [`${depth + 1} COMMENTS`, '', '  1. Start.', ''];
  for (let level = 1; level <= depth; level++) out.push(`${' '.repeat(2 + 2 * level)}• Reply ${level}.`, '');
  return out.join('\n');
};
const INPUTS: Record<string, string | Uint8Array> = {
  'empty.txt': '',
  'bom-only.txt': '\ufeff',
  'crlf.txt': SMALL_THREAD.replace(/\n/g, '\r\n'),
  'lone-cr.txt': SMALL_THREAD.replace(/\n/g, '\r'),
  'mixed-line-ends.txt': '2 COMMENTS\r\n\r  1. First comment.\n\r\n    • A reply.\r\rLEAVE A REPLY',
  'tabs-and-nbsp.txt': '2 COMMENTS\n\n\u00a0\u00a01. First comment.\n\n\t• A reply indented with a tab.\n',
  'zero-width-and-bidi.txt': '2 COMMENTS\n\n\u200b  1. First \u202ecomment\u202c.\n\n\u2067    • A \u200freply.\n',
  'curly-quotes.txt': '1 COMMENT\n\n  1. “Don’t” say ‘never’ — it’s “fine”.\n',
  'invalid-utf8.txt': Uint8Array.from([...Buffer.from('1 COMMENT\n\n  1. caf'), 0xe9, 0x20, 0xff, 0xfe, 0x0a]),
  'binary.txt': Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0x00]),
  'ten-megabyte-line.txt': 'word '.repeat(2 * 1024 * 1024),
  'ten-megabyte-comment.txt': `1 COMMENT\n\n  1. ${'abc '.repeat(2_500_000)}\n`,
  'a-dot-20000.txt': `1 COMMENT\n\n  1. ${'a.'.repeat(20_000)}\n\n${'a.'.repeat(20_000)}\n`,
  'prototype-names.txt': '3 COMMENTS\n\n  1. constructor\n\n    • __proto__\n\n  2. hasOwnProperty\n',
  'formulas.txt': '2 COMMENTS\n\n  1. =cmd|\' /C calc\'!A0\n\n    •   @SUM(1+1) | <img src=x onerror=alert(1)> [x](javascript:alert(1)) @everyone\n',
};
const DEEP = { 'reply-chain-10000.txt': chain(10_000) };

let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'threadlens-hostile-'));
  for (const [name, content] of Object.entries({ ...INPUTS, ...DEEP })) writeFileSync(path.join(dir, name), content);
  writeFileSync(path.join(dir, '.env'), 'NODE_OPTIONS=--bogus\nTHREADLENS_PROBE=1\n');
  writeFileSync(path.join(dir, 'good.txt'), SMALL_THREAD);
  mkdirSync(path.join(dir, 'empty-folder'));
});

/** One line per message, in the `place: message [code]` form; no stack trace. */
function expectCleanStderr(stderr: string): void {
  for (const line of stderr.split('\n').filter(Boolean)) {
    expect(line, line).toMatch(/^\S.*: .+ \[[a-z0-9-]+\]$/);
    expect(line).not.toMatch(/^\s+at /);
  }
}

describe.each(Object.keys({ ...INPUTS, ...DEEP }))('%s', (name) => {
  const refused = name === 'binary.txt';
  const deep = name in DEEP;

  it('parse --json: output or exit 1 with a one-line error naming the file', async () => {
    const { code, stdout, stderr } = await runCli(['parse', name, '--json'], dir);
    expectCleanStderr(stderr);
    if (refused) {
      expect(code).toBe(1);
      expect(stderr).toMatch(new RegExp(`^${name}: .+ \\[binary-input\\]$`, 'm'));
      return;
    }
    expect(code).toBe(0);
    const thread = JSON.parse(stdout);
    expect(Array.isArray(thread.comments)).toBe(true);
    expect(stdout).not.toMatch(/\ufffd/);
  });

  it('export: a CSV that re-parses to one row per comment, no live formula', async () => {
    const { code, stdout, stderr } = await runCli(['export', name], dir);
    expectCleanStderr(stderr);
    expect(code).toBe(refused ? 1 : 0);
    if (refused) return;
    const rows = parseCsv(stdout, { columns: true }) as Array<Record<string, string>>;
    const parsed = JSON.parse((await runCli(['parse', name, '--json'], dir)).stdout);
    expect(rows).toHaveLength(parsed.comments.length);
    for (const row of rows) expect(row['text']).not.toMatch(/^[\s\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]/);
  });

  // The 10,000-level chain goes through analyse and compare in test/stress/deep-chain.test.ts (npm run test:stress).
  it.skipIf(deep)('analyse and compare: reports written, user text kept as text', async () => {
    const out = path.join(dir, `out-${name}`);
    const analysed = await runCli(['analyse', name, 'good.txt', '--out', out, '--quiet'], dir);
    expectCleanStderr(analysed.stderr);
    expect(analysed.code).toBe(refused ? 1 : 0);
    expect(readdirSync(out)).toContain('summary.md');
    if (!refused) {
      const report = readFileSync(path.join(out, `${name.replace(/\.txt$/, '')}.md`), 'utf8');
      expect(report).not.toMatch(/(?<!\\)<(?:img|script|a)\b/i);
      const compared = await runCli(['compare', name, 'good.txt', '--json'], dir);
      expectCleanStderr(compared.stderr);
      expect(compared.code).toBe(0);
      expect(JSON.parse(compared.stdout).mode).toBe('trend');
    }
  });
});

describe('inputs that are not there or not files, and outputs that cannot be written', () => {
  it('a missing file: exit 1, named, and the other files are still processed', async () => {
    const { code, stdout, stderr } = await runCli(['parse', 'missing.txt', 'good.txt'], dir);
    expect(code).toBe(1);
    expect(stderr).toContain('missing.txt: cannot read the file: no such file [unreadable]');
    expect(stdout).toContain('2 comments');
    expectCleanStderr(stderr);
  });

  it('a folder with no pages given as the input: usage error, exit 2', async () => {
    const { code, stderr } = await runCli(['export', 'empty-folder'], dir);
    expect(code).toBe(2);
    expect(stderr).toContain('expected page files, found none in empty-folder');
  });

  it('an output folder that cannot be written: exit 1 naming it, no stack trace', async () => {
    const { code, stderr } = await runCli(['analyse', 'good.txt', '--out', 'good.txt/reports', '--quiet'], dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^good\.txt\/reports: .+ \[unwritable\]$/m);
    expectCleanStderr(stderr);
    const csv = await runCli(['export', 'good.txt', '--out', 'empty-folder'], dir);
    expect(csv.code).toBe(1);
    expectCleanStderr(csv.stderr);
  });

  it('an output folder under /proc or through a dangling symbolic link: exit 1 at once, naming it [unwritable]', { timeout: 10_000 }, async () => {
    symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'dangling'));
    for (const out of ['/proc/threadlens-x', 'dangling', 'dangling/reports']) {
      const { code, stderr } = await runCli(['analyse', 'good.txt', '--out', out, '--quiet'], dir);
      expect(code, out).toBe(1);
      expect(stderr).toMatch(new RegExp(`^${out.replace(/[/.]/g, '\\$&')}: .+ \\[unwritable\\]$`, 'm'));
      expectCleanStderr(stderr);
      // Refused before any page is read: a long run does not end in this.
      expect(stderr).not.toContain('good.txt');
    }
    const csv = await runCli(['export', 'good.txt', '--out', '/proc/threadlens-x/comments.csv'], dir);
    expect(csv.code).toBe(1);
    expect(csv.stderr).toMatch(/^\/proc\/threadlens-x\/comments\.csv: .+ \[unwritable\]$/m);
  });

  it('a .env file in the working directory changes nothing', async () => {
    const { code, stdout } = await runCli(['parse', 'good.txt', '--json'], dir);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).comments).toHaveLength(2);
    expect(process.env['THREADLENS_PROBE']).toBeUndefined();
  });
});
