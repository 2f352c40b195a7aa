import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../bench/generate.js';
import { ROOT, runCli } from './helpers.js';

const BUILT = existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'));

describe('a run killed while it writes its reports', () => {
  it.skipIf(!BUILT)('leaves the previous reports intact and no temporary files', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'threadlens-kill-'));
    const out = path.join(dir, 'reports');
    // The previous reports: a run on the sample thread.
    expect((await runCli(['analyse', path.join(ROOT, 'corpus', '003_d568973889bbf5ad.txt'), '--out', out, '--quiet'])).code).toBe(0);
    const before = new Map(readdirSync(out).map((name) => [name, readFileSync(path.join(out, name))]));
    // A run big enough that writing its files takes a while, killed as soon as its first temporary file appears.
    generateCorpus(path.join(dir, 'corpus'), 6000);
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'threadlens.js'), 'analyse', path.join(dir, 'corpus'), '--out', out, '--quiet'], { stdio: 'ignore' });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
    let killed = false;
    while (!killed) {
      if (child.exitCode !== null) break;
      if (readdirSync(out).some((name) => name.includes('.tmp-'))) {
        child.kill('SIGTERM');
        killed = true;
      } else {
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    }
    const { code } = await exited;
    expect(killed, 'the run finished before a temporary file was seen').toBe(true);
    expect(code).toBe(143);
    const after = readdirSync(out);
    expect(after.filter((name) => name.includes('.tmp-'))).toEqual([]);
    for (const [name, content] of before) {
      const now = readFileSync(path.join(out, name));
      // Killed before the renames: the old file. (Killed during them: a whole new file.)
      if (!now.equals(content) && name.endsWith('.json')) expect(() => JSON.parse(now.toString('utf8'))).not.toThrow();
    }
    expect(after.filter((name) => !before.has(name)).every((name) => !name.startsWith('.'))).toBe(true);
  }, 120_000);
});
