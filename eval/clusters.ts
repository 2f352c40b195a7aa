/**
 * Argument-clustering figures on ArgKP-2021 (see ../shared/benchmarks/README.md):
 * seeded (key points as frames, every argument assigned) and unsupervised
 * (k = number of key points; mean and spread over ten seeds), beside plain
 * TF-IDF run here the same way.
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

/** Mean and population standard deviation over the seeds. */
export interface Spread {
  mean: number;
  sd: number;
}

export interface ClusterFigures {
  split: 'train' | 'dev' | 'test';
  groups: number;
  arguments: number;
  seededAccuracy: Record<string, number>;
  seeds: number[];
  ari: Record<string, Spread>;
  nmi: Record<string, Spread>;
}

type Seeded = (group: ArgKpGroup) => number[];
type Unsupervised = (group: ArgKpGroup, k: number, seed: number) => number[];

/** The seeds the unsupervised figures are averaged over. */
export const CLUSTER_SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

export const threadlensSeeded = (settings = ARGKP_SETTINGS): Seeded => (group) => [
  ...clusterTexts(group.arguments.map((argument) => argument.text), { ...settings, frames: group.keyPoints.map((kp) => ({ text: [kp.text] })), extraClusters: 0 }).assignments,
];

export const threadlensUnsupervised = (settings = ARGKP_SETTINGS): Unsupervised => (group, k, seed) => [
  ...clusterTexts(group.arguments.map((argument) => argument.text), { ...settings, seed, frames: [], extraClusters: k }).assignments,
];

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

const plainUnsupervised: Unsupervised = (group, k, seed) => kmeans(plainVectors(group).args, Math.min(k, group.arguments.length), { initialization: 'kmeans++', seed }).clusters;

export function evaluateClusters(
  dir: string,
  split: 'train' | 'dev' | 'test' = 'test',
  methods?: { seeded: Record<string, Seeded>; unsupervised: Record<string, Unsupervised> },
  seeds: readonly number[] = CLUSTER_SEEDS,
): ClusterFigures {
  const groups = argKpGroups(dir, split);
  const seeded = methods?.seeded ?? { threadlens: threadlensSeeded(), 'plain TF-IDF': plainSeeded };
  const unsupervised = methods?.unsupervised ?? { threadlens: threadlensUnsupervised(), 'plain TF-IDF + k-means': plainUnsupervised };
  const total = groups.reduce((sum, group) => sum + group.arguments.length, 0);
  const figures: ClusterFigures = { split, groups: groups.length, arguments: total, seededAccuracy: {}, seeds: [...seeds], ari: {}, nmi: {} };
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
    const aris: number[] = [];
    const nmis: number[] = [];
    for (const seed of seeds) {
      let ari = 0;
      let nmi = 0;
      for (const group of groups) {
        const gold = group.arguments.map((argument) => argument.matches[0]!);
        const predicted = method(group, group.keyPoints.length, seed);
        ari += adjustedRandIndex(gold, predicted) * group.arguments.length;
        nmi += normalizedMutualInformation(gold, predicted) * group.arguments.length;
      }
      aris.push(ari / total);
      nmis.push(nmi / total);
    }
    figures.ari[name] = spread(aris);
    figures.nmi[name] = spread(nmis);
  }
  return figures;
}

function spread(values: number[]): Spread {
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
  return { mean: round3(mean), sd: round3(Math.sqrt(variance)) };
}

/** The clustering section of `npm run eval`'s text output: dev and test. */
export function formatClusters(sets: ClusterFigures[]): string[] {
  const out = ['Argument clusters — ArgKP 2021 (seeded: key points as frames; unsupervised: k = key points, mean ± sd over ten seeds)'];
  for (const set of sets) {
    out.push(`  ${set.split} (${set.groups} topic-stance groups, ${set.arguments} arguments with a key point)`);
    out.push(`    seeded accuracy: ${Object.entries(set.seededAccuracy).map(([name, value]) => `${name} ${value}`).join(', ')}`);
    for (const name of Object.keys(set.nmi)) out.push(`    unsupervised ${name}: NMI ${set.nmi[name]!.mean} ± ${set.nmi[name]!.sd}, ARI ${set.ari[name]!.mean} ± ${set.ari[name]!.sd}`);
  }
  return out;
}
