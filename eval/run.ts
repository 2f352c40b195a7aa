/**
 * `npm run eval`: quality figures against ../shared/benchmarks (test parts;
 * ArgKP dev too) beside the reference tools; `-- --json` prints one JSON object.
 */
import { benchmarksDir, requireBenchmarks } from './benchmarks.js';
import { evaluateSentiment } from './sentiment.js';
import { evaluateStance, formatStance } from './stance.js';
import { evaluateIncivility, formatIncivility } from './incivility.js';
import { evaluateClusters, formatClusters } from './clusters.js';
import { evaluateSpeed, formatSpeed } from './speed.js';

const dir = benchmarksDir();
try {
  requireBenchmarks(dir);
} catch (error) {
  process.stderr.write(`eval: ${(error as Error).message}\n`);
  process.exit(1);
}

const figures = { benchmarks: dir, sentiment: evaluateSentiment(dir), stance: evaluateStance(dir), incivility: evaluateIncivility(dir), clusters: [evaluateClusters(dir, 'dev'), evaluateClusters(dir, 'test')], speed: evaluateSpeed(dir) };

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
  out.push('', ...formatStance(figures.stance));
  out.push('', ...formatIncivility(figures.incivility));
  out.push('', ...formatClusters(figures.clusters));
  out.push('', ...formatSpeed(figures.speed));
  process.stdout.write(out.join('\n') + '\n');
}
