/**
 * Argument-clustering figures on ArgKP-2021 (see ../shared/benchmarks/README.md):
 * seeded (key points as frames, every argument assigned) and unsupervised
 * (k = number of key points), beside plain TF-IDF run here the same way.
 */
import { kmeans } from 'ml-kmeans';
import TfIdf from 'natural/lib/natural/tfidf/tfidf.js';
import { clusterTexts, type EngineOptions } from '../src/analyse/cluster/engine.js';
import { normalizeAnalyseOptions } from '../src/options/index.js';
import { argKpGroups, type ArgKpGroup } from './argkp.js';
import { adjustedRandIndex, normalizedMutualInformation, round3 } from './metrics.js';

/** The product's clusterer defaults, but placing every argument as the benchmark asks. */
export const ARGKP_SETTINGS: Omit<EngineOptions, 'frames' | 'extraClusters'> = {
  ...normalizeAnalyseOptions({}).clustering,
  minTerms: 0,
  minSimilarity: -1,
};

export interface ClusterFigures {
  groups: number;
  arguments: number;
  seededAccuracy: Record<string, number>;
  ari: Record<string, number>;
  nmi: Record<string, number>;
}

type Seeded = (group: ArgKpGroup) => number[];
type Unsupervised = (group: ArgKpGroup, k: number) => number[];

export const threadlensSeeded = (settings = ARGKP_SETTINGS): Seeded => (group) =>
  clusterTexts(group.arguments.map((argument) => argument.text), { ...settings, frames: group.keyPoints.map((kp) => ({ text: [kp.text] })), extraClusters: 0 }).assignments;

export const threadlensUnsupervised = (settings = ARGKP_SETTINGS): Unsupervised => (group, k) =>
  clusterTexts(group.arguments.map((argument) => argument.text), { ...settings, frames: [], extraClusters: k }).assignments;

/** Plain TF-IDF vectors (natural's TfIdf, its own tokeniser, no stemming) over the arguments, then the key points. */
function plainVectors(group: ArgKpGroup): { args: number[][]; keyPoints: number[][] } {
  const tfidf = new TfIdf();
  const texts = [...group.arguments.map((argument) => argument.text), ...group.keyPoints.map((kp) => kp.text)];
  texts.forEach((text) => tfidf.addDocument(text));
  const vocabulary = new Map<string, number>();
  const rows = texts.map((_, d) => {
    const terms = tfidf.listTerms(d);
    for (const { term } of terms) if (!vocabulary.has(term)) vocabulary.set(term, vocabulary.size);
    return terms;
  });
  const dense = rows.map((terms) => {
    const row = new Array<number>(vocabulary.size).fill(0);
    for (const { term, tfidf: weight } of terms) row[vocabulary.get(term)!] = weight;
    const norm = Math.sqrt(row.reduce((sum, value) => sum + value * value, 0)) || 1;
    return row.map((value) => value / norm);
  });
  return { args: dense.slice(0, group.arguments.length), keyPoints: dense.slice(group.arguments.length) };
}

const plainSeeded: Seeded = (group) => {
  const { args, keyPoints } = plainVectors(group);
  return args.map((row) => {
    let best = 0;
    let bestSimilarity = -Infinity;
    keyPoints.forEach((kp, k) => {
      const similarity = row.reduce((sum, value, j) => sum + value * kp[j]!, 0);
      if (similarity > bestSimilarity) [best, bestSimilarity] = [k, similarity];
    });
    return best;
  });
};

const plainUnsupervised: Unsupervised = (group, k) => kmeans(plainVectors(group).args, Math.min(k, group.arguments.length), { initialization: 'kmeans++', seed: 1 }).clusters;

export function evaluateClusters(dir: string, split: 'train' | 'dev' | 'test' = 'test', methods?: { seeded: Record<string, Seeded>; unsupervised: Record<string, Unsupervised> }): ClusterFigures {
  const groups = argKpGroups(dir, split);
  const seeded = methods?.seeded ?? { threadlens: threadlensSeeded(), 'plain TF-IDF': plainSeeded };
  const unsupervised = methods?.unsupervised ?? { threadlens: threadlensUnsupervised(), 'plain TF-IDF + k-means': plainUnsupervised };
  const total = groups.reduce((sum, group) => sum + group.arguments.length, 0);
  const figures: ClusterFigures = { groups: groups.length, arguments: total, seededAccuracy: {}, ari: {}, nmi: {} };
  for (const [name, method] of Object.entries(seeded)) {
    let correct = 0;
    for (const group of groups) {
      method(group).forEach((k, i) => {
        if (group.arguments[i]!.matches.includes(group.keyPoints[k]?.id ?? '')) correct++;
      });
    }
    figures.seededAccuracy[name] = round3(correct / total);
  }
  for (const [name, method] of Object.entries(unsupervised)) {
    let ari = 0;
    let nmi = 0;
    for (const group of groups) {
      const gold = group.arguments.map((argument) => argument.matches[0]!);
      const predicted = method(group, group.keyPoints.length);
      ari += adjustedRandIndex(gold, predicted) * group.arguments.length;
      nmi += normalizedMutualInformation(gold, predicted) * group.arguments.length;
    }
    figures.ari[name] = round3(ari / total);
    figures.nmi[name] = round3(nmi / total);
  }
  return figures;
}
