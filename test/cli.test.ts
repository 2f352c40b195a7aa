import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, copyFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers.js';

const run = runCli;

const UKDJ = 'corpus/003_d568973889bbf5ad.txt';

function scratch(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'threadlens-cli-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

describe('threadlens parse', () => {
  it('prints an indented outline on stdout and diagnostics on stderr', async () => {
    const { code, stdout, stderr } = await run(['parse', UKDJ]);
    expect(code).toBe(0);
    expect(stdout).toContain('24 comments in 6 threads; the page declares 33');
    expect(stdout).toMatch(/^ {8}c3 d3 L32 {2}I absolutely support giving Ukraine weapons.*\[skipped-depth\]$/m);
    expect(stdout).toMatch(/^ {4}c5 d1 L40 {2}I feel two ways about this:.*\[list\]$/m);
    expect(stderr).toContain(`${UKDJ}:24:1: the page declares 33 comments but 24 were found (9 not shown or not captured) [count-mismatch]\n`);
    expect(stderr).toContain(`${UKDJ}:32:9: reply at depth 3 follows depth 1; attached to the nearest shallower comment (c2) [skipped-depth]\n`);
  });

  it('prints the JSON contract with --json', async () => {
    const { code, stdout } = await run(['parse', UKDJ, '--json']);
    expect(code).toBe(0);
    const thread = JSON.parse(stdout);
    expect(Object.keys(thread)).toEqual(expect.arrayContaining(['article', 'comments', 'diagnostics']));
    expect(thread.article).toMatchObject({ author: 'Lisa West', declaredCommentCount: 33 });
    expect(thread.comments).toHaveLength(24);
    expect(Object.keys(thread.comments[0])).toEqual(expect.arrayContaining(['id', 'parentId', 'depth', 'text', 'line']));
    expect(Object.keys(thread.diagnostics[0])).toEqual(['severity', 'code', 'message', 'line', 'column']);
  });

  it('takes a folder for its page files and prints an array for several files', async () => {
    const { code, stdout } = await run(['parse', 'corpus', '--json']);
    expect(code).toBe(0);
    const threads = JSON.parse(stdout);
    expect(threads.map((thread: { file: string }) => thread.file)).toEqual([
      path.join('corpus', '000_71864af123683f1b.txt'),
      path.join('corpus', '001_fc592c1dcf27a617.txt'),
      path.join('corpus', '002_e7d0147381a68862.txt'),
      path.join('corpus', '003_d568973889bbf5ad.txt'),
      path.join('corpus', '004_16edb1bee11da1a2.txt'),
    ]);
  });

  it('exits 1 naming the file it cannot read, and still parses the others', async () => {
    const { code, stdout, stderr } = await run(['parse', 'missing.txt', UKDJ]);
    expect(code).toBe(1);
    expect(stderr).toContain('missing.txt: cannot read the file: no such file [unreadable]\n');
    expect(stdout).toContain('24 comments');
  });

  it('exits 1 on a binary file', async () => {
    const dir = scratch({ 'photo.txt': Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]) });
    const { code, stderr } = await run(['parse', 'photo.txt'], dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^photo\.txt: expected a text file, found a NUL byte at byte 5: .* \[binary-input\]\n$/);
  });

  it('exits 2 on usage errors', async () => {
    expect((await run(['parse'])).code).toBe(2);
    expect((await run(['parse', UKDJ, '--no-such-flag'])).code).toBe(2);
    expect((await run(['no-such-command'])).code).toBe(2);
    const badDate = await run(['parse', UKDJ, '--date', 'yesterday']);
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('expected the flags.date to be an ISO 8601 date such as 2024-04-03, found the string "yesterday"');
    const twoFiles = await run(['parse', UKDJ, 'corpus/000_71864af123683f1b.txt', '--title', 'T']);
    expect(twoFiles.code).toBe(2);
  });

  it('takes article fields from a sidecar, and flags over the sidecar, recording where each came from', async () => {
    const dir = scratch({
      'page.txt': 'A headline from the page itself here\n\nBody.\n',
      'page.txt.meta.json': JSON.stringify({ title: 'Sidecar title', site: 'Sidecar site', date: '2024-06-01' }),
    });
    const { code, stdout } = await run(['parse', 'page.txt', '--json', '--site', 'Flag site'], dir);
    expect(code).toBe(0);
    const { article } = JSON.parse(stdout);
    expect(article).toMatchObject({ title: 'Sidecar title', site: 'Flag site', date: '2024-06-01' });
    expect(article.sources).toMatchObject({
      title: { from: 'sidecar', line: null, column: null },
      site: { from: 'flag', line: null, column: null },
      date: { from: 'sidecar' },
    });
  });

  it('exits 1 with the place of a syntax error in a sidecar', async () => {
    const dir = scratch({ 'page.txt': 'Text.\n', 'page.txt.meta.json': '{\n  "title": "x",\n  oops\n}\n' });
    const { code, stderr } = await run(['parse', 'page.txt'], dir);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^page\.txt\.meta\.json:3:3: expected JSON, found a syntax error: .* \[invalid-sidecar\]\n$/);
  });

  it('exits 1 when a sidecar holds an unknown field', async () => {
    const dir = scratch({ 'page.txt': 'Text.\n', 'page.txt.meta.json': '{"titel": "x"}' });
    const { code, stderr } = await run(['parse', 'page.txt'], dir);
    expect(code).toBe(1);
    expect(stderr).toContain('page.txt.meta.json: expected the sidecar to hold only title, author, date, site, found "titel" [invalid-sidecar]');
  });
});

describe('the installed command', () => {
  const bin = path.join(ROOT, 'bin', 'threadlens.js');
  const built = existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'));

  it.skipIf(!built)('prints pure JSON on stdout even with a .env file in the working directory', () => {
    const dir = scratch({ '.env': 'THREADLENS_PROBE=1\n' });
    copyFileSync(path.join(ROOT, UKDJ), path.join(dir, 'page.txt'));
    const result = spawnSync(process.execPath, [bin, 'parse', 'page.txt', '--json'], { cwd: dir, encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).comments).toHaveLength(24);
    expect(result.stderr).toContain('[count-mismatch]');
  });

  it.skipIf(!built)('exits 2 with usage on stderr when called without a command', () => {
    const result = spawnSync(process.execPath, [bin], { cwd: ROOT, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('Usage: threadlens');
  });

  it.skipIf(!built)('prints its version', () => {
    expect(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }).trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
