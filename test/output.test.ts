import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../src/analyse/random.js';
import { ensureFolder, readSetMarker, SET_MARKER, writeFileAtomic, writeReportSet, type ReportSetFile } from '../src/cli/output.js';
import { leftovers, markerAppears } from './report-sets.js';
import { ThreadlensError } from '../src/model/problem.js';
import { setFiles } from './fixtures/output-child.js';

// The repository root (not from ./helpers.js, which loads the whole CLI).
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHILD = path.join(ROOT, 'test', 'fixtures', 'output-child.ts');
const scratch: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'threadlens-output-'));
  scratch.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of scratch) spawnSync('rm', ['-rf', dir]);
});

/** The error a promise rejects with (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<ThreadlensError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(ThreadlensError);
    return error as ThreadlensError;
  }
  throw new Error('expected a rejection, the promise resolved');
}

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

/** A folder's files and their text, by name. */
function contents(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((name) => [name, readFileSync(path.join(dir, name), 'utf8')]));
}

function files(entries: Record<string, string>): ReportSetFile[] {
  return Object.entries(entries).map(([name, content]) => ({ name, content }));
}

/** `out` holds exactly one whole set written by {@link setFiles}; returns its number. */
function expectOneWholeSet(out: string): number {
  const marker = readSetMarker(out);
  expect(marker, `${out} has no marker`).not.toBeNull();
  const n = Number(/^set-(\d+)$/.exec(marker!.run)?.[1]);
  expect(Number.isInteger(n)).toBe(true);
  const expected = [...setFiles(n)];
  const names = readdirSync(out).sort();
  expect(names).toEqual([SET_MARKER, ...expected.map((file) => file.name)].sort());
  expect(marker!.files).toEqual(expected.map((file) => file.name).sort());
  for (const file of expected) {
    const text = readFileSync(path.join(out, file.name), 'utf8');
    if (text !== file.content) expect.fail(`${file.name} is not the file of set ${n}: it starts ${JSON.stringify(text.slice(0, 24))}`);
  }
  return n;
}

describe('ensureFolder', () => {
  it('creates nested folders, and accepts existing ones and a symbolic link to a folder on the way', async () => {
    const dir = tempDir();
    await ensureFolder(path.join(dir, 'a', 'b', 'c'));
    expect(existsSync(path.join(dir, 'a', 'b', 'c'))).toBe(true);
    await ensureFolder(path.join(dir, 'a', 'b', 'c'));
    symlinkSync(path.join(dir, 'a'), path.join(dir, 'link'));
    await ensureFolder(path.join(dir, 'link', 'b', 'd'));
    expect(existsSync(path.join(dir, 'a', 'b', 'd'))).toBe(true);
  });

  it('refuses a folder under /proc', { timeout: 10_000 }, async () => {
    const error = await rejection(ensureFolder('/proc/threadlens-x/y', 'shown/proc'));
    expect(error.code).toBe('unwritable');
    expect(error.file).toBe('shown/proc');
    expect(error.message).toContain('/proc/threadlens-x');
    expect(error.message).not.toContain('\n');
  });

  it('refuses a path through a dangling symbolic link', { timeout: 10_000 }, async () => {
    const dir = tempDir();
    symlinkSync(path.join(dir, 'nowhere'), path.join(dir, 'dangling'));
    const error = await rejection(ensureFolder(path.join(dir, 'dangling', 'x')));
    expect(error.code).toBe('unwritable');
    expect(error.file).toBe(path.join(dir, 'dangling', 'x'));
    expect(error.message).toContain('a symbolic link to a path that does not exist');
    // The dangling link itself as the folder to create.
    const itself = await rejection(ensureFolder(path.join(dir, 'dangling')));
    expect(itself.message).toContain('a symbolic link to a path that does not exist');
    expect(existsSync(path.join(dir, 'nowhere'))).toBe(false);
  });

  it('refuses a path under a regular file', { timeout: 10_000 }, async () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'file.txt'), 'x');
    const error = await rejection(ensureFolder(path.join(dir, 'file.txt', 'sub', 'deeper'), 'file.txt/sub/deeper'));
    expect(error.code).toBe('unwritable');
    expect(error.file).toBe('file.txt/sub/deeper');
    expect(error.message).toContain(`${path.join(dir, 'file.txt')} is a file, not a folder`);
  });

  it.skipIf(process.getuid?.() === 0)('refuses a folder it has no permission to write in (skipped as root, where permissions do not apply)', { timeout: 10_000 }, async () => {
    const dir = tempDir();
    const locked = path.join(dir, 'locked');
    mkdirSync(locked, { mode: 0o555 });
    chmodSync(locked, 0o555);
    try {
      const error = await rejection(ensureFolder(path.join(locked, 'a', 'b')));
      expect(error.code).toBe('unwritable');
      expect(error.message).toContain('permission denied');
    } finally {
      chmodSync(locked, 0o755);
    }
  });
});

describe('writeFileAtomic', () => {
  it('writes a file, creating its folder, and replaces it leaving no temporary file', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'x', 'y', 'summary.md');
    await writeFileAtomic(file, 'one');
    await writeFileAtomic(file, new TextEncoder().encode('two'));
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(path.dirname(file))).toEqual(['summary.md']);
  });

  it('refuses a target that is a folder, keeps it, and removes its temporary file', async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, 'summary.md'));
    const error = await rejection(writeFileAtomic(path.join(dir, 'summary.md'), 'x', 'summary.md'));
    expect(error.code).toBe('unwritable');
    expect(error.file).toBe('summary.md');
    expect(readdirSync(dir)).toEqual(['summary.md']);
  });
});

describe('writeReportSet', () => {
  const analyse = { kind: 'analyse' as const, runId: 'r1' };

  it('writes a set into a new folder (and its missing parents), with the marker', async () => {
    const out = path.join(tempDir(), 'deep', 'reports');
    expect(await writeReportSet(out, files({ 'a.md': 'A', 'b.csv': 'B' }), analyse)).toEqual({ files: 2 });
    expect(contents(out)).toEqual({ 'a.md': 'A', 'b.csv': 'B', [SET_MARKER]: '{"schema":"threadlens-report-set","version":1,"kind":"analyse","run":"r1","files":["a.md","b.csv"]}\n' });
    expect(readSetMarker(out)).toEqual({ kind: 'analyse', run: 'r1', files: ['a.md', 'b.csv'] });
    expect(leftovers(out)).toEqual([]);
  });

  it('takes an empty folder, and an async iterable of bytes', async () => {
    const out = path.join(tempDir(), 'reports');
    mkdirSync(out);
    async function* generate(): AsyncGenerator<ReportSetFile> {
      yield { name: 'one.bin', content: new Uint8Array([1, 2, 3]) };
    }
    await writeReportSet(out, generate(), analyse);
    expect([...readFileSync(path.join(out, 'one.bin'))]).toEqual([1, 2, 3]);
  });

  it('writes pieces of files between whole ones, each file its pieces in order', async () => {
    const out = path.join(tempDir(), 'reports');
    const parts: ReportSetFile[] = [
      { name: 'rows.csv', piece: 'header\n' },
      { name: 'a.md', content: 'A' },
      { name: 'other.csv', piece: 'first\n' },
      { name: 'rows.csv', piece: new TextEncoder().encode('row 1 ✓\n') },
      { name: 'b.md', content: 'B' },
      { name: 'rows.csv', piece: 'row 2\n' },
    ];
    await writeReportSet(out, parts, analyse);
    expect(contents(out)).toEqual({ 'a.md': 'A', 'b.md': 'B', 'other.csv': 'first\n', 'rows.csv': 'header\nrow 1 ✓\nrow 2\n', [SET_MARKER]: expect.stringContaining('"rows.csv"') });
    expect(leftovers(out)).toEqual([]);
  });

  it('gives a source function the staging folder, and lists the files its maker wrote there', async () => {
    const out = path.join(tempDir(), 'reports');
    await writeReportSet(out, (staging) => {
      writeFileSync(path.join(staging, 'page.html'), 'made elsewhere');
      return [{ name: 'page.html', staged: true }, { name: 'rows.csv', piece: 'row\n' }];
    }, analyse);
    expect(contents(out)).toEqual({ 'page.html': 'made elsewhere', 'rows.csv': 'row\n', [SET_MARKER]: expect.stringContaining('"files":["page.html","rows.csv"]') });
    expect(leftovers(out)).toEqual([]);
  });

  it('fails as unwritable, naming the file, when its maker could not write a staged file, and leaves nothing', async () => {
    const out = path.join(tempDir(), 'reports');
    const error = await rejection(writeReportSet(out, () => [{ name: 'page.html', staged: true, failure: 'no space left on the device' }], analyse));
    expect(error.code).toBe('unwritable');
    expect(error.message).toBe('cannot write page.html: no space left on the device');
    expect(existsSync(out)).toBe(false);
    expect(leftovers(out)).toEqual([]);
  });

  it.each([
    ['a whole file after pieces of the same name', [{ name: 'x.csv', piece: 'a' }, { name: 'x.csv', content: 'b' }]],
    ['pieces after a whole file of the same name', [{ name: 'x.csv', content: 'b' }, { name: 'x.csv', piece: 'a' }]],
  ] as Array<[string, ReportSetFile[]]>)('refuses %s, and leaves nothing', async (_label, parts) => {
    const out = path.join(tempDir(), 'reports');
    await expect(writeReportSet(out, parts, analyse)).rejects.toThrow('expected each report name once');
    expect(existsSync(out)).toBe(false);
    expect(leftovers(out)).toEqual([]);
  });

  it.each([
    ['the exchange', '0'],
    ['the two-rename fallback', '1'],
  ])('replaces a previous set completely (%s)', async (_label, noExchange) => {
    const saved = process.env['THREADLENS_NO_EXCHANGE'];
    process.env['THREADLENS_NO_EXCHANGE'] = noExchange;
    try {
      const out = path.join(tempDir(), 'reports');
      await writeReportSet(out, files({ 'a.md': 'old A', 'gone.md': 'old only' }), analyse);
      await writeReportSet(out, files({ 'a.md': 'new A', 'new.md': 'new only' }), { kind: 'analyse', runId: 'r2' });
      expect(contents(out)).toEqual({ 'a.md': 'new A', 'new.md': 'new only', [SET_MARKER]: expect.stringContaining('"run":"r2"') });
      expect(leftovers(out)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env['THREADLENS_NO_EXCHANGE'];
      else process.env['THREADLENS_NO_EXCHANGE'] = saved;
    }
  });

  it('replaces the folder a symbolic link points to, keeping the link', async () => {
    const dir = tempDir();
    await writeReportSet(path.join(dir, 'real'), files({ 'a.md': 'old' }), analyse);
    symlinkSync(path.join(dir, 'real'), path.join(dir, 'link'));
    await writeReportSet(path.join(dir, 'link'), files({ 'b.md': 'new' }), analyse);
    expect(contents(path.join(dir, 'link'))).toEqual({ 'b.md': 'new', [SET_MARKER]: expect.any(String) });
    expect(readdirSync(dir).sort()).toEqual(['link', 'real']);
  });

  it('refuses a folder holding files it did not write, and leaves it untouched', async () => {
    const out = path.join(tempDir(), 'reports');
    mkdirSync(out);
    writeFileSync(path.join(out, 'notes.txt'), 'mine');
    const error = await rejection(writeReportSet(out, files({ 'a.md': 'A' }), { ...analyse, shownAs: 'reports' }));
    expect(error.code).toBe('unwritable');
    expect(error.file).toBe('reports');
    expect(error.message).toContain('expected an empty folder or one threadlens wrote, found files it did not write (notes.txt)');
    expect(contents(out)).toEqual({ 'notes.txt': 'mine' });
    expect(leftovers(out)).toEqual([]);
  });

  it('refuses a set whose folder a person added a file to', async () => {
    const out = path.join(tempDir(), 'reports');
    await writeReportSet(out, files({ 'a.md': 'A' }), analyse);
    writeFileSync(path.join(out, 'notes.txt'), 'mine');
    const error = await rejection(writeReportSet(out, files({ 'a.md': 'B' }), analyse));
    expect(error.message).toContain('(notes.txt)');
    expect(readFileSync(path.join(out, 'a.md'), 'utf8')).toBe('A');
  });

  it('refuses a file where the folder should be', async () => {
    const out = path.join(tempDir(), 'reports');
    writeFileSync(out, 'x');
    const error = await rejection(writeReportSet(out, files({ 'a.md': 'A' }), analyse));
    expect(error.code).toBe('unwritable');
    expect(error.message).toContain('expected a folder, found a file');
    expect(readFileSync(out, 'utf8')).toBe('x');
  });

  it('refuses the set of the other kind', async () => {
    const out = path.join(tempDir(), 'reports');
    await writeReportSet(out, files({ 'a.md': 'A' }), analyse);
    const error = await rejection(writeReportSet(out, files({ 'c.md': 'C' }), { kind: 'compare', runId: 'r2' }));
    expect(error.code).toBe('unwritable');
    expect(error.message).toContain('holds a report set of analyse; compare writes a folder of its own: choose another --out');
    expect(contents(out)).toEqual({ 'a.md': 'A', [SET_MARKER]: expect.stringContaining('"kind":"analyse"') });
  });

  it('leaves the previous set intact and no staging folder when the files fail after three', async () => {
    const out = path.join(tempDir(), 'reports');
    await writeReportSet(out, files({ 'a.md': 'old' }), analyse);
    const before = contents(out);
    function* failing(): Generator<ReportSetFile> {
      for (let i = 0; i < 3; i++) yield { name: `n${i}.md`, content: 'new' };
      throw new Error('rendering failed');
    }
    await expect(writeReportSet(out, failing(), analyse)).rejects.toThrow('rendering failed');
    expect(contents(out)).toEqual(before);
    expect(leftovers(out)).toEqual([]);
  });

  it('turns a write failure (a name too long) into unwritable, leaving the previous set', async () => {
    const out = path.join(tempDir(), 'reports');
    await writeReportSet(out, files({ 'a.md': 'old' }), analyse);
    const error = await rejection(writeReportSet(out, files({ 'b.md': 'new', ['n'.repeat(300)]: 'x' }), analyse));
    expect(error.code).toBe('unwritable');
    expect(error.message).toMatch(/^cannot write n+: a file name in the path is too long$/);
    expect(contents(out)).toEqual({ 'a.md': 'old', [SET_MARKER]: expect.any(String) });
    expect(leftovers(out)).toEqual([]);
  });

  it('refuses names that are not plain file names, as a programming error', async () => {
    const out = path.join(tempDir(), 'reports');
    for (const name of ['sub/a.md', '..', '.hidden', '', SET_MARKER]) {
      const error = await rejection(writeReportSet(out, [{ name, content: 'x' }], analyse));
      expect(error.code).toBe('internal');
    }
    const twice = await rejection(writeReportSet(out, files({ 'a.md': 'x' }).concat(files({ 'a.md': 'y' })), analyse));
    expect(twice.code).toBe('internal');
    expect(existsSync(out)).toBe(false);
    expect(leftovers(out)).toEqual([]);
  });

  it('removes staging and old folders of dead processes, keeps those of live ones', async () => {
    const out = path.join(tempDir(), 'reports');
    await writeReportSet(out, files({ 'a.md': 'A' }), analyse);
    const dead = deadPid();
    const parent = path.dirname(out);
    const deadStaging = path.join(parent, `.reports.staging-${dead}-0123abcd`);
    const deadOld = path.join(parent, `.reports.old-${dead}-4567abcd`);
    const liveStaging = path.join(parent, `.reports.staging-${process.pid}-89abcdef`);
    const unrelated = path.join(parent, `.other.staging-${dead}-0123abcd`);
    for (const dir of [deadStaging, deadOld, liveStaging, unrelated]) {
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'a.md'), 'leftover');
    }
    await writeReportSet(out, files({ 'b.md': 'B' }), analyse);
    expect(existsSync(deadStaging)).toBe(false);
    expect(existsSync(deadOld)).toBe(false);
    expect(existsSync(liveStaging)).toBe(true);
    expect(existsSync(unrelated)).toBe(true);
    expect(contents(out)).toEqual({ 'b.md': 'B', [SET_MARKER]: expect.any(String) });
  });

  it('puts back a previous set left aside by a fallback killed between its two renames', async () => {
    const out = path.join(tempDir(), 'reports');
    await writeReportSet(out, files({ 'a.md': 'A', 'only-a.md': 'A2' }), { kind: 'analyse', runId: 'previous' });
    const dead = deadPid();
    // What the kill left: `out` renamed aside, the new set complete in its staging folder.
    renameSync(out, path.join(path.dirname(out), `.reports.old-${dead}-0badf00d`));
    mkdirSync(path.join(path.dirname(out), `.reports.staging-${dead}-0badcafe`));
    // The next run restores the previous set before anything else, so a failure of its own leaves that set.
    function* failing(): Generator<ReportSetFile> {
      yield { name: 'b.md', content: 'B' };
      throw new Error('rendering failed');
    }
    await expect(writeReportSet(out, failing(), analyse)).rejects.toThrow('rendering failed');
    expect(readSetMarker(out)?.run).toBe('previous');
    expect(contents(out)).toEqual({ 'a.md': 'A', 'only-a.md': 'A2', [SET_MARKER]: expect.any(String) });
    expect(leftovers(out)).toEqual([]);
  });

  it('refuses a folder whose staging folder cannot be named (its name is too long), touching nothing', async () => {
    const out = path.join(tempDir(), 'r'.repeat(240));
    const error = await rejection(writeReportSet(out, files({ 'a.md': 'A' }), analyse));
    expect(error.code).toBe('unwritable');
    expect(error.message).toBe('cannot create a staging folder beside it: a file name in the path is too long');
    expect(readdirSync(path.dirname(out))).toEqual([]);
  });
});

describe('report sets written by a process killed at any moment', () => {
  /** Starts the child writing sets first, first + 1, …; resolves once it is loaded. */
  async function startChild(out: string, first: number, noExchange: boolean, holdMs = 0) {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, out, String(first)], {
      cwd: ROOT,
      env: { ...process.env, THREADLENS_NO_EXCHANGE: noExchange ? '1' : '0', THREADLENS_HOLD_BEFORE_SWITCH_MS: String(holdMs) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    await new Promise<void>((resolve, reject) => {
      let seen = '';
      child.stdout.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('ready\n')) resolve();
      });
      child.on('exit', () => reject(new Error(`the child exited before it was ready: ${stderr}`)));
    });
    return { child, exited, stderr: () => stderr };
  }

  it('leaves exactly one whole set after every kill, and nothing beside it after the next write', { timeout: 120_000 }, async () => {
    const out = path.join(tempDir(), 'reports');
    const random = seededRandom(20251122);
    // The first set, timed: kills are spread over about three sets' worth of writing.
    const started = performance.now();
    await writeReportSet(out, setFiles(0), { kind: 'analyse', runId: 'set-0' });
    const setMs = performance.now() - started;
    let current = expectOneWholeSet(out);
    const signals: NodeJS.Signals[] = ['SIGKILL', 'SIGKILL', 'SIGTERM', 'SIGINT'];
    const seen = { sets: new Set<number>(), byMarker: 0, handled: 0 };
    const kills = 30 + 10;
    for (let k = 1; k <= kills; k++) {
      const atMarker = k > 30;
      const signal = signals[Math.floor(random() * signals.length)]!;
      const noExchange = random() < 0.5;
      const first = k * 1000;
      // At the marker, the child holds its finished set for 100 ms before the switch, and the kill comes
      // 0–150 ms after the marker is seen: before the switch, during it, or while the old set is removed.
      const { child, exited, stderr } = await startChild(out, first, noExchange, atMarker ? 100 : 0);
      if (atMarker) {
        if (await markerAppears(out, child.pid!, 60_000)) seen.byMarker++;
        await new Promise((resolve) => setTimeout(resolve, random() * 150));
      } else {
        await new Promise((resolve) => setTimeout(resolve, random() * 3 * setMs));
      }
      child.kill(signal);
      const { code, signal: killedBy } = await exited;
      const label = `kill ${k} (${signal}${atMarker ? ' at the marker' : ''}${noExchange ? ', two renames' : ''})`;
      if (signal === 'SIGKILL') {
        expect(killedBy, label).toBe('SIGKILL');
      } else {
        // 128 + the signal's number from the handler; the signal itself if it came before anything was being written.
        const number = signal === 'SIGTERM' ? 15 : 2;
        expect(code === 128 + number || killedBy === signal, `${label}: exit ${code} ${killedBy} ${stderr()}`).toBe(true);
        if (code === 128 + number) {
          seen.handled++;
          // The handler removed what it was writing.
          expect(leftovers(out).filter((name) => name.includes(`-${child.pid}-`)), label).toEqual([]);
        }
      }
      const n = expectOneWholeSet(out);
      // The previous set, or one this child wrote (never an older or foreign one).
      if (n !== current) expect(n, label).toBeGreaterThanOrEqual(first);
      current = n;
      seen.sets.add(n);
    }
    // The kills did land in the middle of writing: both kept and replaced sets were seen, and the marker was caught.
    expect(seen.sets.size).toBeGreaterThan(3);
    expect(seen.byMarker).toBe(10);
    await writeReportSet(out, setFiles(999_999), { kind: 'analyse', runId: 'set-999999' });
    expect(expectOneWholeSet(out)).toBe(999_999);
    expect(leftovers(out)).toEqual([]);
  });
});
