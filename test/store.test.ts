import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateWxr } from '../bench/generate-wxr.js';
import { RunBuilder } from '../src/analyse/index.js';
import { ArrayStore, DiskStore } from '../src/analyse/store.js';
import { PackedTexts, TextList } from '../src/analyse/text-list.js';
import { ClusterInput, fitComments, placeComments } from '../src/analyse/cluster/index.js';
import { analyseThread, assembleRun, bytesOf, DEFAULT_RECORD_COLUMNS, normalizeAnalyseOptions, parse, readText, render, type AnalysedThread, type Thread } from '../src/index.js';
import { ROOT, runCli } from './helpers.js';

const options = normalizeAnalyseOptions();
const folders: string[] = [];
const scratch = (): string => {
  const folder = mkdtempSync(path.join(tmpdir(), 'threadlens-store-'));
  folders.push(folder);
  return folder;
};
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function corpusThreads(): Thread[] {
  const dir = path.join(ROOT, 'corpus');
  return readdirSync(dir)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => parse(readFileSync(path.join(dir, name)), { file: `corpus/${name}` }));
}

async function exportThreads(): Promise<Thread[]> {
  const file = path.join(scratch(), 'export.xml');
  await generateWxr(file, 400_000, 11);
  return (await readText('wxr', readFileSync(file, 'utf8'), { file, columns: DEFAULT_RECORD_COLUMNS })).threads;
}

/** Every file of the run's reports and of its ConvoKit corpus, by name, as bytes. */
async function filesOf(run: Parameters<typeof render>[0]): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const format of ['reports', 'convokit'] as const) for (const file of render(run, { format })) files.set(`${format}/${file.name}`, await bytesOf(file));
  return files;
}

describe('a run assembled on disk', () => {
  it.each([
    ['the sample corpus', async () => corpusThreads()],
    ['a generated WordPress export (authors, times, several clusters)', exportThreads],
  ])('writes the same bytes as the same run in memory: %s', async (_, threadsOf) => {
    const threads = (await threadsOf()).map((thread) => analyseThread(thread, options));
    // Both runs get their own copies: assembling gives threads their run ids and clusters.
    const inMemory = assembleRun(structuredClone(threads), options);
    const store = new DiskStore(scratch());
    const builder = new RunBuilder(store, options);
    for (const thread of structuredClone(threads)) builder.add(thread);
    const onDisk = builder.finish();
    try {
      expect(onDisk.id).toBe(inMemory.id);
      expect(onDisk.threads.length).toBe(inMemory.threads.length);
      const expected = await filesOf(inMemory);
      const actual = await filesOf(onDisk);
      expect([...actual.keys()]).toEqual([...expected.keys()]);
      expect([...actual.keys()]).toContain('reports/comments.xlsx');
      for (const [name, content] of expected) expect(actual.get(name)!.equals(content), name).toBe(true);
      expect(inMemory.clusters.length).toBeGreaterThan(1);
    } finally {
      store.close();
    }
  });

  it('gives each thread back as a new copy on every pass, with its clusters, and nothing after close', async () => {
    const threads = corpusThreads().map((thread) => analyseThread(thread, options));
    const folder = scratch();
    const store = new DiskStore(folder);
    const builder = new RunBuilder(store, options);
    for (const thread of threads) builder.add(thread);
    const run = builder.finish();
    const first = [...run.threads];
    const second = [...run.threads];
    expect(first).toHaveLength(threads.length);
    expect(second[3]).not.toBe(first[3]);
    expect(second[3]).toEqual(first[3]);
    expect(first[3]!.comments.some((comment) => comment.data.cluster !== null)).toBe(true);
    expect(() => builder.add(threads[0]!)).toThrow('already assembled');
    store.close();
    expect(readdirSync(folder)).toEqual([]);
    expect(() => [...run.threads]).toThrow('closed');
  });

  it('keeps the threads themselves in memory with ArrayStore, clusters set in place', () => {
    const threads: AnalysedThread[] = corpusThreads().map((thread) => analyseThread(thread, options));
    const builder = new RunBuilder(new ArrayStore(), options);
    for (const thread of threads) builder.add(thread);
    const run = builder.finish();
    expect(run.threads).toBe(run.threads);
    expect(run.threads[3]).toBe(threads[3]);
    expect(run.threads[3]!.comments.every((comment) => comment.data.cluster !== undefined)).toBe(true);
  });
});

describe('analyse and export through the CLI', () => {
  const saved = process.env['TMPDIR'];
  afterEach(() => {
    if (saved === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = saved;
  });

  it('leave nothing behind in the temporary folder, whether they succeed or fail', async () => {
    const temporary = scratch();
    const out = path.join(scratch(), 'reports');
    process.env['TMPDIR'] = temporary;
    expect((await runCli(['analyse', 'corpus', '--out', out, '--quiet'])).code).toBe(0);
    expect(existsSync(path.join(out, 'summary.md'))).toBe(true);
    expect((await runCli(['export', 'corpus/003_d568973889bbf5ad.txt'])).code).toBe(0);
    // Nothing readable: exit 2, and still nothing left.
    expect((await runCli(['analyse', path.join(temporary, 'missing.txt'), '--out', out, '--quiet'])).code).not.toBe(0);
    expect(readdirSync(temporary)).toEqual([]);
  });
});

describe('analyse on worker threads', () => {
  it('writes the same files, byte for byte, as in one thread', async () => {
    // The built CLI: worker threads run the compiled code (npm test builds first).
    const cli = path.join(ROOT, 'bin', 'threadlens.js');
    if (!existsSync(path.join(ROOT, 'dist', 'cli', 'render-worker.js'))) throw new Error('expected the built CLI in dist/: run npm run build');
    const dir = scratch();
    const wxr = path.join(dir, 'export.xml');
    await generateWxr(wxr, 300_000, 5);
    const outputs = [1, 2].map((jobs) => {
      const out = path.join(dir, `jobs-${jobs}`);
      const child = spawnSync(process.execPath, [cli, 'analyse', 'corpus', wxr, '--out', out, '--jobs', String(jobs), '--quiet'], { cwd: ROOT, encoding: 'utf8' });
      expect(child.status, child.stderr).toBe(0);
      return out;
    });
    const names = readdirSync(outputs[0]!).sort();
    expect(readdirSync(outputs[1]!).sort()).toEqual(names);
    expect(names).toEqual(expect.arrayContaining(['authors.csv', 'comments.csv', 'clusters.csv', 'comments.xlsx', 'summary.md', 'index.html']));
    expect(names.filter((name) => name.endsWith('.json')).length).toBeGreaterThan(5);
    for (const name of names) expect(readFileSync(path.join(outputs[1]!, name)).equals(readFileSync(path.join(outputs[0]!, name))), name).toBe(true);
  });
});

describe('placing comments on worker threads', () => {
  it('gives what placing them all here gives, whatever the ranges of whole threads', async () => {
    const { placeOnWorkers } = (await import(path.join(ROOT, 'dist', 'cli', 'assign.js'))) as typeof import('../src/cli/assign.js');
    const input = new ClusterInput();
    for (const thread of corpusThreads()) input.add(analyseThread(thread, options));
    const fitted = fitComments(input, options.clustering);
    const here = placeComments(fitted, input.texts, (comment) => input.threadOf[comment]!, 0, input.texts.length);
    expect(new Set(here.assignment.assignments).size).toBeGreaterThan(2);
    expect(here.quotes.length).toBeGreaterThan(5);
    const sorted = (placed: typeof here) => ({ ...placed, quotes: [...placed.quotes].sort((a, b) => a[0] - b[0]) });
    for (const perTask of [7, 1000]) expect(sorted(await placeOnWorkers(fitted, input, 2, perTask))).toEqual(sorted(here));
  });
});

describe('TextList', () => {
  it('gives back every text as it was pushed, across blocks, with long and non-ASCII texts', () => {
    const list = new TextList();
    const texts = ['', 'plain', 'what’s “this” — naïve café 🙂', 'x'.repeat(9 * 1024 * 1024), ...Array.from({ length: 3000 }, (_, i) => `comment ${i} ${'é'.repeat(i % 50)}`)];
    for (const text of texts) list.push(text);
    expect(list.length).toBe(texts.length);
    texts.forEach((text, i) => expect(list.at(i)).toBe(text));
    expect(list.at(texts.length)).toBeUndefined();
    expect(list.at(-1)).toBeUndefined();
    // A range packed for another thread reads back the same, by the same indices.
    const packed = new PackedTexts(list.pack(2, 3004));
    for (const i of [2, 3, 4, 3003]) expect(packed.at(i)).toBe(texts[i]);
    expect([packed.at(1), packed.at(3004)]).toEqual([undefined, undefined]);
    expect(() => list.pack(2, 3005)).toThrow(RangeError);
  });
});
