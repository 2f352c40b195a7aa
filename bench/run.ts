/**
 * Speed figures: `npm run bench` prints a table, `npm run bench -- --json` one
 * JSON object. Each case is run several times and the median is reported.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '../src/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = 5;

interface Case {
  name: string;
  input: string;
}

/** The sample thread with its comments repeated `copies` times, renumbered. */
function sampleThreadTimes(copies: number): string {
  const thread = readFileSync(path.join(ROOT, 'corpus', '003_d568973889bbf5ad.txt'), 'utf8');
  const [head, rest] = thread.split(/\n(?=  1\. )/) as [string, string];
  const [comments, tail] = rest.split(/\nLEAVE A REPLY/) as [string, string];
  const renumbered: string[] = [];
  for (let copy = 0; copy < copies; copy++) {
    renumbered.push(comments.replace(/^ {2}(\d+)\. /gm, (_match, n: string) => `  ${copy * 6 + Number(n)}. `));
  }
  return `${head}\n${renumbered.join('\n')}\nLEAVE A REPLY${tail}`;
}

function replyChain(depth: number): string {
  const out = [`${depth + 1} COMMENTS`, '', '  1. Start.', ''];
  for (let level = 1; level <= depth; level++) out.push(`${' '.repeat(2 + 2 * level)}• Reply at level ${level}.`, '');
  return out.join('\n');
}

const cases: Case[] = [
  { name: 'sample thread ×400 (9,600 comments)', input: sampleThreadTimes(400) },
  { name: '10 MB single line', input: 'word '.repeat(2 * 1024 * 1024) },
  { name: '10,000-level reply chain', input: replyChain(10_000) },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const results = cases.map(({ name, input }) => {
  const bytes = new TextEncoder().encode(input);
  const times: number[] = [];
  let comments = 0;
  for (let run = 0; run < RUNS; run++) {
    const start = performance.now();
    comments = parse(bytes, { file: name }).comments.length;
    times.push(performance.now() - start);
  }
  const ms = median(times);
  return { name, megabytes: +(bytes.length / 1e6).toFixed(2), comments, ms: +ms.toFixed(1), megabytesPerSecond: +(bytes.length / 1e6 / (ms / 1000)).toFixed(1) };
});

const figures = { node: process.version, runs: RUNS, parse: results, peakRssMegabytes: Math.round(process.memoryUsage().rss / 1e6) };
if (process.argv.includes('--json')) {
  process.stdout.write(JSON.stringify(figures, null, 2) + '\n');
} else {
  process.stdout.write(`parse (median of ${RUNS} runs, ${process.version})\n`);
  for (const row of results) {
    process.stdout.write(`  ${row.name.padEnd(40)} ${String(row.megabytes).padStart(7)} MB ${String(row.comments).padStart(6)} comments ${String(row.ms).padStart(8)} ms ${String(row.megabytesPerSecond).padStart(7)} MB/s\n`);
  }
  process.stdout.write(`  resident memory at the end: ${figures.peakRssMegabytes} MB\n`);
}
