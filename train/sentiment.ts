/**
 * Fits the sentiment model on the VADER *train* rows (odd line numbers) and
 * writes src/analyse/models/sentiment.json. Test rows are never read here.
 *
 * 1. Grid-search the lexicon rules' parameters for the best mean Pearson r.
 * 2. Learn the valences of the lexicon words seen in the rows, through the
 *    rules (negation, `but`, boosters act on the learned value), each pulled
 *    towards its lexicon prior.
 * 3. Fit a ridge regression over the lexicon reading (see SentimentCombination)
 *    and word and word-pair features.
 * On a split of the train rows, pick the ridge penalty and the weight of the
 * tweets that beat vader-sentiment by the widest margin on the set where the
 * margin is smallest (settings within 0.001 of that margin count as tied, and
 * the best mean r among them wins); then refit steps 2 and 3 on all train rows.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchmarksDir, requireBenchmarks, vaderRows, VADER_SETS } from '../eval/benchmarks.js';
import { pearson } from '../eval/metrics.js';
import {
  COMBINATION_FIELDS,
  featureKeys,
  lexiconFeatures,
  lexiconScore,
  lexiconTerms,
  prepareText,
  priorModel,
  readLexicon,
  type LexiconTerm,
  type PreparedText,
  type SentimentCombination,
  type SentimentParameters,
} from '../src/analyse/sentiment.js';
import vader from 'vader-sentiment';
import { fitRidge, type SparseRow } from './ridge.js';

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'analyse', 'models', 'sentiment.json');
const MIN_FEATURE_COUNT = 3;
/** Pull of each learned valence towards its lexicon prior (per squared AFINN unit, against the mean squared error). */
const PRIOR_PULL = 2;
const VALENCE_EPOCHS = 200;

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

  const rBySet = (scores: number[], rows: Example[]): number[] =>
    VADER_SETS.map((set) => {
      const index = rows.map((row, i) => (row.set === set ? i : -1)).filter((i) => i >= 0);
      return pearson(index.map((i) => scores[i]!), index.map((i) => rows[i]!.mean));
    });
  const meanOf = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
  const format = (values: number[]): string => values.map((value) => value.toFixed(3)).join(' ');

  let best: { parameters: SentimentParameters; r: number } | null = null;
  for (const parameters of parameterGrid()) {
    const model = priorModel(parameters);
    const r = meanOf(rBySet(examples.map((example) => lexiconScore(example.prepared, model).score), examples));
    if (best === null || r > best.r + 1e-9) best = { parameters, r };
  }
  const parameters = best!.parameters;
  log(`sentiment: lexicon parameters ${JSON.stringify(parameters)} (mean train r ${best!.r.toFixed(3)})`);

  // The reference to beat on every set: vader-sentiment's r on the same held-out train rows.
  const fitHalf = examples.filter((_, i) => i % 2 === 0);
  const holdHalf = examples.filter((_, i) => i % 2 === 1);
  const reference = rBySet(holdHalf.map((example) => vader.SentimentIntensityAnalyzer.polarity_scores(example.text).compound), holdHalf);
  const tried: { lambda: number; tweetWeight: number; margin: number; mean: number }[] = [];
  for (const tweetWeight of [1, 2]) {
    const valences = learnValences(fitHalf, parameters, tweetWeight);
    for (const lambda of [100, 200, 300]) {
      const model = fitCorrections(fitHalf, parameters, valences, lambda, tweetWeight);
      const r = rBySet(holdHalf.map((example) => model.predict(example)), holdHalf);
      const margin = Math.min(...r.map((value, k) => value - reference[k]!));
      log(`sentiment:   tweet weight ${tweetWeight}, penalty ${lambda}: held-out r ${format(r)} (worst margin over vader ${margin.toFixed(3)}, mean r ${meanOf(r).toFixed(4)})`);
      tried.push({ lambda, tweetWeight, margin, mean: meanOf(r) });
    }
  }
  const widest = Math.max(...tried.map((setting) => setting.margin));
  const choice = tried.filter((setting) => setting.margin >= widest - 0.001).reduce((a, b) => (b.mean > a.mean + 1e-9 ? b : a));
  log(`sentiment: vader-sentiment held-out r ${format(reference)}`);
  log(`sentiment: tweet weight ${choice.tweetWeight}, ridge penalty ${choice.lambda} (worst held-out margin over vader ${choice.margin.toFixed(3)})`);

  const valences = learnValences(examples, parameters, choice.tweetWeight);
  const model = fitCorrections(examples, parameters, valences, choice.lambda, choice.tweetWeight);
  const sortedRounded = (entries: Iterable<[string, number]>): Record<string, number> =>
    Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, value]) => [key, round4(value)]));
  const stored = {
    parameters,
    combination: model.combination,
    bias: round4(model.bias),
    valences: sortedRounded(valences),
    weights: sortedRounded([...model.weights].filter(([, weight]) => Math.abs(weight) >= 0.005)),
  };
  writeFileSync(OUT, JSON.stringify(stored, null, 1) + '\n');
  log(`sentiment: wrote ${valences.size} learned valences and ${Object.keys(stored.weights).length} corrections to ${path.relative(process.cwd(), OUT)}`);
}

/** Each set weighs the same in total (so the large movie set does not drown the tweets), the tweets `tweetWeight` times that. */
function sampleWeights(examples: Example[], tweetWeight: number): number[] {
  const perSet = new Map<string, number>();
  for (const example of examples) perSet.set(example.set, (perSet.get(example.set) ?? 0) + 1);
  return examples.map((example) => (examples.length / (perSet.size * perSet.get(example.set)!)) * (example.set === 'tweets' ? tweetWeight : 1));
}

/**
 * Valences of the lexicon keys that occur in `examples`, fitted by Adam on the
 * weighted squared error of b + a·squash(total) + p·squash(positive) + n·squash(negative)
 * plus PRIOR_PULL · Σ (valence − prior)² / rows. The rules' factors and offsets
 * are taken from the prior valences (their signs) and held fixed.
 */
function learnValences(examples: Example[], parameters: SentimentParameters, tweetWeight: number): Map<string, number> {
  const prior = priorModel(parameters);
  const termsOf: LexiconTerm[][] = examples.map((example) => lexiconTerms(example.prepared, prior));
  const slot = new Map<string, number>();
  const priorValues: number[] = [];
  for (const terms of termsOf) for (const term of terms) if (!slot.has(term.key)) (slot.set(term.key, priorValues.length), priorValues.push(term.valence));
  const indexed = termsOf.map((terms) => terms.map((term) => ({ at: slot.get(term.key)!, factor: term.factor, offset: term.offset })));
  const exclamations = examples.map((example) => readLexicon(example.prepared, prior).exclamations * parameters.exclamation);
  const weights = sampleWeights(examples, tweetWeight);
  const alpha = parameters.alpha;
  const squash = (x: number): number => x / Math.sqrt(x * x + alpha);
  const slope = (x: number): number => alpha / Math.pow(x * x + alpha, 1.5);

  // Parameters: the valences, then bias and the weights of the three squashed sums.
  const size = priorValues.length + 4;
  const theta = Float64Array.from([...priorValues, 0, 2, 0.5, 0.5]);
  const [bias, onTotal, onPositive, onNegative] = [size - 4, size - 3, size - 2, size - 1];
  const optimiser = adam(size, 0.05);
  const gradient = new Float64Array(size);
  const rows = examples.length;
  for (let epoch = 1; epoch <= VALENCE_EPOCHS; epoch++) {
    gradient.fill(0);
    examples.forEach((example, i) => {
      let total = 0;
      let positive = 0;
      let negative = 0;
      for (const term of indexed[i]!) {
        const contribution = term.factor * theta[term.at]! + term.offset;
        total += contribution;
        if (contribution > 0) positive += contribution;
        else negative += contribution;
      }
      if (total !== 0) total += Math.sign(total) * exclamations[i]!;
      const predicted = theta[bias]! + theta[onTotal]! * squash(total) + theta[onPositive]! * squash(positive) + theta[onNegative]! * squash(negative);
      const error = (2 * weights[i]! * (predicted - example.mean)) / rows;
      gradient[bias]! += error;
      gradient[onTotal]! += error * squash(total);
      gradient[onPositive]! += error * squash(positive);
      gradient[onNegative]! += error * squash(negative);
      for (const term of indexed[i]!) {
        const part = term.factor * theta[term.at]! + term.offset > 0 ? theta[onPositive]! * slope(positive) : theta[onNegative]! * slope(negative);
        gradient[term.at]! += error * term.factor * (theta[onTotal]! * slope(total) + part);
      }
    });
    for (let j = 0; j < priorValues.length; j++) gradient[j]! += (2 * PRIOR_PULL * (theta[j]! - priorValues[j]!)) / rows;
    optimiser(theta, gradient, epoch);
  }
  return new Map([...slot].map(([key, at]) => [key, theta[at]!]));
}

/** One Adam step per call (β 0.9 and 0.999), in place. */
function adam(size: number, rate: number): (theta: Float64Array, gradient: Float64Array, step: number) => void {
  const first = new Float64Array(size);
  const second = new Float64Array(size);
  return (theta, gradient, step) => {
    for (let j = 0; j < size; j++) {
      first[j] = 0.9 * first[j]! + 0.1 * gradient[j]!;
      second[j] = 0.999 * second[j]! + 0.001 * gradient[j]! * gradient[j]!;
      theta[j]! -= (rate * first[j]!) / (1 - 0.9 ** step) / (Math.sqrt(second[j]! / (1 - 0.999 ** step)) + 1e-8);
    }
  };
}

/** Ridge over the lexicon reading (dense) and word and word-pair features (sparse); the bias is not penalised. */
function fitCorrections(examples: Example[], parameters: SentimentParameters, valences: Map<string, number>, lambda: number, tweetWeight: number) {
  const lexicon = { ...priorModel(parameters), valences };
  const dense = (example: Example): number[] => lexiconFeatures(readLexicon(example.prepared, lexicon), example.prepared.wordCount, parameters.alpha);
  const counts = new Map<string, number>();
  for (const example of examples) for (const key of example.features) counts.set(key, (counts.get(key) ?? 0) + 1);
  const vocabulary = [...counts].filter(([, count]) => count >= MIN_FEATURE_COUNT).map(([key]) => key).sort();
  const index = new Map(vocabulary.map((key, i) => [key, i]));
  const rows: SparseRow[] = examples.map((example) => ({
    features: example.features.map((key) => index.get(key)).filter((i): i is number => i !== undefined),
    dense: dense(example),
  }));
  const solution = fitRidge(rows, examples.map((example) => example.mean), vocabulary.length, lambda, sampleWeights(examples, tweetWeight));
  const weights = new Map(vocabulary.map((key, i) => [key, solution.weights[i]!]));
  const combination = Object.fromEntries(COMBINATION_FIELDS.map((field, k) => [field, round4(solution.weights[vocabulary.length + k]!)])) as unknown as SentimentCombination;
  const combined = COMBINATION_FIELDS.map((field) => combination[field]);
  return {
    weights,
    bias: solution.bias,
    combination,
    predict: (example: Example): number =>
      example.features.reduce((sum, key) => sum + (weights.get(key) ?? 0), solution.bias + dense(example).reduce((sum, value, k) => sum + value * combined[k]!, 0)),
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
