/**
 * `npm run eval`: quality figures against ../shared/benchmarks (test parts
 * only) beside the reference tools; `-- --json` prints one JSON object.
 */
import { benchmarksDir, requireBenchmarks } from './benchmarks.js';
import { evaluateSentiment } from './sentiment.js';

const dir = benchmarksDir();
try {
  requireBenchmarks(dir);
} catch (error) {
  process.stderr.write(`eval: ${(error as Error).message}\n`);
  process.exit(1);
}

const figures = { benchmarks: dir, sentiment: evaluateSentiment(dir) };

if (process.argv.includes('--json')) {
  process.stdout.write(JSON.stringify(figures, null, 2) + '\n');
} else {
  const out: string[] = [];
  out.push('Sentiment — VADER test rows (even lines): Pearson r / sign macro-F1');
  const scorers = Object.keys(Object.values(figures.sentiment.sets)[0]!.pearson);
  out.push(`  ${'set'.padEnd(22)}${'rows'.padStart(6)}  ${scorers.map((name) => name.padStart(22)).join('')}`);
  for (const [set, row] of Object.entries(figures.sentiment.sets)) {
    out.push(`  ${set.padEnd(22)}${String(row.rows).padStart(6)}  ${scorers.map((name) => `${row.pearson[name]!.toFixed(3)} / ${row.signMacroF1[name]!.toFixed(3)}`.padStart(22)).join('')}`);
  }
  const speed = figures.sentiment.throughput;
  out.push(`  speed, ms per 1,000 texts: ${scorers.map((name) => `${name} ${speed.msPerThousand[name]}`).join(', ')}; threadlens is ${speed.speedupOverVader}× vader-sentiment`);
  process.stdout.write(out.join('\n') + '\n');
}
