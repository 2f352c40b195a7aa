/**
 * `npm run eval`: quality figures against ../shared/benchmarks (test parts
 * only) beside the reference tools; `-- --json` prints one JSON object.
 */
import { benchmarksDir, requireBenchmarks } from './benchmarks.js';
import { evaluateSentiment } from './sentiment.js';
import { evaluateStance } from './stance.js';
import { evaluateIncivility } from './incivility.js';
import { evaluateClusters } from './clusters.js';

const dir = benchmarksDir();
try {
  requireBenchmarks(dir);
} catch (error) {
  process.stderr.write(`eval: ${(error as Error).message}\n`);
  process.exit(1);
}

const figures = { benchmarks: dir, sentiment: evaluateSentiment(dir), stance: evaluateStance(dir), incivility: evaluateIncivility('test'), clusters: evaluateClusters(dir, 'test') };

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
  const incivility = figures.incivility;
  out.push('', `Incivility — the project's labelled reader comments, test part (${incivility.rows} comments)`);
  out.push(`  any incivility: precision ${incivility.uncivil.precision}, recall ${incivility.uncivil.recall}`);
  for (const [kind, row] of Object.entries(incivility.perKind)) out.push(`  ${kind.padEnd(16)} precision ${row.precision}, recall ${row.recall} (${row.support} labelled)`);
  out.push(`  target right on ${incivility.targetAccuracy} of the comments flagged by both; attacks on commenters: precision ${incivility.commenterTarget.precision}, recall ${incivility.commenterTarget.recall}`);
  const clusters = figures.clusters;
  out.push('', `Argument clusters — ArgKP 2021 test (${clusters.groups} topic-stance groups, ${clusters.arguments} arguments with a key point)`);
  out.push(`  seeded (key points as frames), accuracy: ${Object.entries(clusters.seededAccuracy).map(([name, value]) => `${name} ${value}`).join(', ')}`);
  out.push(`  unsupervised (k = key points), ARI / NMI: ${Object.keys(clusters.ari).map((name) => `${name} ${clusters.ari[name]} / ${clusters.nmi[name]}`).join(', ')}`);
  process.stdout.write(out.join('\n') + '\n');
}
