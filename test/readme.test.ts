import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli } from './helpers.js';

const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const blocks = (language: string) => [...readme.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map((match) => match[1]!);

/** Splits a command line as a shell would for these simple examples: spaces, and double quotes. */
function splitArgs(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2]!);
}

const run = runCli;

describe('the README', () => {
  const examples = blocks('sh')
    .flatMap((block) => block.split('\n'))
    .filter((line) => line.startsWith('npx threadlens '));

  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  // Examples run in a scratch folder holding a copy of corpus/, so those that write files write there.
  const scratch = mkdtempSync(path.join(tmpdir(), 'threadlens-readme-'));
  cpSync(path.join(ROOT, 'corpus'), path.join(scratch, 'corpus'), { recursive: true });
  for (const fixtures of ['compare', 'formats']) cpSync(path.join(ROOT, 'test', 'fixtures', fixtures), path.join(scratch, 'test', 'fixtures', fixtures), { recursive: true });
  for (const example of examples) {
    it(`runs: ${example}`, async () => {
      const { code, stdout } = await runCli(splitArgs(example).slice(2), scratch);
      expect(code).toBe(0);
      if (!example.includes(' analyse')) expect(stdout).not.toBe('');
    });
  }

  it('writes the reports its analyse examples promise', () => {
    expect(existsSync(path.join(scratch, 'reports', 'summary.md'))).toBe(true);
    expect(existsSync(path.join(scratch, 'reports-sample', '003_d568973889bbf5ad.md'))).toBe(true);
  });

  it('shows the outline exactly as parse prints it', async () => {
    const shown = blocks('text').find((block) => block.startsWith('corpus/003_d568973889bbf5ad.txt\n'))!;
    const { stdout } = await run(['parse', 'corpus/003_d568973889bbf5ad.txt']);
    expect(stdout.startsWith(shown)).toBe(true);
  });

  it('shows a diagnostic line exactly as parse prints it', async () => {
    const shown = blocks('text').find((block) => block.includes('[skipped-depth]') && !block.includes('  c1 '))!;
    const { stderr } = await run(['parse', 'corpus/003_d568973889bbf5ad.txt']);
    expect(stderr).toContain(shown);
  });
});

/**
 * Whether what the README shows is part of what was produced: objects by their
 * keys, arrays by their first items, strings ending in "…" by their start,
 * everything else equal.
 */
function shownIn(shown: unknown, actual: unknown, at = '$'): string[] {
  if (typeof shown === 'string' && shown.endsWith('…')) {
    return typeof actual === 'string' && actual.startsWith(shown.slice(0, -1)) ? [] : [`${at}: ${JSON.stringify(actual)?.slice(0, 60)} does not start with ${JSON.stringify(shown)}`];
  }
  if (Array.isArray(shown)) {
    if (!Array.isArray(actual) || actual.length < shown.length) return [`${at}: expected an array of at least ${shown.length}`];
    return shown.flatMap((item, i) => shownIn(item, actual[i], `${at}[${i}]`));
  }
  if (typeof shown === 'object' && shown !== null) {
    if (typeof actual !== 'object' || actual === null) return [`${at}: expected an object`];
    return Object.entries(shown).flatMap(([key, value]) => (key in actual ? shownIn(value, (actual as Record<string, unknown>)[key], `${at}.${key}`) : [`${at}.${key}: missing`]));
  }
  return shown === actual ? [] : [`${at}: shown ${JSON.stringify(shown)}, found ${JSON.stringify(actual)}`];
}

describe('the README, beyond its commands', () => {
  it('shows parse --json output that parse prints', async () => {
    const shown = JSON.parse(blocks('json').find((block) => block.includes('"omittedLines"'))!);
    const { stdout } = await run(['parse', 'corpus/003_d568973889bbf5ad.txt', '--json']);
    expect(shownIn(shown, JSON.parse(stdout))).toEqual([]);
    // The check itself can fail.
    expect(shownIn({ ...shown, id: 'nope' }, JSON.parse(stdout))).toHaveLength(1);
  });

  it('runs its library example against the built package', () => {
    const example = blocks('js').find((block) => block.includes('analyseRun'))!;
    const dist = pathToFileURL(path.join(ROOT, 'dist', 'index.js')).href;
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'threadlens-example-')), 'example.mjs');
    writeFileSync(file, example.replace(/from 'threadlens'/g, `from '${dist}'`));
    const child = spawnSync(process.execPath, [file], { cwd: ROOT, encoding: 'utf8' });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const lines = child.stdout.trim().split('\n');
    expect(lines.slice(0, 3).map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual(['c1 null', 'c2 c1', 'c3 c2']);
    expect(lines.slice(3).map((line) => line.split(' ')[0])).toEqual(['003_d568973889bbf5ad.md', '003_d568973889bbf5ad.html', '003_d568973889bbf5ad.json', 'comments.csv', 'clusters.csv', 'comments.xlsx', 'summary.md', 'index.html']);
    // The report and the CSV are those analyse writes for this page (with a BOM on the CSV).
    const sizes = new Map(lines.slice(3).map((line) => [line.split(' ')[0]!, Number(line.split(' ')[1])]));
    expect(sizes.get('003_d568973889bbf5ad.md')).toBe(readFileSync(path.join(ROOT, 'reports', '003_d568973889bbf5ad.md')).length);
    expect(sizes.get('003_d568973889bbf5ad.html')).toBe(readFileSync(path.join(ROOT, 'reports', '003_d568973889bbf5ad.html')).length);
  });
});
