/**
 * `npm run eval`: quality figures against ../shared/benchmarks (test parts
 * only) beside the reference tools; `-- --json` prints one JSON object.
 */
import { benchmarksDir, requireBenchmarks } from './benchmarks.js';
import { evaluateSentiment } from './sentiment.js';
import { evaluateStance } from './stance.js';

const dir = benchmarksDir();
try {
  requireBenchmarks(dir);
} catch (error) {
  process.stderr.write(`eval: ${(error as Error).message}\n`);
  process.exit(1);
}

const figures = { benchmarks: dir, sentiment: evaluateSentiment(dir), stance: evaluateStance(dir) };

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
  const stance = figures.stance;
  const predictors = Object.keys(stance.rumourEval.macroF1);
  out.push('', 'Stance — macro-F1 / accuracy over agree, disagree, query, neutral');
  out.push(`  ${'data'.padEnd(36)}${'rows'.padStart(6)}  ${predictors.map((name) => name.padStart(18)).join('')}`);
  const line = (name: string, rows: number, figure: { macroF1: Record<string, number>; accuracy: Record<string, number> }) =>
    `  ${name.padEnd(36)}${String(rows).padStart(6)}  ${predictors.map((p) => `${figure.macroF1[p]!.toFixed(3)} / ${figure.accuracy[p]!.toFixed(3)}`.padStart(18)).join('')}`;
  out.push(line('RumourEval 2017 test, direct replies', stance.rumourEval.rows, stance.rumourEval));
  out.push(line('labelled comment pairs, test part', stance.comments.rows, stance.comments));
  out.push(`  threadlens per-class F1 on RumourEval: ${Object.entries(stance.rumourEval.perClassF1).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  process.stdout.write(out.join('\n') + '\n');
}
