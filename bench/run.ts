/**
 * Speed figures: `npm run bench [-- --comments N[,N…] --json]`.
 *
 * For each size (default 10,000 and 100,000 comments) a synthetic corpus is
 * written to a temporary folder (bench/generate.ts), then timed stage by stage
 * in this process (parse, score, cluster, write the CSV) and end to end
 * through the CLI (`threadlens export`, in a child process, with its peak RSS).
 * On the same comments: vader-sentiment (on a sample, scaled), plain
 * `sentiment`, and a floor (read the files, split into tokens, one lexicon
 * lookup per token). Every pipeline figure is also given as a ratio to those.
 * `threadlens analyse` runs end to end on 200 and 2,000 pages of 50 comments
 * (`--pages N,N…`): time, peak RSS and the bytes it writes.
 * `threadlens analyse` runs on a generated WordPress export of 500 MB
 * (`--wxr N,N…` megabytes; `--wxr ''` for none): time and peak RSS.
 * Parser edge cases (a 10 MB line, a 10,000-level chain) and reading the
 * word-vector table are timed as well.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Sentiment from 'sentiment';
import vader from 'vader-sentiment';
import { readdirSync, statSync } from 'node:fs';
import { analyseThread, assembleRun, normalizeAnalyseOptions, parse, renderCommentsCsv, type Thread } from '../src/index.js';
import { loadJson } from '../src/analyse/json.js';
import { decodeWordVectors } from '../src/analyse/cluster/word-vectors.js';
import { generateCorpus } from './generate.js';
import { generateWxr } from './generate-wxr.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const VADER_SAMPLE = 2000;
/** Above this size only the end-to-end run is timed: the in-process stages would hold the whole corpus twice. */
const STAGE_LIMIT = 200_000;

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

const sizes = (argument('--comments') ?? '10000,100000').split(',').map((value) => Number(value.replace(/_/g, '')));
const asJson = process.argv.includes('--json');
const log = (line: string): void => void (asJson ? process.stderr.write(line + '\n') : process.stdout.write(line + '\n'));

function time<T>(work: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = work();
  return { ms: performance.now() - start, value };
}

const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;

interface SizeFigures {
  comments: number;
  files: number;
  megabytes: number;
  stagesMs: { parse: number; score: number; cluster: number; write: number; total: number } | null;
  endToEnd: { ms: number; commentsPerSecond: number; megabytesPerSecond: number; peakRssMegabytes: number | null; exitCode: number | null };
  references: { vaderCommentsPerSecond: number; sentimentCommentsPerSecond: number; floorCommentsPerSecond: number };
  ratios: { overVader: number; overSentiment: number; overFloor: number };
}

function benchSize(comments: number): SizeFigures {
  const dir = mkdtempSync(path.join(tmpdir(), 'threadlens-bench-'));
  try {
    log(`generating ${comments.toLocaleString('en')} comments in ${dir} …`);
    const { files, bytes } = generateCorpus(path.join(dir, 'corpus'), comments);

    let stagesMs: SizeFigures['stagesMs'] = null;
    if (comments <= STAGE_LIMIT) {
      const options = normalizeAnalyseOptions();
      const parsed = time(() => files.map((file) => parse(readFileSync(file), { file })));
      const scored = time(() => parsed.value.map((thread) => analyseThread(thread, options)));
      const clustered = time(() => assembleRun(scored.value, options));
      const written = time(() => writeFileSync(path.join(dir, 'comments.csv'), renderCommentsCsv(clustered.value)));
      stagesMs = { parse: round(parsed.ms), score: round(scored.ms), cluster: round(clustered.ms), write: round(written.ms), total: round(parsed.ms + scored.ms + clustered.ms + written.ms) };
      log(`  in process, one thread: parse ${Math.round(parsed.ms)} ms, score ${Math.round(scored.ms)} ms, cluster ${Math.round(clustered.ms)} ms, write ${Math.round(written.ms)} ms`);
    }

    // The references read the comment texts of the same pages (a bounded share of them for the largest sizes).
    const referenceFiles = files.slice(0, Math.max(1, Math.ceil((files.length * Math.min(comments, STAGE_LIMIT)) / comments)));
    const threads: Thread[] = referenceFiles.map((file) => parse(readFileSync(file), { file }));
    const texts = threads.flatMap((thread) => thread.comments.map((comment) => comment.text));
    const counted = comments;
    const sample = texts.filter((_, i) => i % Math.max(1, Math.floor(texts.length / VADER_SAMPLE)) === 0).slice(0, VADER_SAMPLE);
    const vaderTime = time(() => sample.forEach((text) => vader.SentimentIntensityAnalyzer.polarity_scores(text)));
    const afinn = new Sentiment();
    const sentimentTime = time(() => texts.forEach((text) => afinn.analyze(text)));
    const lexicon = new Map(Object.entries(loadJson('sentiment/languages/en/labels.json') as Record<string, number>));
    const floor = time(() => {
      let hits = 0;
      for (const file of referenceFiles) for (const token of readFileSync(file, 'utf8').toLowerCase().split(/[^\p{L}']+/u)) if (lexicon.has(token)) hits++;
      return hits;
    });

    const out = path.join(dir, 'export.csv');
    const child = spawnSync(process.execPath, [path.join(ROOT, 'bench', 'cli-with-rss.mjs'), 'export', path.join(dir, 'corpus'), '--out', out], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const report = /BENCH (\{.*\})/.exec(child.stderr ?? '');
    const cli = report ? (JSON.parse(report[1]!) as { ms: number; maxRssKb: number }) : null;
    const endMs = cli?.ms ?? NaN;
    const perSecond = (count: number, ms: number): number => round(count / (ms / 1000), 0);
    const pipelineRate = perSecond(counted, endMs);
    const references = {
      vaderCommentsPerSecond: perSecond(sample.length, vaderTime.ms),
      sentimentCommentsPerSecond: perSecond(texts.length, sentimentTime.ms),
      floorCommentsPerSecond: perSecond(texts.length, floor.ms),
    };
    log(`  end to end (threadlens export): ${Math.round(endMs)} ms, ${pipelineRate.toLocaleString('en')} comments/s, peak RSS ${cli ? Math.round(cli.maxRssKb / 1024) : '?'} MB`);
    return {
      comments: counted,
      files: files.length,
      megabytes: round(bytes / 1e6),
      stagesMs,
      endToEnd: { ms: round(endMs), commentsPerSecond: pipelineRate, megabytesPerSecond: round(bytes / 1e6 / (endMs / 1000)), peakRssMegabytes: cli ? round(cli.maxRssKb / 1024, 0) : null, exitCode: child.status },
      references,
      ratios: {
        overVader: round(pipelineRate / references.vaderCommentsPerSecond, 2),
        overSentiment: round(pipelineRate / references.sentimentCommentsPerSecond, 3),
        overFloor: round(pipelineRate / references.floorCommentsPerSecond, 3),
      },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface AnalyseFigures {
  pages: number;
  comments: number;
  ms: number;
  peakRssMegabytes: number | null;
  exitCode: number | null;
  bytesWritten: number;
  files: number;
}

/**
 * `threadlens analyse` end to end on pages of 50 comments: time, peak memory,
 * and the bytes it writes, which must grow with the input, not faster.
 */
function benchAnalyse(pages: number): AnalyseFigures {
  const dir = mkdtempSync(path.join(tmpdir(), 'threadlens-bench-analyse-'));
  try {
    log(`generating ${pages.toLocaleString('en')} pages of 50 comments in ${dir} …`);
    generateCorpus(path.join(dir, 'corpus'), pages * 50, 20241122, 50);
    const out = path.join(dir, 'reports');
    const { child, cli } = analyseWithRss(path.join(dir, 'corpus'), out);
    const names = child.status === 0 ? readdirSync(out) : [];
    const bytesWritten = names.reduce((sum, name) => sum + statSync(path.join(out, name)).size, 0);
    log(`  analyse: ${Math.round(cli?.ms ?? NaN)} ms, peak RSS ${cli ? Math.round(cli.maxRssKb / 1024) : '?'} MB, ${names.length} files, ${(bytesWritten / 1e6).toFixed(1)} MB written, exit ${child.status}`);
    return { pages, comments: pages * 50, ms: round(cli?.ms ?? NaN), peakRssMegabytes: cli ? round(cli.maxRssKb / 1024, 0) : null, exitCode: child.status, bytesWritten, files: names.length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `threadlens analyse INPUT --out OUT` in a child process: its exit and, from bench/cli-with-rss.mjs, its time and peak RSS. */
function analyseWithRss(input: string, out: string): { child: ReturnType<typeof spawnSync>; cli: { ms: number; maxRssKb: number } | null } {
  const child = spawnSync(process.execPath, [path.join(ROOT, 'bench', 'cli-with-rss.mjs'), 'analyse', input, '--out', out, '--quiet'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const report = /BENCH (\{.*\})/.exec(String(child.stderr ?? ''));
  return { child, cli: report ? (JSON.parse(report[1]!) as { ms: number; maxRssKb: number }) : null };
}

interface WxrFigures {
  megabytes: number;
  posts: number;
  comments: number;
  ms: number;
  peakRssMegabytes: number | null;
  exitCode: number | null;
}

/** `threadlens analyse` on one WordPress export of about `megabytes` MB (bench/generate-wxr.ts): time and peak RSS. */
async function benchWxr(megabytes: number): Promise<WxrFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'threadlens-bench-wxr-'));
  try {
    log(`generating a ${megabytes} MB WordPress export in ${dir} …`);
    const file = path.join(dir, 'export.xml');
    const generated = await generateWxr(file, megabytes * 1e6, 20241122);
    const { child, cli } = analyseWithRss(file, path.join(dir, 'reports'));
    log(`  analyse: ${generated.posts} posts, ${generated.comments} comments: ${Math.round(cli?.ms ?? NaN)} ms, peak RSS ${cli ? Math.round(cli.maxRssKb / 1024) : '?'} MB, exit ${child.status}`);
    return { megabytes: round(generated.bytes / 1e6), posts: generated.posts, comments: generated.comments, ms: round(cli?.ms ?? NaN), peakRssMegabytes: cli ? round(cli.maxRssKb / 1024, 0) : null, exitCode: child.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The parser on hostile shapes: a 10 MB single line and a 10,000-level reply chain. */
function parserEdgeCases(): Array<{ name: string; megabytes: number; ms: number }> {
  const chain = ['10001 COMMENTS', '', '  1. Start.', ''];
  for (let level = 1; level <= 10_000; level++) chain.push(`${' '.repeat(2 + 2 * level)}• Reply at level ${level}.`, '');
  const cases = [
    { name: '10 MB single line', input: 'word '.repeat(2 * 1024 * 1024) },
    { name: '10,000-level reply chain', input: chain.join('\n') },
  ];
  return cases.map(({ name, input }) => {
    const bytes = new TextEncoder().encode(input);
    const runs = [0, 1, 2].map(() => time(() => parse(bytes, { file: name })).ms).sort((a, b) => a - b);
    return { name, megabytes: round(bytes.length / 1e6), ms: round(runs[1]!) };
  });
}

/** Reading the shipped word-vector table into memory (the file cached by the system after the first run): median of five. */
function vectorsLoad(): { megabytes: number; ms: number } {
  const file = path.join(ROOT, 'src', 'analyse', 'models', 'word-vectors.bin');
  const runs = [0, 1, 2, 3, 4].map(() => time(() => decodeWordVectors(readFileSync(file), file)).ms).sort((a, b) => a - b);
  return { megabytes: round(statSync(file).size / 1e6), ms: round(runs[2]!) };
}

const analysePages = (argument('--pages') ?? '200,2000').split(',').filter(Boolean).map((value) => Number(value.replace(/_/g, '')));
const wxrMegabytes = (argument('--wxr') ?? '500').split(',').filter(Boolean).map(Number);
const wxr: WxrFigures[] = [];
for (const megabytes of wxrMegabytes) wxr.push(await benchWxr(megabytes));
const figures = { node: process.version, vectors: vectorsLoad(), sizes: sizes.map(benchSize), analyse: analysePages.map(benchAnalyse), wxr, parser: parserEdgeCases() };
const growth = figures.sizes.length >= 2 ? round(figures.sizes.at(-1)!.endToEnd.ms / figures.sizes[0]!.endToEnd.ms, 2) : null;
const outputGrowth = figures.analyse.length >= 2 ? round(figures.analyse.at(-1)!.bytesWritten / figures.analyse[0]!.bytesWritten, 2) : null;

if (asJson) {
  process.stdout.write(JSON.stringify({ ...figures, timeGrowth: growth, outputGrowth }, null, 2) + '\n');
} else {
  log('');
  log(`comments    MB  parse  score cluster  write | end to end  comments/s  RSS MB | ×vader  ×sentiment  ×floor`);
  for (const size of figures.sizes) {
    const stage = (value: number | undefined): string => (value === undefined ? '—' : String(Math.round(value)));
    const s = size.stagesMs ?? undefined;
    log(
      `${String(size.comments).padStart(8)} ${String(size.megabytes).padStart(5)} ${stage(s?.parse).padStart(6)} ${stage(s?.score).padStart(6)} ${stage(s?.cluster).padStart(7)} ${stage(s?.write).padStart(6)} | ${String(Math.round(size.endToEnd.ms)).padStart(8)} ms ${String(size.endToEnd.commentsPerSecond).padStart(11)} ${String(size.endToEnd.peakRssMegabytes).padStart(7)} | ${String(size.ratios.overVader).padStart(6)} ${String(size.ratios.overSentiment).padStart(11)} ${String(size.ratios.overFloor).padStart(7)}`,
    );
  }
  log(`references (comments/s): ${figures.sizes.map((size) => `vader ${size.references.vaderCommentsPerSecond}, sentiment ${size.references.sentimentCommentsPerSecond}, floor ${size.references.floorCommentsPerSecond}`).join(' | ')}`);
  if (growth !== null) log(`time grows ×${growth} from ${figures.sizes[0]!.comments} to ${figures.sizes.at(-1)!.comments} comments`);
  log('');
  log('analyse: pages of 50 comments');
  log(`   pages  comments | time ms  RSS MB | files  MB written`);
  for (const run of figures.analyse) {
    log(`${String(run.pages).padStart(8)} ${String(run.comments).padStart(9)} | ${String(Math.round(run.ms)).padStart(7)} ${String(run.peakRssMegabytes).padStart(7)} | ${String(run.files).padStart(5)} ${(run.bytesWritten / 1e6).toFixed(1).padStart(10)}`);
  }
  if (outputGrowth !== null) log(`bytes written grow ×${outputGrowth} from ${figures.analyse[0]!.pages} to ${figures.analyse.at(-1)!.pages} pages (×${round(figures.analyse.at(-1)!.pages / figures.analyse[0]!.pages, 1)} the input)`);
  for (const run of figures.wxr) log(`analyse a ${run.megabytes} MB WordPress export (${run.posts} posts, ${run.comments} comments): ${Math.round(run.ms)} ms, peak RSS ${run.peakRssMegabytes} MB`);
  for (const edge of figures.parser) log(`parser: ${edge.name} (${edge.megabytes} MB) ${edge.ms} ms`);
  log(`word vectors: read ${figures.vectors.megabytes} MB in ${figures.vectors.ms} ms`);
}
