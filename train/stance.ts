/**
 * Fits the reply-stance classifier and writes src/analyse/models/stance.json.
 *
 * Data: the DEBAGREEMENT Reddit reply pairs (debagreement/dev.csv, every row
 * usable for training) and, where cross-validation shows it helps, the
 * RumourEval 2017 train and dev direct replies mapped to the same three
 * classes (support → agree, deny → disagree, query and comment → neutral;
 * a real question is told apart after the classifier, see stance.ts).
 *
 * Settings are chosen by 5-fold cross-validation on DEBAGREEMENT (folds from
 * a seeded shuffle, seed 7): the share of RumourEval rows, then the weight of
 * the rule layer on the out-of-fold scores together with the dev part of the
 * project's labelled comment pairs, then a temperature that makes the
 * confidences match the out-of-fold accuracy. The RumourEval test part and
 * the comment pairs' test part are never read here.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchmarksDir, debagreementRows, requireBenchmarks, rumourEvalReplies } from '../eval/benchmarks.js';
import { classification } from '../eval/metrics.js';
import { labelledPairs } from '../eval/stance.js';
import type { Stance } from '../src/model/index.js';
import { DEFAULT_STANCE_MODEL, finalStance, linearLogits, ruleVotes, scoreStance, softmax, stanceFeatures, type StanceFeatures, type StanceModel } from '../src/analyse/stance.js';
import { fitSoftmax, type SparseRow } from './logistic.js';

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'analyse', 'models', 'stance.json');

/** The classes the linear model scores. */
export const MODEL_CLASSES: readonly Stance[] = ['disagree', 'neutral', 'agree'];

/** How the classifier is fitted; stored with the model so that `npm run eval` can rerun the same cross-validation. */
export interface StanceTraining {
  l2: number;
  /** Per class of MODEL_CLASSES. */
  classWeights: number[];
  iterations: number;
  /** Features seen fewer times are dropped. */
  minCount: number;
  lexicalScale: number;
  /** Row weight of the RumourEval replies (0: not used). */
  rumourEvalWeight: number;
  folds: number;
  seed: number;
}

const RUMOUR_EVAL_WEIGHTS = [0];
const RULE_TOLERANCE = 0.005;
const BASE: StanceTraining = { l2: 0.01, classWeights: [1, 1.4, 1], iterations: 300, minCount: 2, lexicalScale: 3, rumourEvalWeight: 0, folds: 5, seed: 7 };

export interface StanceExample {
  label: number;
  reply: string;
  parent: string | null;
  target: 'parent' | 'article';
  weight: number;
}

interface Encoded extends StanceExample, StanceFeatures {}

const RE_CLASS: Record<Stance, Stance> = { agree: 'agree', disagree: 'disagree', query: 'neutral', neutral: 'neutral' };

export function debagreementExamples(dir: string): StanceExample[] {
  return debagreementRows(dir).map((row) => ({ label: MODEL_CLASSES.indexOf(row.stance), reply: row.reply, parent: row.parent, target: 'parent', weight: 1 }));
}

function rumourEvalExamples(dir: string, weight: number): StanceExample[] {
  return [...rumourEvalReplies(dir, 'train'), ...rumourEvalReplies(dir, 'dev')].map((row) => ({
    label: MODEL_CLASSES.indexOf(RE_CLASS[row.stance]),
    reply: row.text,
    parent: row.parentText,
    target: 'parent',
    weight,
  }));
}

const encode = (example: StanceExample, lexicalScale: number): Encoded => ({ ...example, ...stanceFeatures(example.reply, example.parent, example.target, lexicalScale) });

/** A linear model (rule weight 0, temperature 1) fitted on encoded examples. */
function fitLinear(examples: Encoded[], settings: StanceTraining): StanceModel {
  const counts = new Map<string, number>();
  for (const example of examples) for (const feature of example.features.keys()) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  const vocabulary = [...counts]
    .filter(([, count]) => count >= settings.minCount)
    .map(([feature]) => feature)
    .sort();
  const index = new Map(vocabulary.map((feature, i) => [feature, i]));
  const rows: SparseRow[] = examples.map((example) => {
    const indices: number[] = [];
    const values: number[] = [];
    for (const [feature, value] of example.features) {
      const i = index.get(feature);
      if (i !== undefined) {
        indices.push(i);
        values.push(value);
      }
    }
    return { indices: Int32Array.from(indices), values: Float64Array.from(values) };
  });
  const solution = fitSoftmax(
    rows,
    examples.map((example) => example.label),
    vocabulary.length,
    MODEL_CLASSES.length,
    { l2: settings.l2, classWeights: settings.classWeights, rowWeights: examples.map((example) => example.weight), iterations: settings.iterations },
  );
  return {
    classes: MODEL_CLASSES,
    bias: [...solution.bias],
    weights: new Map(vocabulary.map((feature, i) => [feature, [...solution.weights[i]!]])),
    ruleWeight: 0,
    temperature: 1,
    lexicalScale: settings.lexicalScale,
  };
}

/** Fold of each of `n` rows: a seeded shuffle dealt round-robin. */
export function foldsOf(n: number, k: number, seed: number): number[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const order = [...Array(n).keys()];
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const folds = new Array<number>(n);
  order.forEach((row, i) => (folds[row] = i % k));
  return folds;
}

/** Out-of-fold linear scores and rule votes of every DEBAGREEMENT row. */
export interface OutOfFold {
  labels: number[];
  linear: number[][];
  votes: number[][];
  asks: Array<'opens' | 'ends' | null>;
  sarcastic: boolean[];
}

/**
 * K-fold cross-validation on DEBAGREEMENT: each fold's rows scored by a model
 * fitted on the other folds (plus the RumourEval rows, if weighted in).
 */
export function crossValidate(dir: string, settings: StanceTraining, log: (line: string) => void = () => {}): OutOfFold {
  const debagreement = debagreementExamples(dir).map((example) => encode(example, settings.lexicalScale));
  const extra = settings.rumourEvalWeight > 0 ? rumourEvalExamples(dir, settings.rumourEvalWeight).map((example) => encode(example, settings.lexicalScale)) : [];
  const folds = foldsOf(debagreement.length, settings.folds, settings.seed);
  const result: OutOfFold = { labels: debagreement.map((example) => example.label), linear: [], votes: [], asks: [], sarcastic: [] };
  for (let fold = 0; fold < settings.folds; fold++) {
    const model = fitLinear([...debagreement.filter((_, i) => folds[i] !== fold), ...extra], settings);
    debagreement.forEach((example, i) => {
      if (folds[i] === fold) {
        result.linear[i] = linearLogits(example.features, model);
        result.votes[i] = ruleVotes(example.features, MODEL_CLASSES);
        result.asks[i] = example.asks;
        result.sarcastic[i] = example.sarcastic;
      }
    });
    log(`stance:   fold ${fold + 1}/${settings.folds} done`);
  }
  return result;
}

/** Row i's class scores with the rule layer at `ruleWeight`, divided by `temperature`. */
function scoresOf(oof: OutOfFold, i: number, ruleWeight: number, temperature = 1): number[] {
  return oof.linear[i]!.map((logit, c) => (logit + ruleWeight * oof.votes[i]![c]!) / temperature);
}

/** Predicted class index per row for a rule weight, as scoreStance decides (a query counts as neutral here). */
export function predictions(oof: OutOfFold, ruleWeight: number): number[] {
  return oof.linear.map((_, i) => {
    const logits = scoresOf(oof, i, ruleWeight);
    const stance = finalStance(MODEL_CLASSES[logits.indexOf(Math.max(...logits))]!, oof.asks[i]!, oof.sarcastic[i]!);
    return MODEL_CLASSES.indexOf(stance === 'query' ? 'neutral' : stance);
  });
}

export function debagreementMacroF1(oof: OutOfFold, ruleWeight: number): number {
  const names = (labels: number[]): string[] => labels.map((label) => MODEL_CLASSES[label]!);
  return classification(names(oof.labels), names(predictions(oof, ruleWeight)), MODEL_CLASSES).macroF1;
}

/** Confidence against accuracy in bins of 0.1, on out-of-fold scores. */
export function reliabilityTable(oof: OutOfFold, ruleWeight: number, temperature: number): Array<{ from: number; to: number; rows: number; confidence: number; accuracy: number }> {
  const bins = Array.from({ length: 10 }, (_, b) => ({ from: b / 10, to: (b + 1) / 10, rows: 0, confidence: 0, accuracy: 0 }));
  oof.linear.forEach((_, i) => {
    const probabilities = softmax(scoresOf(oof, i, ruleWeight, temperature));
    const best = probabilities.indexOf(Math.max(...probabilities));
    const bin = bins[Math.min(9, Math.floor(probabilities[best]! * 10))]!;
    bin.rows++;
    bin.confidence += probabilities[best]!;
    bin.accuracy += best === oof.labels[i] ? 1 : 0;
  });
  return bins
    .filter((bin) => bin.rows > 0)
    .map((bin) => ({ ...bin, confidence: round3(bin.confidence / bin.rows), accuracy: round3(bin.accuracy / bin.rows) }));
}

function negativeLogLikelihood(oof: OutOfFold, ruleWeight: number, temperature: number): number {
  let sum = 0;
  oof.linear.forEach((_, i) => {
    const probabilities = softmax(scoresOf(oof, i, ruleWeight, temperature));
    sum -= Math.log(Math.max(1e-12, probabilities[oof.labels[i]!]!));
  });
  return sum / oof.linear.length;
}

/** Macro-F1 on the comment pairs' dev part, four classes, for a model and rule weight. */
function commentPairsMacroF1(model: StanceModel, ruleWeight: number): number {
  const pairs = labelledPairs('dev');
  const weighted = { ...model, ruleWeight };
  const predicted = pairs.map((pair) => scoreStance(pair.reply, pair.parent, pair.parent_is_article ? 'article' : 'parent', weighted).stance);
  return classification(
    pairs.map((pair) => pair.label),
    predicted,
    ['agree', 'disagree', 'query', 'neutral'],
  ).macroF1;
}

export function trainStance(log: (line: string) => void): void {
  const dir = benchmarksDir();
  requireBenchmarks(dir);
  log(`stance: DEBAGREEMENT ${debagreementRows(dir).length} pairs, ${BASE.folds}-fold cross-validation (seed ${BASE.seed})`);

  let chosen: { settings: StanceTraining; oof: OutOfFold; macroF1: number } | null = null;
  // Measured: RumourEval rows at weight 0.5 lowered the DEBAGREEMENT CV figure
  // from 0.527 to 0.503, so only the Reddit pairs are used; pass more weights to retry.
  for (const rumourEvalWeight of RUMOUR_EVAL_WEIGHTS) {
    const settings = { ...BASE, rumourEvalWeight };
    const oof = crossValidate(dir, settings, log);
    const macroF1 = debagreementMacroF1(oof, 0);
    log(`stance:   RumourEval rows weighted ${rumourEvalWeight}: DEBAGREEMENT CV macro-F1 ${macroF1.toFixed(4)}`);
    if (chosen === null || macroF1 > chosen.macroF1 + 1e-9) chosen = { settings, oof, macroF1 };
  }
  const { settings, oof } = chosen!;
  log(`stance: chose RumourEval weight ${settings.rumourEvalWeight}`);

  const examples = [...debagreementExamples(dir), ...(settings.rumourEvalWeight > 0 ? rumourEvalExamples(dir, settings.rumourEvalWeight) : [])].map((example) => encode(example, settings.lexicalScale));
  const linear = fitLinear(examples, settings);
  // The rule layer carries general knowledge of replies that a Reddit-trained
  // model sees too rarely. Its weight is the one that does best on the comment
  // pairs' dev part among those that keep the cross-validated DEBAGREEMENT
  // figure within RULE_TOLERANCE of its best.
  const candidates = [0, 0.25, 0.5, 0.75, 1, 1.5, 2].map((weight) => ({ weight, debagreement: debagreementMacroF1(oof, weight), comments: commentPairsMacroF1(linear, weight) }));
  for (const candidate of candidates) log(`stance:   rule weight ${candidate.weight}: DEBAGREEMENT CV ${candidate.debagreement.toFixed(4)}, comment pairs (dev) ${candidate.comments.toFixed(3)}`);
  const bestDebagreement = Math.max(...candidates.map((candidate) => candidate.debagreement));
  const ruleWeight = candidates
    .filter((candidate) => candidate.debagreement >= bestDebagreement - RULE_TOLERANCE)
    .reduce((best, candidate) => (candidate.comments > best.comments + 1e-9 ? candidate : best)).weight;
  let temperature = 1;
  let bestLoss = Infinity;
  for (let t = 0.5; t <= 3.0001; t += 0.05) {
    const loss = negativeLogLikelihood(oof, ruleWeight, t);
    if (loss < bestLoss - 1e-12) {
      bestLoss = loss;
      temperature = Math.round(t * 100) / 100;
    }
  }
  log(`stance: chose rule weight ${ruleWeight}, temperature ${temperature}`);
  log('stance: reliability on the out-of-fold scores (confidence bin: rows, mean confidence, accuracy)');
  for (const bin of reliabilityTable(oof, ruleWeight, temperature)) log(`stance:   ${bin.from.toFixed(1)}–${bin.to.toFixed(1)}: ${bin.rows}, ${bin.confidence.toFixed(3)}, ${bin.accuracy.toFixed(3)}`);

  const weights: Record<string, number[]> = {};
  for (const [feature, values] of [...linear.weights].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (values.some((value) => Math.abs(value) >= 0.002)) weights[feature] = values.map(round4);
  }
  const stored = { classes: MODEL_CLASSES, bias: linear.bias.map(round4), ruleWeight, temperature, lexicalScale: settings.lexicalScale, training: settings, weights };
  // One feature a line: the file stays readable and its diffs small.
  const { weights: _, ...head } = stored;
  const lines = Object.entries(weights).map(([feature, values]) => `${JSON.stringify(feature)}:${JSON.stringify(values)}`);
  writeFileSync(OUT, `${JSON.stringify(head).slice(0, -1)},"weights":{\n${lines.join(',\n')}\n}}\n`);
  log(`stance: wrote ${Object.keys(weights).length} features to ${path.relative(process.cwd(), OUT)}`);
}

/** The settings the committed model was fitted with. */
export function committedTraining(): StanceTraining {
  return (DEFAULT_STANCE_MODEL as StanceModel & { training?: StanceTraining }).training ?? BASE;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
