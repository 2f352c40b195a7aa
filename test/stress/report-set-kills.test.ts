/**
 * End to end: `threadlens analyse … --out <dir>` killed at random moments
 * leaves <dir> holding exactly the previous report set or exactly the new
 * one, byte for byte, never a mix. Slow; run with `npm run test:stress`.
 * Needs the built CLI (`npm run build`).
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generatePage } from '../../bench/generate.js';
import { seededRandom } from '../../src/analyse/random.js';
import { SET_MARKER as MARKER } from '../../src/cli/output.js';
import { leftovers, markerAppears } from '../report-sets.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'threadlens.js');
const BUILT = existsSync(path.join(ROOT, 'dist', 'cli', 'main.js'));
const PAGES = 300;
const COMMENTS = 8;
const RANDOM_KILLS = 20;
const MARKER_KILLS = 5;

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/** 300 pages of about 8 comments each, the same for the same seed. */
function writeCorpus(dir: string, seed: number): void {
  mkdirSync(dir, { recursive: true });
  const next = seededRandom(seed);
  for (let index = 0; index < PAGES; index++) {
    writeFileSync(path.join(dir, `page-${String(index).padStart(3, '0')}.txt`), generatePage(next, COMMENTS, index));
  }
}

interface Run {
  pid: number;
  kill: (signal: NodeJS.Signals) => void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function startAnalyse(corpus: string, out: string, holdMs = 0): Run {
  const child = spawn(process.execPath, [BIN, 'analyse', corpus, '--out', out, '--quiet'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, THREADLENS_HOLD_BEFORE_SWITCH_MS: String(holdMs) },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stderr })),
  );
  return { pid: child.pid!, kill: (signal) => child.kill(signal), exited };
}

async function analyse(corpus: string, out: string): Promise<number> {
  const started = performance.now();
  const { code, stderr } = await startAnalyse(corpus, out).exited;
  expect(code, `analyse ${corpus} → ${out} failed: ${stderr}`).toBe(0);
  return performance.now() - started;
}

/** Why `out` is not exactly `reference` (file list and every file's bytes), or null when it is. */
function difference(out: string, reference: string): string | null {
  const names = readdirSync(out).sort();
  const expected = readdirSync(reference).sort();
  if (JSON.stringify(names) !== JSON.stringify(expected)) {
    const missing = expected.filter((name) => !names.includes(name));
    const extra = names.filter((name) => !expected.includes(name));
    return `file lists differ (missing ${missing.length}: ${missing.slice(0, 3).join(', ')}; extra ${extra.length}: ${extra.slice(0, 3).join(', ')})`;
  }
  // Every file, the marker with its run id included: same input, same bytes.
  for (const name of names) if (!readFileSync(path.join(out, name)).equals(readFileSync(path.join(reference, name)))) return `${name} differs`;
  return null;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `condition` until it holds or the run has ended. */
async function until(condition: () => boolean, run: Run): Promise<void> {
  let ended = false;
  void run.exited.then(() => (ended = true));
  while (!ended && !condition()) await new Promise((resolve) => setImmediate(resolve));
}

/** Files in the staging folder of `pid` beside `out` (0 before it exists). */
function stagedFiles(out: string, pid: number): number {
  const prefix = `.${path.basename(out)}.staging-${pid}-`;
  const staging = readdirSync(path.dirname(out)).find((name) => name.startsWith(prefix));
  if (staging === undefined) return 0;
  try {
    return readdirSync(path.join(path.dirname(out), staging)).length;
  } catch {
    return 0;
  }
}

describe('analyse killed at random moments while it replaces a report set', () => {
  const name = BUILT
    ? 'leaves exactly the previous set or exactly the new one after every kill'
    : 'leaves exactly the previous set or exactly the new one after every kill — SKIPPED: dist/cli/main.js is missing, run `npm run build` first';
  it.skipIf(!BUILT)(name, { timeout: 600_000 }, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'threadlens-set-kills-'));
    scratch.push(dir);
    writeCorpus(path.join(dir, 'corpus-a'), 101);
    writeCorpus(path.join(dir, 'corpus-b'), 202);
    const setA = path.join(dir, 'set-a');
    const setB = path.join(dir, 'set-b');
    await analyse(path.join(dir, 'corpus-a'), setA);
    const duration = await analyse(path.join(dir, 'corpus-b'), setB);
    expect(difference(setA, setB), 'the two corpora must give different report sets').not.toBeNull();
    expect(readdirSync(setB)).toContain(MARKER);

    const out = path.join(dir, 'work', 'reports');
    const resetToA = (): void => {
      rmSync(out, { recursive: true, force: true });
      cpSync(setA, out, { recursive: true });
    };
    resetToA();

    const random = seededRandom(20251122);
    const tally = { A: 0, B: 0, atMarker: 0 };
    // Kills are aimed at moments of the run, not at times, so that a slow or busy machine cannot make them miss:
    // at a random time; while the staging folder fills; right after the switch (while the old set is removed);
    // and, last, at the switch itself.
    const modes = ['time', 'filling', 'switched', 'time'] as const;
    for (let k = 1; k <= RANDOM_KILLS + MARKER_KILLS; k++) {
      const mode = k > RANDOM_KILLS ? 'marker' : modes[k % modes.length]!;
      const draw = random();
      const signal: NodeJS.Signals = draw < 0.7 ? 'SIGKILL' : draw < 0.85 ? 'SIGTERM' : 'SIGINT';
      // At the marker, the run holds its finished set for 100 ms before the switch, and the kill comes
      // 0–150 ms after the marker is seen: before the switch, during it, or while the old set is removed.
      const run = startAnalyse(path.join(dir, 'corpus-b'), out, mode === 'marker' ? 100 : 0);
      let moment = '';
      if (mode === 'marker') {
        if (await markerAppears(out, run.pid, 120_000)) tally.atMarker++;
        const delay = random() * 150;
        await sleep(delay);
        moment = `${Math.round(delay)} ms after the staging marker appeared`;
      } else if (mode === 'filling') {
        const files = Math.floor(random() * PAGES * 2);
        await until(() => stagedFiles(out, run.pid) >= files, run);
        moment = `when the staging folder held ${files} files`;
      } else if (mode === 'switched') {
        await until(() => existsSync(path.join(out, MARKER)) && readFileSync(path.join(out, MARKER)).equals(readFileSync(path.join(setB, MARKER))), run);
        moment = 'right after the switch';
      } else {
        const delay = random() * 1.2 * duration;
        await sleep(delay);
        moment = `after ${Math.round(delay)} ms`;
      }
      run.kill(signal);
      const { code, signal: killedBy, stderr } = await run.exited;
      const label = `kill ${k}: ${signal} ${moment} (exit ${code ?? killedBy}${stderr ? `, ${stderr.trim().split('\n')[0]}` : ''})`;
      const fromA = difference(out, setA);
      if (fromA === null) {
        tally.A++;
        continue;
      }
      const fromB = difference(out, setB);
      expect(fromB, `${label}: the folder is neither set A (${fromA}) nor set B`).toBeNull();
      tally.B++;
      resetToA();
    }
    console.info(`report-set kills: kept A ${tally.A}, became B ${tally.B}, caught at the marker ${tally.atMarker} of ${MARKER_KILLS}`);
    // Kills landed both before and after the switch, and at the switching window.
    expect(tally.A, JSON.stringify(tally)).toBeGreaterThan(0);
    expect(tally.B, JSON.stringify(tally)).toBeGreaterThan(0);
    expect(tally.atMarker, JSON.stringify(tally)).toBe(MARKER_KILLS);

    await analyse(path.join(dir, 'corpus-b'), out);
    expect(difference(out, setB)).toBeNull();
    expect(leftovers(out)).toEqual([]);
  });
});
