/**
 * Speed figures: `npm run bench [-- --shapes pages,threads --comments N[,N…] --wxr N[,N…] --keep --json]`.
 *
 * For each shape of corpus (`--shapes`, default both: `pages`, many pages of
 * 50 comments; `threads`, big threads of 5,000) and each size (`--comments`,
 * default 10,000, 100,000 and 1,000,000; `100k`, `1M` are read too) a
 * synthetic corpus is written to a temporary folder (bench/generate.ts: its
 * own argument families, so the comments spread over several clusters), then
 * `threadlens analyse CORPUS --out OUT --quiet` runs in a child process
 * (bench/cli-with-rss.mjs) with every output of the default `reports` format:
 * its wall time, each stage (load: read, parse and score on worker threads;
 * cluster; write), the peak RSS of the process tree (worker threads are
 * threads of the same process; /usr/bin/time adds anything it starts), the
 * files and bytes it wrote, and how many clusters the comments fell into.
 *
 * Beside it, on all the same comment texts (each file read and parsed with
 * the library's `parse`, one at a time; only the scoring is timed):
 * vader-sentiment's `polarity_scores`, plain `sentiment`'s `analyze`, and a
 * floor — read every file, split on whitespace, one lookup per token in the
 * AFINN lexicon. Each is given as a ratio to `analyse`, with the growth from
 * the smallest size to the largest (and from 100,000 to 1,000,000), and the
 * targets are printed with PASS or MISS beside each figure.
 *
 * Then `threadlens analyse` on a generated WordPress export of 500 MB (`--wxr
 * N,N…` megabytes; `--wxr ''` for none), the parser on hostile shapes, and
 * reading the word-vector table. `--keep` keeps each temporary folder (the
 * corpus and what analyse wrote) and prints where it is. `--json` prints one
 * JSON object on stdout; progress goes to stderr.
 *
 * A quick run: `npm run bench -- --comments 10000 --wxr ''`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseCsv } from 'csv-parse/sync';
import Sentiment from 'sentiment';
import vader from 'vader-sentiment';
import { parse } from '../src/index.js';
import { loadJson } from '../src/analyse/json.js';
import { decodeWordVectors } from '../src/analyse/cluster/word-vectors.js';
import { generateShape, SHAPES, type Shape } from './generate.js';
import { generateWxr } from './generate-wxr.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SEED = 20241122;
/** How often a long step says how far it got (on stderr). */
const PROGRESS_MS = 10_000;
/** The floor reads the files again until this long has gone by (at most `FLOOR_PASSES` times). */
const FLOOR_MS = 1000;
const FLOOR_PASSES = 20;

// The targets the figures are held against.
const TARGET_MILLION = 1_000_000;
const TARGET_SECONDS = 60;
/** 2 GB, in the MiB that peak RSS is given in. */
const TARGET_RSS_MB = 2048;
const TARGET_OVER_VADER = 20;
const TARGET_FROM_FLOOR = 8;
const TARGET_GROWTH = 11;

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(name);
  return at === -1 ? undefined : process.argv[at + 1];
}

/** `10000`, `10_000`, `100k`, `1M` → a count. */
function count(value: string): number {
  const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(value.trim().replace(/_/g, ''));
  if (!match) throw new Error(`bench: expected a number of comments such as 10000, 100k or 1M, found ${JSON.stringify(value)}`);
  const n = Math.round(Number(match[1]) * ({ '': 1, k: 1e3, m: 1e6 } as Record<string, number>)[match[2]!.toLowerCase()]!);
  if (!(n > 0)) throw new Error(`bench: expected a positive number of comments, found ${JSON.stringify(value)}`);
  return n;
}

const sizes = (argument('--comments') ?? '10000,100000,1000000').split(',').filter(Boolean).map(count);
const shapes = (argument('--shapes') ?? 'pages,threads').split(',').filter(Boolean) as Shape[];
for (const shape of shapes) if (!(shape in SHAPES)) throw new Error(`bench: expected --shapes ${Object.keys(SHAPES).join(',')}, found ${JSON.stringify(shape)}`);
const wxrMegabytes = (argument('--wxr') ?? '500').split(',').filter(Boolean).map(Number);
const asJson = process.argv.includes('--json');
const keep = process.argv.includes('--keep');

const log = (line: string): void => void (asJson ? process.stderr.write(line + '\n') : process.stdout.write(line + '\n'));
const progress = (line: string): void => void process.stderr.write(line + '\n');

function time<T>(work: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = work();
  return { ms: performance.now() - start, value };
}

const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;
const perSecond = (n: number, ms: number): number => Math.round(n / (ms / 1000));
const thousands = (n: number): string => n.toLocaleString('en');
const megabytes = (bytes: number): number => round(bytes / 1e6);

// ---------------------------------------------------------------------------
// The CLI in a child process.

/** GNU time, when installed: the peak RSS of the child and of whatever it starts (the largest of them). */
const TIME = '/usr/bin/time';
const hasTime = existsSync(TIME) && spawnSync(TIME, ['-f', '%M', 'true'], { stdio: 'ignore' }).status === 0;

interface CliFigures {
  /** From starting the child to its exit, as the user waits for it. */
  wallMs: number;
  /** The CLI's own `main`, without starting Node and loading the modules (null if it did not report). */
  mainMs: number | null;
  stagesMs: { load: number; cluster: number; write: number } | null;
  peakRssMegabytes: number | null;
  exitCode: number | null;
  signal: string | null;
}

/** `threadlens ARGS…` through bench/cli-with-rss.mjs (under /usr/bin/time when it is there): its time, stages, peak RSS and exit. */
async function runCli(args: string[]): Promise<CliFigures> {
  const command = [path.join(ROOT, 'bench', 'cli-with-rss.mjs'), ...args];
  const start = performance.now();
  const child = hasTime ? spawn(TIME, ['-f', 'TREE_MAXRSS_KB %M', process.execPath, ...command], { stdio: ['ignore', 'ignore', 'pipe'] }) : spawn(process.execPath, command, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (stderr.length > 1 << 20) stderr = stderr.slice(-(1 << 16));
  });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
  const wallMs = performance.now() - start;
  const match = /BENCH (\{.*\})/.exec(stderr);
  const report = match ? (JSON.parse(match[1]!) as { ms: number; stages: Partial<Record<'load' | 'cluster' | 'write', number>>; maxRssKb: number; code: number }) : null;
  const treeKb = /TREE_MAXRSS_KB (\d+)/.exec(stderr);
  const killed = /Command terminated by signal (\d+)/.exec(stderr);
  const rssKb = Math.max(report?.maxRssKb ?? 0, treeKb ? Number(treeKb[1]) : 0);
  const stages = report?.stages;
  if (!report) progress(`  the CLI did not report (exit ${code}${signal ? `, ${signal}` : ''}${killed ? `, signal ${killed[1]}` : ''}): ${stderr.trim().split('\n').slice(-5).join(' | ')}`);
  return {
    wallMs: round(wallMs),
    mainMs: report ? round(report.ms) : null,
    stagesMs: stages && stages.load !== undefined ? { load: round(stages.load), cluster: round(stages.cluster ?? NaN), write: round(stages.write ?? NaN) } : null,
    peakRssMegabytes: rssKb > 0 ? Math.round(rssKb / 1024) : null,
    exitCode: report?.code ?? (killed ? null : code),
    signal: signal ?? (killed ? `signal ${killed[1]}` : null),
  };
}

/** The files under `dir` and their bytes. */
function written(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const at = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(at);
      else if (entry.isFile()) {
        files++;
        bytes += lstatSync(at).size;
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return { files, bytes };
}

interface ClusterSize {
  id: string;
  label: string;
  comments: number;
  share: number;
}

/** The run's clusters, largest first, from the clusters.csv analyse wrote. */
function clusterSizes(out: string): ClusterSize[] {
  const file = path.join(out, 'clusters.csv');
  if (!existsSync(file)) return [];
  const rows = parseCsv(readFileSync(file), { columns: true, bom: true }) as Array<Record<string, string>>;
  return rows
    .filter((row) => row.scope === 'overall')
    .map((row) => ({ id: row.cluster_id ?? '', label: row.cluster_label ?? '', comments: Number(row.comments), share: Number(row.share_of_comments) }))
    .sort((a, b) => b.comments - a.comments);
}

// ---------------------------------------------------------------------------
// The references, on the same texts.

interface References {
  /** Comments parsed from the corpus: the texts every reference reads. */
  comments: number;
  vader: { ms: number; commentsPerSecond: number };
  sentiment: { ms: number; commentsPerSecond: number };
  /** `ms`: one pass over the files (the mean of `passes`); `tokens` and `hits` of one pass. */
  floor: { ms: number; commentsPerSecond: number; passes: number; tokens: number; hits: number };
}

const lexicon = new Map(Object.entries(loadJson('sentiment/languages/en/labels.json') as Record<string, number>));

/**
 * The floor (read every file, split on whitespace, one lexicon lookup per
 * token), then vader-sentiment and plain `sentiment` on every comment text,
 * file by file: each file is read and parsed untimed, only the scoring is timed.
 */
function references(files: string[], label: string): References {
  const started = performance.now();
  // The floor is cheap: on a small corpus one pass is mostly warming up, so it
  // reads the files again until a second has gone by, and counts the mean pass.
  let tokens = 0;
  let hits = 0;
  let passes = 0;
  const floor = time(() => {
    do {
      for (const file of files) {
        for (const token of readFileSync(file, 'utf8').split(/\s+/)) {
          tokens++;
          if (lexicon.has(token)) hits++;
        }
      }
      passes++;
    } while (performance.now() - started < FLOOR_MS && passes < FLOOR_PASSES);
  });
  const floorMs = floor.ms / passes;

  const afinn = new Sentiment();
  let comments = 0;
  let vaderMs = 0;
  let sentimentMs = 0;
  let said = performance.now();
  for (const file of files) {
    const texts = parse(readFileSync(file), { file }).comments.map((comment) => comment.text);
    let start = performance.now();
    for (const text of texts) vader.SentimentIntensityAnalyzer.polarity_scores(text);
    vaderMs += performance.now() - start;
    start = performance.now();
    for (const text of texts) afinn.analyze(text);
    sentimentMs += performance.now() - start;
    comments += texts.length;
    if (performance.now() - said > PROGRESS_MS) {
      said = performance.now();
      progress(`  ${label}: references ${thousands(comments)} comments so far (vader-sentiment ${thousands(perSecond(comments, vaderMs))}/s)`);
    }
  }
  return {
    comments,
    vader: { ms: round(vaderMs), commentsPerSecond: perSecond(comments, vaderMs) },
    sentiment: { ms: round(sentimentMs), commentsPerSecond: perSecond(comments, sentimentMs) },
    floor: { ms: round(floorMs), commentsPerSecond: perSecond(comments, floorMs), passes, tokens: tokens / passes, hits: hits / passes },
  };
}

// ---------------------------------------------------------------------------
// One shape at one size.

interface SizeRun {
  comments: number;
  pages: number;
  corpusMegabytes: number;
  generateMs: number;
  analyse: CliFigures & { commentsPerSecond: number; megabytesPerSecond: number; filesWritten: number; bytesWritten: number };
  clusters: ClusterSize[];
  references: References;
  ratios: { overVader: number; overSentiment: number; fromFloor: number };
  /** Where the corpus and the output were kept (`--keep`), or null. */
  kept: string | null;
}

async function benchSize(shape: Shape, comments: number): Promise<SizeRun> {
  const label = `${shape} ${thousands(comments)}`;
  const dir = mkdtempSync(path.join(tmpdir(), `threadlens-bench-${shape}-`));
  const corpus = path.join(dir, 'corpus');
  const out = path.join(dir, 'out');
  try {
    progress(`${label}: generating ${thousands(comments)} comments in pages of ${thousands(SHAPES[shape])} in ${dir} …`);
    let said = performance.now();
    const generated = time(() =>
      generateShape(corpus, shape, comments, SEED, (so) => {
        if (performance.now() - said < PROGRESS_MS) return;
        said = performance.now();
        progress(`  ${label}: ${thousands(so.comments)} comments, ${megabytes(so.bytes)} MB written`);
      }),
    );
    const { files, bytes } = generated.value;
    progress(`  ${label}: ${files.length} files, ${megabytes(bytes)} MB in ${round(generated.ms / 1000)} s; analyse …`);

    const cli = await runCli(['analyse', corpus, '--out', out, '--quiet']);
    const output = written(out);
    const clusters = clusterSizes(out);
    progress(
      `  ${label}: analyse ${round(cli.wallMs / 1000)} s, peak RSS ${cli.peakRssMegabytes ?? '?'} MB, exit ${cli.exitCode ?? cli.signal}, ${output.files} files, ${megabytes(output.bytes)} MB written, ${clusters.length} clusters; references …`,
    );
    if (!keep) rmSync(out, { recursive: true, force: true });

    const refs = references(files, label);
    if (refs.comments !== comments) progress(`  ${label}: parse found ${thousands(refs.comments)} comments, not ${thousands(comments)}`);
    const rate = perSecond(comments, cli.wallMs);
    progress(`  ${label}: vader-sentiment ${thousands(refs.vader.commentsPerSecond)}/s, sentiment ${thousands(refs.sentiment.commentsPerSecond)}/s, floor ${thousands(refs.floor.commentsPerSecond)}/s`);
    return {
      comments,
      pages: files.length,
      corpusMegabytes: megabytes(bytes),
      generateMs: round(generated.ms),
      analyse: { ...cli, commentsPerSecond: rate, megabytesPerSecond: round(bytes / 1e6 / (cli.wallMs / 1000), 2), filesWritten: output.files, bytesWritten: output.bytes },
      clusters,
      references: refs,
      ratios: {
        overVader: round(rate / refs.vader.commentsPerSecond, 2),
        overSentiment: round(rate / refs.sentiment.commentsPerSecond, 3),
        fromFloor: round(refs.floor.commentsPerSecond / rate, 1),
      },
      kept: keep ? dir : null,
    };
  } finally {
    if (keep) progress(`  ${label}: kept ${dir} (corpus/, out/)`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------
// Growth and targets.

interface Growth {
  from: number;
  to: number;
  /** to / from: how many times the input grew. */
  input: number;
  time: number;
  bytesWritten: number;
}

function growth(from: SizeRun | undefined, to: SizeRun | undefined): Growth | null {
  if (!from || !to || from === to) return null;
  return { from: from.comments, to: to.comments, input: round(to.comments / from.comments, 2), time: round(to.analyse.wallMs / from.analyse.wallMs, 2), bytesWritten: round(to.analyse.bytesWritten / from.analyse.bytesWritten, 2) };
}

type Status = 'PASS' | 'MISS' | 'n/a';

interface Target {
  target: string;
  /** One figure per size it applies to (or one for the run). */
  figures: Array<{ comments: number | null; figure: string; value: number | null; status: Status }>;
  status: Status;
}

const overall = (statuses: Status[]): Status => (statuses.length === 0 || statuses.includes('n/a') ? 'n/a' : statuses.includes('MISS') ? 'MISS' : 'PASS');
const ok = (run: SizeRun): boolean => run.analyse.exitCode === 0;

function targets(runs: SizeRun[], tenfold: Growth | null): Target[] {
  const million = runs.find((run) => run.comments === TARGET_MILLION);
  const atMillion = (name: string, value: (run: SizeRun) => number | null, show: (v: number) => string, pass: (v: number) => boolean): Target => {
    const v = million ? value(million) : null;
    const status: Status = !million ? 'n/a' : v === null || !ok(million) ? 'MISS' : pass(v) ? 'PASS' : 'MISS';
    const figure = !million ? `${thousands(TARGET_MILLION)} not run` : v === null ? `exit ${million.analyse.exitCode ?? million.analyse.signal}` : show(v) + (ok(million) ? '' : ` (exit ${million.analyse.exitCode ?? million.analyse.signal})`);
    return { target: name, figures: [{ comments: million ? TARGET_MILLION : null, figure, value: v, status }], status };
  };
  const everySize = (name: string, value: (run: SizeRun) => number, show: (v: number) => string, pass: (v: number) => boolean): Target => {
    const figures = runs.map((run) => {
      const v = value(run);
      return { comments: run.comments, figure: `${short(run.comments)} ${show(v)}`, value: v, status: (ok(run) && pass(v) ? 'PASS' : 'MISS') as Status };
    });
    return { target: name, figures, status: overall(figures.map((f) => f.status)) };
  };
  const grown = (name: string, value: number | null): Target => {
    const failed = runs.some((run) => tenfold !== null && (run.comments === tenfold.from || run.comments === tenfold.to) && !ok(run));
    const status: Status = value === null ? 'n/a' : !failed && value <= TARGET_GROWTH ? 'PASS' : 'MISS';
    const pair = tenfold && tenfold.to !== TARGET_MILLION ? ` (${short(tenfold.from)} → ${short(tenfold.to)})` : '';
    return { target: name, figures: [{ comments: null, figure: value === null ? 'no two sizes ten times apart' : `×${value}${pair}`, value, status }], status };
  };
  return [
    atMillion(`1M comments: analyse end to end ≤ ${TARGET_SECONDS} s`, (run) => run.analyse.wallMs / 1000, (v) => `${round(v)} s`, (v) => v <= TARGET_SECONDS),
    atMillion(`1M comments: peak RSS ≤ 2 GB (${thousands(TARGET_RSS_MB)} MB)`, (run) => run.analyse.peakRssMegabytes, (v) => `${thousands(v)} MB`, (v) => v <= TARGET_RSS_MB),
    everySize(`analyse ≥ ${TARGET_OVER_VADER}× vader-sentiment's throughput`, (run) => run.ratios.overVader, (v) => `×${v}`, (v) => v >= TARGET_OVER_VADER),
    everySize(`within ${TARGET_FROM_FLOOR}× of the floor (floor rate / analyse rate)`, (run) => run.ratios.fromFloor, (v) => `×${v}`, (v) => v <= TARGET_FROM_FLOOR),
    grown(`linear: time(1M) / time(100k) ≤ ${TARGET_GROWTH}`, tenfold?.time ?? null),
    grown(`linear: bytes written(1M) / bytes written(100k) ≤ ${TARGET_GROWTH}`, tenfold?.bytesWritten ?? null),
  ];
}

/** 10000 → 10k, 1000000 → 1M. */
function short(n: number): string {
  return n >= 1e6 && n % 1e5 === 0 ? `${n / 1e6}M` : n >= 1e3 && n % 100 === 0 ? `${n / 1e3}k` : String(n);
}

interface ShapeFigures {
  shape: Shape;
  commentsPerPage: number;
  runs: SizeRun[];
  /** From the smallest size to the largest. */
  growth: Growth | null;
  /** From 100,000 to 1,000,000 when both ran, else between the largest two sizes ten times apart (30,000 and 300,000), or null. */
  tenfold: Growth | null;
  targets: Target[];
}

function tenfoldGrowth(runs: SizeRun[]): Growth | null {
  const at = (comments: number): SizeRun | undefined => runs.find((run) => run.comments === comments);
  const pairs = runs.filter((run) => at(run.comments * 10)).sort((a, b) => b.comments - a.comments);
  const from = at(TARGET_MILLION / 10) && at(TARGET_MILLION) ? at(TARGET_MILLION / 10) : pairs[0];
  return from ? growth(from, at(from.comments * 10)) : null;
}

async function benchShape(shape: Shape): Promise<ShapeFigures> {
  const runs: SizeRun[] = [];
  for (const comments of sizes) runs.push(await benchSize(shape, comments));
  const bySize = [...runs].sort((a, b) => a.comments - b.comments);
  const tenfold = tenfoldGrowth(runs);
  return { shape, commentsPerPage: SHAPES[shape], runs, growth: growth(bySize[0], bySize.at(-1)), tenfold, targets: targets(runs, tenfold) };
}

// ---------------------------------------------------------------------------
// The rest of the bench.

interface WxrFigures {
  megabytes: number;
  posts: number;
  comments: number;
  ms: number;
  stagesMs: CliFigures['stagesMs'];
  peakRssMegabytes: number | null;
  exitCode: number | null;
}

/** `threadlens analyse` on one WordPress export of about `megabytes` MB (bench/generate-wxr.ts): time and peak RSS. */
async function benchWxr(megabytes: number): Promise<WxrFigures> {
  const dir = mkdtempSync(path.join(tmpdir(), 'threadlens-bench-wxr-'));
  try {
    progress(`generating a ${megabytes} MB WordPress export in ${dir} …`);
    const file = path.join(dir, 'export.xml');
    const generated = await generateWxr(file, megabytes * 1e6, SEED);
    const cli = await runCli(['analyse', file, '--out', path.join(dir, 'reports'), '--quiet']);
    progress(`  analyse: ${generated.posts} posts, ${generated.comments} comments: ${Math.round(cli.wallMs)} ms, peak RSS ${cli.peakRssMegabytes ?? '?'} MB, exit ${cli.exitCode ?? cli.signal}`);
    return { megabytes: round(generated.bytes / 1e6), posts: generated.posts, comments: generated.comments, ms: cli.wallMs, stagesMs: cli.stagesMs, peakRssMegabytes: cli.peakRssMegabytes, exitCode: cli.exitCode };
  } finally {
    if (keep) progress(`  kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
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

// ---------------------------------------------------------------------------
// The run.

const machine = { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model ?? '?', memoryGigabytes: round(totalmem() / 2 ** 30), peakRssFrom: hasTime ? `${TIME} (the process tree)` : 'process.resourceUsage() (the process and its worker threads)' };
const shapeFigures: ShapeFigures[] = [];
for (const shape of shapes) shapeFigures.push(await benchShape(shape));
const wxr: WxrFigures[] = [];
for (const mb of wxrMegabytes) wxr.push(await benchWxr(mb));
const figures = { machine, shapes: shapeFigures, wxr, parser: parserEdgeCases(), vectors: vectorsLoad() };
const failed = shapeFigures.some((shape) => shape.runs.some((run) => !ok(run))) || wxr.some((run) => run.exitCode !== 0);

if (asJson) {
  process.stdout.write(JSON.stringify(figures, null, 2) + '\n');
} else {
  const pad = (value: string | number, width: number): string => String(value).padStart(width);
  const seconds = (ms: number | undefined | null): string => (ms === undefined || ms === null || Number.isNaN(ms) ? '—' : (ms / 1000).toFixed(ms < 10_000 ? 2 : 1));
  log('');
  log(`Node ${machine.node}, ${machine.cpus} × ${machine.cpu}, ${machine.memoryGigabytes} GiB; peak RSS from ${machine.peakRssFrom}`);
  for (const shape of shapeFigures) {
    log('');
    log(`== ${shape.shape}: ${shape.shape === 'pages' ? 'many pages' : 'big threads'} of ${thousands(shape.commentsPerPage)} comments — threadlens analyse, every output ==`);
    log(` comments   pages  corpus MB | seconds: end to end   load  cluster  write | comments/s | peak RSS MB | files  written MB | exit | clusters (largest share)`);
    for (const run of shape.runs) {
      const a = run.analyse;
      const largest = run.clusters[0];
      log(
        `${pad(thousands(run.comments), 9)} ${pad(thousands(run.pages), 7)} ${pad(run.corpusMegabytes.toFixed(1), 10)} | ${pad(seconds(a.wallMs), 19)} ${pad(seconds(a.stagesMs?.load), 6)} ${pad(seconds(a.stagesMs?.cluster), 8)} ${pad(seconds(a.stagesMs?.write), 6)} | ${pad(thousands(a.commentsPerSecond), 10)} | ${pad(a.peakRssMegabytes === null ? '?' : thousands(a.peakRssMegabytes), 11)} | ${pad(thousands(a.filesWritten), 5)} ${pad(megabytes(a.bytesWritten).toFixed(1), 11)} | ${pad(a.exitCode ?? String(a.signal), 4)} | ${run.clusters.length} (${largest ? `${Math.round(largest.share * 100)}%` : '—'})`,
      );
    }
    log('');
    log(` comments | on the same texts, comments/s: vader-sentiment  sentiment      floor | analyse: × vader  × sentiment  × from the floor`);
    for (const run of shape.runs) {
      const r = run.references;
      log(
        `${pad(thousands(run.comments), 9)} | ${pad('', 30)}${pad(thousands(r.vader.commentsPerSecond), 16)} ${pad(thousands(r.sentiment.commentsPerSecond), 10)} ${pad(thousands(r.floor.commentsPerSecond), 10)} | ${pad('×' + run.ratios.overVader, 16)} ${pad('×' + run.ratios.overSentiment, 12)} ${pad('×' + run.ratios.fromFloor, 17)}`,
      );
    }
    if (shape.growth) log(`growth from ${thousands(shape.growth.from)} to ${thousands(shape.growth.to)} comments (×${shape.growth.input} the input): time ×${shape.growth.time}, bytes written ×${shape.growth.bytesWritten}`);
    if (shape.tenfold && shape.tenfold !== shape.growth && (shape.tenfold.from !== shape.growth?.from || shape.tenfold.to !== shape.growth?.to)) {
      log(`growth from ${thousands(shape.tenfold.from)} to ${thousands(shape.tenfold.to)} comments: time ×${shape.tenfold.time}, bytes written ×${shape.tenfold.bytesWritten}`);
    }
    for (const run of shape.runs) {
      log(`clusters at ${thousands(run.comments)}: ${run.clusters.map((cluster) => `${cluster.id} ${thousands(cluster.comments)}`).join(', ') || '—'}`);
    }
    log('');
    log(`targets (${shape.shape}):`);
    for (const target of shape.targets) {
      log(`  ${target.target.padEnd(64)} ${target.figures.map((f) => `${f.figure} ${f.status}`).join(' · ')}`);
    }
    for (const run of shape.runs) if (run.kept) log(`kept: ${run.kept}`);
  }
  if (wxr.length > 0 || figures.parser.length > 0) log('');
  for (const run of wxr) {
    log(`analyse a ${run.megabytes} MB WordPress export (${thousands(run.posts)} posts, ${thousands(run.comments)} comments): ${seconds(run.ms)} s (load ${seconds(run.stagesMs?.load)}, cluster ${seconds(run.stagesMs?.cluster)}, write ${seconds(run.stagesMs?.write)}), peak RSS ${run.peakRssMegabytes} MB, exit ${run.exitCode}`);
  }
  for (const edge of figures.parser) log(`parser: ${edge.name} (${edge.megabytes} MB) ${edge.ms} ms`);
  log(`word vectors: read ${figures.vectors.megabytes} MB in ${figures.vectors.ms} ms`);
}
if (failed) process.exitCode = 1;
