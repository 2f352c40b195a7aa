import { kmeans } from 'ml-kmeans';
import { DEFAULT_SENTENCE_MODEL, sentenceVector, type SentenceModel } from './sentence-vectors.js';
import { fitTfidf, termsOf, toDense, vectorize, type SparseVector, type SurfaceCounts, type TfidfModel } from './vectors.js';

/**
 * The clustering core, on plain texts: frames seed clusters whose centroids
 * stay anchored to the frame, k-means finds further clusters among what the
 * frames do not take, and texts too thin to place get no cluster.
 * Deterministic: seeded, and every ordering is explicit.
 */
export interface EngineOptions {
  /** Frame texts (label, description, terms) in frame order; their phrases are kept as bigrams. */
  frames: Array<{ text: string[] }>;
  /** Extra clusters to discover beyond the frames: a number, or 'auto' (best silhouette). */
  extraClusters: number | 'auto';
  /** Texts with fewer distinct content terms than this are not placed. */
  minTerms: number;
  /** A text whose best cosine similarity is below this is not placed (use -1 to place every text). */
  minSimilarity: number;
  /** Weight of the frame in its cluster's centroid (the rest is the mean of its members). */
  frameAnchor: number;
  /** At most this many texts are used to fit; the rest are only assigned. */
  maxSample: number;
  seed: number;
  /**
   * Share of the similarity that comes from the sentence vectors (word
   * vectors: paraphrases meet), the rest from stemmed TF-IDF (same words
   * meet), in [0, 1].
   */
  vectorWeight: number;
  /** The sentence-vector model (defaults to the shipped one). */
  sentenceModel?: SentenceModel;
}

export interface EngineResult {
  /** Per text: index into `centroids`, or -1 when not placed. */
  assignments: number[];
  /** Frame clusters first (in frame order), then discovered ones. */
  centroids: Float64Array[];
  frameCount: number;
  model: TfidfModel;
  vectors: SparseVector[];
  /** The written forms of every stem in these texts, with their counts (for labels). */
  surfaces: SurfaceCounts;
}

const ITERATIONS = 10;
const AUTO_MAX_CLUSTERS = 8;
const SILHOUETTE_SAMPLE = 600;
/** k-means runs on the texts' most frequent terms only: its cost grows with the width. */
const DISCOVERY_COLUMNS = 300;
/** Below this mean silhouette the data shows no cluster structure worth reporting. */
const AUTO_MIN_SILHOUETTE = 0.02;

export function clusterTexts(texts: string[], options: EngineOptions): EngineResult {
  const surfaces: SurfaceCounts = new Map();
  const terms = texts.map((text) => termsOf(text, surfaces));
  const placeable = terms.map((list) => new Set(list.filter((term) => !term.includes('_'))).size >= options.minTerms);
  const frameTerms = options.frames.map((frame) => frame.text.flatMap((text) => termsOf(text)));
  const candidates = texts.map((_, i) => i).filter((i) => placeable[i]);
  const sample = boundedSample(candidates, options.maxSample);

  const model = fitTfidf([...sample.map((i) => terms[i]!), ...frameTerms], {
    keep: frameTerms.flat().filter((term) => term.includes('_')),
  });
  const sentenceModel = options.sentenceModel ?? DEFAULT_SENTENCE_MODEL;
  const dimensions = options.vectorWeight > 0 ? sentenceModel.component.length : 0;
  const mixed = (terms: string[], text: string): SparseVector =>
    withSentenceVector(vectorize(terms, model), dimensions === 0 ? null : sentenceVector(text, sentenceModel), model.terms.length, options.vectorWeight);
  const size = model.terms.length + dimensions;
  const vectors = terms.map((list, i) => mixed(list, texts[i]!));
  const frameVectors = frameTerms.map((list, k) => toDense(mixed(list, options.frames[k]!.text.join('. ')), size));

  // Frames: centroids anchored to their frame, refined by their members.
  let centroids: Float64Array[] = frameVectors.map((vector) => vector.slice());
  let sampleAssignments = sample.map(() => -1);
  for (let iteration = 0; iteration < ITERATIONS && centroids.length > 0; iteration++) {
    sampleAssignments = sample.map((i) => nearest(vectors[i]!, centroids, options.minSimilarity));
    centroids = frameVectors.map((frame, k) =>
      anchoredCentroid(frame, sample.filter((_, s) => sampleAssignments[s] === k).map((i) => vectors[i]!), options.frameAnchor),
    );
  }

  // Discovery among the sample texts the frames left.
  const residual = sample.filter((_, s) => sampleAssignments[s] === -1 || centroids.length === 0);
  const extra = discover(residual.map((i) => vectors[i]!), size, options);
  centroids = [...centroids, ...extra];

  const assignments = texts.map((_, i) => (placeable[i] ? nearest(vectors[i]!, centroids, options.minSimilarity) : -1));
  return { assignments, centroids, frameCount: frameVectors.length, model, vectors, surfaces };
}

/**
 * A TF-IDF vector with the text's sentence vector appended after the
 * vocabulary: both parts unit length, weighted so the dot product of two such
 * vectors is (1 − w) · TF-IDF cosine + w · sentence-vector cosine. A text
 * without a sentence vector keeps only its (weighted) TF-IDF part.
 */
function withSentenceVector(vector: SparseVector, sentence: Float64Array | null, vocabularySize: number, weight: number): SparseVector {
  if (sentence === null || weight === 0) return weight === 0 ? vector : { indices: vector.indices, values: vector.values.map((value) => value * Math.sqrt(1 - weight)) };
  const keep = Math.sqrt(1 - weight);
  const add = Math.sqrt(weight);
  return {
    indices: [...vector.indices, ...Array.from(sentence, (_, j) => vocabularySize + j)],
    values: [...vector.values.map((value) => value * keep), ...Array.from(sentence, (value) => value * add)],
  };
}

/** Every n-th index so that at most `max` remain: deterministic and spread over the input. */
function boundedSample(indices: number[], max: number): number[] {
  if (indices.length <= max) return indices;
  const step = indices.length / max;
  return Array.from({ length: max }, (_, k) => indices[Math.floor(k * step)]!);
}

export function cosine(vector: SparseVector, centroid: Float64Array): number {
  let sum = 0;
  for (let k = 0; k < vector.indices.length; k++) sum += vector.values[k]! * centroid[vector.indices[k]!]!;
  return sum;
}

/** Index of the most similar centroid (first on ties), or -1 below `minSimilarity` or for an empty vector. */
function nearest(vector: SparseVector, centroids: Float64Array[], minSimilarity: number): number {
  if (vector.indices.length === 0 && minSimilarity >= 0) return -1;
  let best = -1;
  let bestSimilarity = -Infinity;
  centroids.forEach((centroid, k) => {
    const similarity = cosine(vector, centroid);
    if (similarity > bestSimilarity) {
      best = k;
      bestSimilarity = similarity;
    }
  });
  return bestSimilarity >= minSimilarity ? best : -1;
}

/** normalise(anchor · frame + (1 − anchor) · mean of members). */
function anchoredCentroid(frame: Float64Array, members: SparseVector[], anchor: number): Float64Array {
  const centroid = frame.map((value) => value * (members.length === 0 ? 1 : anchor));
  if (members.length > 0) {
    const weight = (1 - anchor) / members.length;
    for (const member of members) member.indices.forEach((index, k) => (centroid[index]! += weight * member.values[k]!));
  }
  return normalise(centroid);
}

function normalise(vector: Float64Array): Float64Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  return norm === 0 ? vector : vector.map((value) => value / norm);
}

/**
 * k-means (ml-kmeans, k-means++ seeded) on the texts no frame took. With
 * 'auto', k from 2 to 8 is chosen by the mean silhouette (cosine distance) on
 * a bounded sample; no clusters when the best silhouette shows no structure.
 */
function discover(vectors: SparseVector[], size: number, options: EngineOptions): Float64Array[] {
  const usable = vectors.filter((vector) => vector.indices.length > 0);
  const requested = options.extraClusters;
  if (requested === 0 || usable.length < 4) return [];
  const { dense, columns } = compactDense(usable);
  const fit = (k: number) => kmeans(dense, k, { initialization: 'kmeans++', seed: options.seed, maxIterations: 100 });
  let k: number;
  if (requested === 'auto') {
    let best = { k: 0, silhouette: AUTO_MIN_SILHOUETTE };
    const maxK = Math.min(AUTO_MAX_CLUSTERS, Math.floor(usable.length / 4));
    for (let candidate = 2; candidate <= maxK; candidate++) {
      const result = fit(candidate);
      const score = meanSilhouette(usable, result.clusters, candidate);
      if (score > best.silhouette + 1e-9) best = { k: candidate, silhouette: score };
    }
    if (best.k === 0) return [];
    k = best.k;
  } else {
    k = Math.min(requested, usable.length);
  }
  const result = fit(k);
  return result.centroids.map((centroid) => {
    const full = new Float64Array(size);
    centroid.forEach((value, j) => (full[columns[j]!] = value));
    return normalise(full);
  });
}

/** Dense unit rows over the DISCOVERY_COLUMNS terms most of the vectors use. */
function compactDense(vectors: SparseVector[]): { dense: number[][]; columns: number[] } {
  const df = new Map<number, number>();
  for (const vector of vectors) for (const index of vector.indices) df.set(index, (df.get(index) ?? 0) + 1);
  const columns = [...df.keys()]
    .sort((a, b) => df.get(b)! - df.get(a)! || a - b)
    .slice(0, DISCOVERY_COLUMNS)
    .sort((a, b) => a - b);
  const position = new Map(columns.map((column, j) => [column, j]));
  const dense = vectors.map((vector) => {
    const row = new Array<number>(columns.length).fill(0);
    vector.indices.forEach((index, k) => {
      const j = position.get(index);
      if (j !== undefined) row[j] = vector.values[k]!;
    });
    const norm = Math.sqrt(row.reduce((sum, value) => sum + value * value, 0));
    return norm === 0 ? row : row.map((value) => value / norm);
  });
  return { dense, columns };
}

function sparseDot(a: SparseVector, b: SparseVector): number {
  let sum = 0;
  for (let i = 0, j = 0; i < a.indices.length && j < b.indices.length; ) {
    if (a.indices[i] === b.indices[j]) sum += a.values[i++]! * b.values[j++]!;
    else if (a.indices[i]! < b.indices[j]!) i++;
    else j++;
  }
  return sum;
}

/** Mean silhouette with cosine distance (1 − dot product of unit vectors) on up to SILHOUETTE_SAMPLE texts. */
function meanSilhouette(vectors: SparseVector[], clusters: number[], k: number): number {
  const sample = boundedSample(vectors.map((_, i) => i), SILHOUETTE_SAMPLE);
  let total = 0;
  for (const i of sample) {
    const sums = new Array<number>(k).fill(0);
    const counts = new Array<number>(k).fill(0);
    for (const j of sample) {
      if (i === j) continue;
      sums[clusters[j]!]! += 1 - sparseDot(vectors[i]!, vectors[j]!);
      counts[clusters[j]!]!++;
    }
    const own = clusters[i]!;
    const a = counts[own]! === 0 ? 0 : sums[own]! / counts[own]!;
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && counts[c]! > 0) b = Math.min(b, sums[c]! / counts[c]!);
    total += b === Infinity || Math.max(a, b) === 0 ? 0 : (b - a) / Math.max(a, b);
  }
  return sample.length === 0 ? 0 : total / sample.length;
}
