/**
 * Fits the sentiment model on the VADER *train* rows (odd line numbers) and
 * writes src/analyse/models/sentiment.json. Test rows are never read here.
 *
 * 1. Grid-search the lexicon rules' parameters for the best mean Pearson r.
 * 2. On a split of the train rows, pick the ridge penalty and the weight of the
 *    lexicon score that beat vader-sentiment by the widest margin on the set
 *    where the margin is smallest; then refit the corrections on all train rows.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchmarksDir, requireBenchmarks, vaderRows, VADER_SETS } from '../eval/benchmarks.js';
import { pearson } from '../eval/metrics.js';
import { featureKeys, lexiconScore, prepareText, type PreparedText, type SentimentParameters } from '../src/analyse/sentiment.js';
import vader from 'vader-sentiment';
import { fitRidge, type SparseRow } from './ridge.js';

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'analyse', 'models', 'sentiment.json');
const MIN_FEATURE_COUNT = 3;

interface Example {
  set: string;
  text: string;
  mean: number;
  prepared: PreparedText;
  features: string[];
}

export function trainSentiment(log: (line: string) => void): void {
  const dir = benchmarksDir();
  requireBenchmarks(dir);
  const examples: Example[] = VADER_SETS.flatMap((set) =>
    vaderRows(dir, set, 'train').map((row) => {
      const prepared = prepareText(row.text);
      return { set, text: row.text, mean: row.mean, prepared, features: featureKeys(prepared.tokens) };
    }),
  );
  log(`sentiment: ${examples.length} train rows`);

  const meanR = (scores: number[], rows: Example[]): number =>
    VADER_SETS.reduce((sum, set) => {
      const index = rows.map((row, i) => (row.set === set ? i : -1)).filter((i) => i >= 0);
      return sum + pearson(index.map((i) => scores[i]!), index.map((i) => rows[i]!.mean));
    }, 0) / VADER_SETS.length;

  let best: { parameters: SentimentParameters; r: number } | null = null;
  for (const parameters of parameterGrid()) {
    const r = meanR(examples.map((example) => lexiconScore(example.prepared, parameters).score), examples);
    if (best === null || r > best.r + 1e-9) best = { parameters, r };
  }
  const parameters = best!.parameters;
  log(`sentiment: lexicon parameters ${JSON.stringify(parameters)} (mean train r ${best!.r.toFixed(3)})`);
  const lexicon = examples.map((example) => lexiconScore(example.prepared, parameters).score);

  // The reference to beat on every set: vader-sentiment's r on the same held-out train rows.
  const fitHalf = examples.filter((_, i) => i % 2 === 0);
  const holdHalf = examples.filter((_, i) => i % 2 === 1);
  const rBySet = (scores: number[]): number[] =>
    VADER_SETS.map((set) => {
      const index = holdHalf.map((row, i) => (row.set === set ? i : -1)).filter((i) => i >= 0);
      return pearson(index.map((i) => scores[i]!), index.map((i) => holdHalf[i]!.mean));
    });
  const reference = rBySet(holdHalf.map((example) => vader.SentimentIntensityAnalyzer.polarity_scores(example.text).compound));
  let choice = { lambda: 0, ruleWeight: 0, margin: -Infinity, r: [] as number[] };
  for (const lambda of [30, 100, 300, 1000]) {
    for (const ruleWeight of [1.5, 2, 3]) {
      const model = fit(fitHalf, lexicon.filter((_, i) => i % 2 === 0), lambda, ruleWeight);
      const r = rBySet(holdHalf.map((example, i) => model.predict(example, lexicon[2 * i + 1]!)));
      const margin = Math.min(...r.map((value, k) => value - reference[k]!));
      log(`sentiment:   penalty ${lambda}, lexicon weight ${ruleWeight}: held-out r ${r.map((value) => value.toFixed(3)).join(' ')} (worst margin over vader ${margin.toFixed(3)})`);
      if (margin > choice.margin + 1e-9) choice = { lambda, ruleWeight, margin, r };
    }
  }
  log(`sentiment: vader-sentiment held-out r ${reference.map((value) => value.toFixed(3)).join(' ')}`);
  log(`sentiment: ridge penalty ${choice.lambda}, lexicon weight ${choice.ruleWeight} (worst held-out margin over vader ${choice.margin.toFixed(3)})`);

  const model = fit(examples, lexicon, choice.lambda, choice.ruleWeight);
  const weights = Object.fromEntries(
    [...model.weights].filter(([, weight]) => Math.abs(weight) >= 0.005).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, weight]) => [key, round4(weight)]),
  );
  const stored = { parameters, ruleWeight: choice.ruleWeight, bias: round4(model.bias), weights };
  writeFileSync(OUT, JSON.stringify(stored, null, 1) + '\n');
  log(`sentiment: wrote ${Object.keys(weights).length} corrections to ${path.relative(process.cwd(), OUT)}`);
}

/** Ridge corrections on top of a fixed-weight lexicon score (the target is the residual). */
function fit(examples: Example[], lexicon: number[], lambda: number, ruleWeight: number) {
  const counts = new Map<string, number>();
  for (const example of examples) for (const key of example.features) counts.set(key, (counts.get(key) ?? 0) + 1);
  const vocabulary = [...counts].filter(([, count]) => count >= MIN_FEATURE_COUNT).map(([key]) => key).sort();
  const index = new Map(vocabulary.map((key, i) => [key, i]));
  const rows: SparseRow[] = examples.map((example) => ({
    features: example.features.map((key) => index.get(key)).filter((i): i is number => i !== undefined),
    dense: [],
  }));
  // Each set weighs the same in total, so the large movie set does not drown the tweets.
  const perSet = new Map<string, number>();
  for (const example of examples) perSet.set(example.set, (perSet.get(example.set) ?? 0) + 1);
  const sampleWeights = examples.map((example) => examples.length / (perSet.size * perSet.get(example.set)!));
  const solution = fitRidge(rows, examples.map((example, i) => example.mean - ruleWeight * lexicon[i]!), vocabulary.length, lambda, sampleWeights);
  const weights = new Map(vocabulary.map((key, i) => [key, solution.weights[i]!]));
  return {
    weights,
    bias: solution.bias,
    predict: (example: Example, lexiconValue: number): number =>
      example.features.reduce((sum, key) => sum + (weights.get(key) ?? 0), solution.bias + ruleWeight * lexiconValue),
  };
}

function* parameterGrid(): Generator<SentimentParameters> {
  for (const alpha of [15, 25, 40])
    for (const negation of [0.3, 0.5, 0.74])
      for (const negationScope of [3, 4])
        for (const [beforeContrast, afterContrast] of [[0.5, 1.5], [0.75, 1.25], [1, 1]] as const)
          for (const shout of [0.3, 0.733])
            for (const exclamation of [0.15, 0.292]) {
              yield { alpha, negation, negationScope, beforeContrast, afterContrast, shout, exclamation, neutralBand: 0.05 };
            }
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
