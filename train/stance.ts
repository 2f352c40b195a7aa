/**
 * Fits the stance classifier on RumourEval 2017 direct replies, train and dev
 * parts only, and writes src/analyse/models/stance.json. Hyperparameters are
 * chosen by cross-validation with one fold per news event (so a fold's test
 * threads are about a story the model has not seen). The weight of the rule
 * layer is then chosen on the out-of-fold predictions together with the dev
 * part of the project's labelled comment pairs, so that it also holds on
 * reader comments rather than tweets only.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchmarksDir, requireBenchmarks, rumourEvalReplies, STANCES, type StanceRow } from '../eval/benchmarks.js';
import { classification } from '../eval/metrics.js';
import { DEFAULT_STANCE_MODEL, stanceFeatures, stanceLogits, type StanceModel } from '../src/analyse/stance.js';
import { labelledPairs } from '../eval/stance.js';
import { fitSoftmax } from './logistic.js';

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'analyse', 'models', 'stance.json');
const MIN_FEATURE_COUNT = 2;

interface Example {
  event: string;
  label: number;
  features: string[];
}

export function trainStance(log: (line: string) => void): void {
  const dir = benchmarksDir();
  requireBenchmarks(dir);
  const rows: StanceRow[] = [...rumourEvalReplies(dir, 'train'), ...rumourEvalReplies(dir, 'dev')];
  const examples: Example[] = rows.map((row) => ({
    event: row.event,
    label: STANCES.indexOf(row.stance),
    features: stanceFeatures(row.text, row.parentText, 'parent').features,
  }));
  const events = [...new Set(examples.map((example) => example.event))].sort();
  log(`stance: ${examples.length} train+dev replies, ${events.length} events`);

  let best = { l2: 0, power: 0, macroF1: -1 };
  const gold = events.flatMap((event) => examples.filter((example) => example.event === event).map((example) => STANCES[example.label]!));
  for (const l2 of [0.0003, 0.001, 0.003, 0.01]) {
    for (const power of [0.5, 0.75, 1]) {
      const predicted: string[] = [];
      for (const event of events) {
        const model = fit(examples.filter((example) => example.event !== event), l2, power, 0);
        for (const example of examples.filter((example) => example.event === event)) {
          predicted.push(predict(model, example.features));
        }
      }
      const macroF1 = classification(gold, predicted, STANCES).macroF1;
      log(`stance:   l2 ${l2}, class-weight power ${power}: event-fold macro-F1 ${macroF1.toFixed(3)}`);
      if (macroF1 > best.macroF1 + 1e-9) best = { l2, power, macroF1 };
    }
  }
  log(`stance: chose l2 ${best.l2}, class-weight power ${best.power}`);

  const foldModels = new Map(events.map((event) => [event, fit(examples.filter((example) => example.event !== event), best.l2, best.power, 0)]));
  const model = fit(examples, best.l2, best.power, 0);
  const pairs = labelledPairs('dev');
  let chosen = { ruleWeight: 0, score: -1 };
  for (const ruleWeight of [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3]) {
    const onTweets = classification(
      gold,
      events.flatMap((event) => examples.filter((example) => example.event === event).map((example) => predict({ ...foldModels.get(event)!, ruleWeight }, example.features))),
      STANCES,
    ).macroF1;
    const onComments = classification(
      pairs.map((pair) => pair.label),
      pairs.map((pair) => predict({ ...model, ruleWeight }, stanceFeatures(pair.reply, pair.parent, pair.parent_is_article ? 'article' : 'parent').features)),
      STANCES,
    ).macroF1;
    log(`stance:   rule weight ${ruleWeight}: event-fold macro-F1 ${onTweets.toFixed(3)}, comment pairs (dev) ${onComments.toFixed(3)}`);
    if ((onTweets + onComments) / 2 > chosen.score + 1e-9) chosen = { ruleWeight, score: (onTweets + onComments) / 2 };
  }
  log(`stance: chose rule weight ${chosen.ruleWeight}`);

  const weights: Record<string, number[]> = {};
  for (const [feature, values] of [...model.weights].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (values.some((value) => Math.abs(value) >= 0.001)) weights[feature] = values.map(round4);
  }
  const stored = { classes: STANCES, bias: model.bias.map(round4), ruleWeight: chosen.ruleWeight, weights };
  writeFileSync(OUT, JSON.stringify(stored, null, 1) + '\n');
  log(`stance: wrote ${Object.keys(weights).length} features to ${path.relative(process.cwd(), OUT)}`);
}

function predict(model: StanceModel, features: string[]): string {
  const logits = stanceLogits(features, model);
  return model.classes[logits.indexOf(Math.max(...logits))]!;
}

function fit(examples: Example[], l2: number, power: number, ruleWeight: number): StanceModel {
  const counts = new Map<string, number>();
  for (const example of examples) for (const feature of example.features) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  const vocabulary = [...counts].filter(([, count]) => count >= MIN_FEATURE_COUNT).map(([feature]) => feature).sort();
  const index = new Map(vocabulary.map((feature, i) => [feature, i]));
  const encode = (features: string[]): number[] => features.map((feature) => index.get(feature)).filter((i): i is number => i !== undefined);
  const classCounts = STANCES.map((_, c) => examples.filter((example) => example.label === c).length);
  const classWeights = classCounts.map((count) => (examples.length / (STANCES.length * Math.max(1, count))) ** power);
  const solution = fitSoftmax(examples.map((example) => encode(example.features)), examples.map((example) => example.label), vocabulary.length, STANCES.length, { l2, classWeights });
  return {
    classes: DEFAULT_STANCE_MODEL.classes,
    bias: [...solution.bias],
    weights: new Map(vocabulary.map((feature, i) => [feature, [...solution.weights[i]!]])),
    ruleWeight,
  };
}

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
