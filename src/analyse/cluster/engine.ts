import { eigengapCount, knnGraph, spectralLabels, topEigenvectors } from './spectral.js';
import { DEFAULT_SENTENCE_MODEL, normaliseInPlace, sentenceVector, sentenceVectorOfRows, type SentenceModel } from './sentence-vectors.js';
import { addInto, cosine, denseDot, fitTfidf, phrasesOf, readTerms, termDot, termsOf, toDense, vectorize, vectorizeReading, type SparseVector, type SurfaceCounts, type TermReading, type TfidfModel } from './vectors.js';

export { cosine } from './vectors.js';

/**
 * The clustering core, on plain texts: frames seed clusters whose centroids
 * stay anchored to the frame, k-means finds further clusters among what the
 * frames do not take, and texts too thin to place get no cluster.
 * Deterministic: seeded, and every ordering is explicit.
 */
export interface EngineOptions {
  /**
   * Frame texts (label, description, terms) in frame order. Two-word phrases
   * count only where at least two of the texts use them, except those of a
   * frame's `phrases` (its listed terms, such as "buffer zone"), always kept.
   * Keeping every phrase of a frame's sentences made them outweigh the words
   * the texts share with it (ArgKP dev, key points as frames: seeded accuracy
   * .665 against .678 with only listed phrases kept).
   */
  frames: Array<{ text: string[]; phrases?: string[] }>;
  /** Extra clusters to discover beyond the frames: a number, or 'auto' (largest eigengap). */
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
  assignments: Int32Array;
  /** Per placed text: cosine similarity to its centroid. */
  similarities: Float64Array;
  /** Per placed text: the frame whose own vector it is most similar to (first on ties), or -1 without frames. */
  nearestFrames: Int32Array;
  /** Per centroid: how many of its texts use each term of `model.terms`. */
  termCounts: Uint32Array[];
  /** Frame clusters first (in frame order), then discovered ones. */
  centroids: Float64Array[];
  /** Each frame's own vector (where its cluster's centroid started). */
  frameVectors: Float64Array[];
  frameCount: number;
  model: TfidfModel;
  /** The written forms of the stems in the sample texts (all placeable texts, up to `maxSample`), with their counts (for labels). */
  surfaces: SurfaceCounts;
  /** Any other text (a sentence of a comment) in the same space as `vectors`. */
  represent: (text: string) => SparseVector;
}

const ITERATIONS = 10;
const AUTO_MAX_CLUSTERS = 8;
const SILHOUETTE_SAMPLE = 600;
/** Texts that build the neighbour graph, at most (the graph costs the square of it). */
const SPECTRAL_SAMPLE = 2000;
/** Neighbours each text keeps in the graph. */
const NEIGHBOURS = 20;
/**
 * How much of the texts' common direction leaves each sentence vector.
 * Measured on ArgKP dev (seeded accuracy / NMI): 0 .672 / .314, 0.5 .665 / .322, 0.75 .592 / .323, 1 .593 / .301.
 */
const CENTRE_SHARE = 0.5;
/** Share of the graph's similarity from the sentence vectors (chosen on ArgKP dev). */
const GRAPH_VECTOR_WEIGHT = 0.7;
/** Below this mean silhouette the data shows no cluster structure worth reporting. */
const AUTO_MIN_SILHOUETTE = 0.02;

/** Texts by index: an array, or a {@link TextList} that keeps them compactly. */
export interface Texts {
  readonly length: number;
  at(index: number): string | undefined;
}

export function clusterTexts(texts: Texts, options: EngineOptions): EngineResult {
  const fitted = fitClusters(texts, options);
  return resultOf(fitted, assignTexts(fitted, texts, 0, texts.length), options.sentenceModel);
}

/**
 * What placing a text needs once the clusters are fitted: plain data (no
 * functions), so that texts can be placed on other threads too.
 */
export interface FittedClusters {
  model: TfidfModel;
  /** Frame clusters first (in frame order), then discovered ones. */
  centroids: Float64Array[];
  frameVectors: Float64Array[];
  /** The sample's common direction, part of which leaves every sentence vector; null without sentence vectors. */
  common: Float64Array | null;
  /** The cluster of each text that built the discovery graph, by its index among all the texts. */
  discovered: Map<number, number>;
  surfaces: SurfaceCounts;
  minTerms: number;
  minSimilarity: number;
  vectorWeight: number;
  /** Dimensions of the sentence vectors (0 without them). */
  dimensions: number;
}

/** Where some texts were placed (see {@link EngineResult}); counts of terms per centroid over those texts alone. */
export interface Assignment {
  assignments: Int32Array;
  similarities: Float64Array;
  nearestFrames: Int32Array;
  termCounts: Uint32Array[];
}

/** The engine's result from the fitted clusters and where every text went (their term counts summed). */
export function resultOf(fitted: FittedClusters, assignment: Assignment, sentenceModel: SentenceModel = DEFAULT_SENTENCE_MODEL): EngineResult {
  const { model, centroids, frameVectors, surfaces } = fitted;
  const vectorOf = vectorReader(fitted, sentenceModel);
  const represent = (text: string): SparseVector => {
    const rows: number[] = [];
    return vectorOf(readTerms(text, rows), rows, new Float32Array(fitted.dimensions));
  };
  return { ...assignment, centroids, frameVectors, frameCount: frameVectors.length, model, surfaces, represent };
}

/**
 * Fits the clusters on a sample of the texts (see {@link clusterTexts}):
 * every text is still to be placed, by {@link assignTexts}.
 */
export function fitClusters(texts: Texts, options: EngineOptions): FittedClusters {
  const frameTerms = options.frames.map((frame) => frame.text.flatMap((text) => termsOf(text)));
  const isPlaceable = (reading: TermReading): boolean => hasDistinct(reading.terms, options.minTerms);
  // The sample the model is fitted on: the placeable texts among at most
  // `maxSample` spread evenly over the run (every text when the run is small).
  const sampleReadings = new Map<number, { reading: TermReading; rows: number[] }>();
  for (const i of boundedSample(Array.from({ length: texts.length }, (_, i) => i), options.maxSample)) {
    const rows: number[] = [];
    const reading = readTerms(texts.at(i)!, rows);
    if (isPlaceable(reading)) sampleReadings.set(i, { reading, rows });
  }
  const sample = [...sampleReadings.keys()];
  // The written forms of the stems (for labels), from the sample.
  const surfaces: SurfaceCounts = new Map();
  for (const i of sample) termsOf(texts.at(i)!, surfaces);

  const model = fitTfidf([...sample.map((i) => phrasesOf(sampleReadings.get(i)!.reading)), ...frameTerms], {
    keep: options.frames.flatMap((frame) => (frame.phrases ?? []).flatMap((text) => termsOf(text))).filter((term) => term.includes('_')),
  });
  const sentenceModel = options.sentenceModel ?? DEFAULT_SENTENCE_MODEL;
  const dimensions = options.vectorWeight > 0 ? sentenceModel.component.length : 0;
  const size = model.terms.length + dimensions;
  const sentenceOf = (rows: number[]): Float64Array | null => (dimensions === 0 ? null : sentenceVectorOfRows(rows, sentenceModel));
  // What every text here shares (a thread about Russia and NATO mentions both
  // throughout) would otherwise draw all of them to the frame that names it:
  // part of the sample's mean direction is taken out of every sentence vector.
  const common = unitMean(sample.map((i) => sentenceOf(sampleReadings.get(i)!.rows)));
  const recentre = (vector: Float64Array | null): Float64Array | null => recentred(vector, common);
  const frameSentences = options.frames.map((frame) => (dimensions === 0 ? null : recentre(sentenceVector(frame.text.join('. '), sentenceModel))));
  // The sample is fitted on its own vectors; every text is then read (again,
  // for the sample) into its vector, placed, and its vector let go.
  const vectorOf = vectorReader({ model, common, vectorWeight: options.vectorWeight, dimensions }, sentenceModel);
  const sampleBlock = new Float32Array(sample.length * dimensions);
  const sampleVectors = sample.map((i, s) => {
    const { reading, rows } = sampleReadings.get(i)!;
    return vectorOf(reading, rows, sampleBlock.subarray(s * dimensions, (s + 1) * dimensions));
  });
  sampleReadings.clear();
  const frameVectors = frameTerms.map((list, k) =>
    toDense(withSentenceVector(vectorize(list, model), frameSentences[k]!, model.terms.length, options.vectorWeight, new Float32Array(dimensions)), size),
  );

  // Frames: centroids anchored to their frame, refined by their members.
  let centroids: Float64Array[] = frameVectors.map((vector) => vector.slice());
  let sampleAssignments = sample.map(() => -1);
  for (let iteration = 0; iteration < ITERATIONS && centroids.length > 0; iteration++) {
    sampleAssignments = sampleVectors.map((vector) => nearest(vector, centroids, options.minSimilarity, frameVectors));
    centroids = frameVectors.map((frame, k) =>
      anchoredCentroid(frame, sampleVectors.filter((_, s) => sampleAssignments[s] === k), options.frameAnchor),
    );
  }

  // Discovery among the sample texts the frames left.
  const residual = sample.map((_, s) => s).filter((s) => sampleAssignments[s] === -1 || centroids.length === 0);
  const frameCount = centroids.length;
  const extra = discover(residual.map((s) => sampleVectors[s]!), size, options);
  centroids = [...centroids, ...extra.centroids];
  // The texts that built the discovery graph keep the cluster it gave them; the rest go to the nearest centroid.
  const discovered = new Map([...extra.labels].map(([r, label]) => [sample[residual[r]!]!, frameCount + label]));
  return { model, centroids, frameVectors, common, discovered, surfaces, minTerms: options.minTerms, minSimilarity: options.minSimilarity, vectorWeight: options.vectorWeight, dimensions };
}

/**
 * Places the texts from `from` to `to` (exclusive) among the fitted
 * clusters: each read into its vector, placed, and its vector let go.
 * Texts are placed each on its own, so any split of the texts into ranges
 * gives the same places, and term counts that sum to the same.
 */
export function assignTexts(fitted: FittedClusters, texts: Texts, from: number, to: number, sentenceModel: SentenceModel = DEFAULT_SENTENCE_MODEL): Assignment {
  const { centroids, frameVectors, discovered, model } = fitted;
  const vectorOf = vectorReader(fitted, sentenceModel);
  const count = to - from;
  const assignments = new Int32Array(count);
  const similarities = new Float64Array(count);
  const nearestFrames = new Int32Array(count).fill(-1);
  const termCounts = centroids.map(() => new Uint32Array(model.terms.length));
  const rows: number[] = [];
  const reading: TermReading = { terms: [], before: [] };
  const into = new Float32Array(fitted.dimensions);
  for (let i = from; i < to; i++) {
    rows.length = 0;
    readTerms(texts.at(i)!, rows, reading);
    const vector = vectorOf(reading, rows, into);
    const k = discovered.get(i) ?? (hasDistinct(reading.terms, fitted.minTerms) ? nearest(vector, centroids, fitted.minSimilarity, frameVectors) : -1);
    assignments[i - from] = k;
    if (k < 0) continue;
    similarities[i - from] = cosine(vector, centroids[k]!);
    nearestFrames[i - from] = mostSimilar(vector, frameVectors);
    for (const index of vector.indices) termCounts[k]![index]!++;
  }
  return { assignments, similarities, nearestFrames, termCounts };
}

/** How a text's reading becomes its vector in the fitted space (a reader per caller: it reuses a scratch array). */
function vectorReader(fitted: Pick<FittedClusters, 'model' | 'common' | 'vectorWeight' | 'dimensions'>, sentenceModel: SentenceModel): (reading: TermReading, rows: number[], into: Float32Array) => SparseVector {
  const { model, common, vectorWeight, dimensions } = fitted;
  const scratch = new Float64Array(dimensions);
  return (reading, rows, into) => {
    const sentence = dimensions === 0 ? null : recentred(sentenceVectorOfRows(rows, sentenceModel, undefined, scratch), common);
    return withSentenceVector(vectorizeReading(reading, model), sentence, model.terms.length, vectorWeight, into);
  };
}

/** The vector with CENTRE_SHARE of the common direction taken out, unit length again. */
function recentred(vector: Float64Array | null, common: Float64Array | null): Float64Array | null {
  if (vector === null || common === null) return vector;
  for (let j = 0; j < vector.length; j++) vector[j]! -= CENTRE_SHARE * common[j]!;
  return normaliseInPlace(vector);
}

/** Index of the vector among `list` most similar to `vector` (first on ties), or -1 for an empty list. */
function mostSimilar(vector: SparseVector, list: Float64Array[]): number {
  let best = -1;
  let bestSimilarity = -Infinity;
  for (let k = 0; k < list.length; k++) {
    const similarity = cosine(vector, list[k]!);
    if (similarity > bestSimilarity) {
      best = k;
      bestSimilarity = similarity;
    }
  }
  return best;
}

/**
 * A TF-IDF vector with the text's sentence vector appended after the
 * vocabulary: both parts unit length, weighted so the dot product of two such
 * vectors is (1 − w) · TF-IDF cosine + w · sentence-vector cosine. A text
 * without a sentence vector keeps only its (weighted) TF-IDF part.
 */
function withSentenceVector(vector: SparseVector, sentence: Float64Array | null, vocabularySize: number, weight: number, into: Float32Array): SparseVector {
  if (weight === 0) return vector;
  const keep = Math.sqrt(1 - weight);
  for (let k = 0; k < vector.values.length; k++) vector.values[k]! *= keep;
  if (sentence === null) return vector;
  // Kept in single precision, written into `into` (a run holds one per text: half the bytes, and no array each).
  const add = Math.sqrt(weight);
  for (let j = 0; j < sentence.length; j++) into[j] = sentence[j]! * add;
  return { indices: vector.indices, values: vector.values, dense: into, denseFrom: vocabularySize };
}

/** Whether the list holds at least `count` different strings (read only as far as needed). */
function hasDistinct(list: readonly string[], count: number): boolean {
  if (count <= 0) return true;
  let found = 0;
  for (let k = 0; k < list.length; k++) {
    if ((k === 0 || list.lastIndexOf(list[k]!, k - 1) === -1) && ++found >= count) return true;
  }
  return false;
}

/** Every n-th index so that at most `max` remain: deterministic and spread over the input. */
function boundedSample(indices: number[], max: number): number[] {
  if (indices.length <= max) return indices;
  const step = indices.length / max;
  return Array.from({ length: max }, (_, k) => indices[Math.floor(k * step)]!);
}

/**
 * Index of the most similar centroid (first on ties), or -1 for an empty
 * vector or when none is close enough. A frame's cluster (the first
 * `frames.length` centroids) takes only texts within `minSimilarity` of the
 * frame itself — its centroid drifts with its members, and would otherwise
 * draw in whatever the thread is about; another cluster, texts within
 * `minSimilarity` of its centroid.
 */
function nearest(vector: SparseVector, centroids: Float64Array[], minSimilarity: number, frames: Float64Array[]): number {
  if (vector.indices.length === 0 && minSimilarity >= 0) return -1;
  let best = -1;
  let bestSimilarity = -Infinity;
  for (let k = 0; k < centroids.length; k++) {
    const similarity = cosine(vector, centroids[k]!);
    if (similarity <= bestSimilarity) continue;
    if ((k < frames.length ? cosine(vector, frames[k]!) : similarity) < minSimilarity) continue;
    best = k;
    bestSimilarity = similarity;
  }
  return best;
}

/** normalise(anchor · frame + (1 − anchor) · mean of members). */
function anchoredCentroid(frame: Float64Array, members: SparseVector[], anchor: number): Float64Array {
  const centroid = frame.map((value) => value * (members.length === 0 ? 1 : anchor));
  if (members.length > 0) {
    const weight = (1 - anchor) / members.length;
    for (const member of members) addInto(centroid, member, weight);
  }
  return normaliseInPlace(centroid);
}

/** The unit-length mean direction of some vectors (nulls skipped), or null when there are none. */
function unitMean(list: Array<Float64Array | null>): Float64Array | null {
  let sum: Float64Array | null = null;
  for (const vector of list) {
    if (vector === null) continue;
    sum ??= new Float64Array(vector.length);
    for (let j = 0; j < vector.length; j++) sum[j]! += vector[j]!;
  }
  return sum === null ? null : normaliseInPlace(sum);
}

/**
 * Clusters among the texts no frame took: spectral clustering over their
 * nearest-neighbour graph (similarity weighted towards the sentence vectors,
 * which join paraphrases). With 'auto', k from 2 to 8 is where the spectrum's
 * eigengap is largest; no clusters when their mean silhouette (cosine
 * distance) shows no structure. At most SPECTRAL_SAMPLE texts (evenly spread)
 * build the graph; each cluster's centroid is the mean of its texts.
 */
function discover(vectors: SparseVector[], size: number, options: EngineOptions): Discovery {
  const usable = vectors.map((vector, i) => ({ vector, i })).filter(({ vector }) => vector.indices.length > 0);
  const requested = options.extraClusters;
  if (requested === 0 || usable.length < 4) return { centroids: [], labels: new Map() };
  const sample = boundedSample(usable.map((_, j) => j), SPECTRAL_SAMPLE).map((j) => usable[j]!);
  const similarity = graphSimilarity(sample.map(({ vector }) => vector), options.vectorWeight);
  const graph = knnGraph(sample.length, Math.min(NEIGHBOURS, sample.length - 1), similarity);
  const maxK = requested === 'auto' ? Math.min(AUTO_MAX_CLUSTERS, Math.floor(sample.length / 4)) : Math.min(requested, sample.length);
  if (maxK < 2 && requested === 'auto') return { centroids: [], labels: new Map() };
  const { values, vectors: eigenvectors } = topEigenvectors(graph, Math.max(2, maxK + 1), options.seed);
  const k = requested === 'auto' ? eigengapCount(values, 2, maxK).k : maxK;
  const labels = k <= 1 ? sample.map(() => 0) : spectralLabels(eigenvectors, k, options.seed);
  if (requested === 'auto' && meanSilhouette(sample.map(({ vector }) => vector), labels, k) <= AUTO_MIN_SILHOUETTE) return { centroids: [], labels: new Map() };
  const centroids = Array.from({ length: k }, () => new Float64Array(size));
  sample.forEach(({ vector }, s) => addInto(centroids[labels[s]!]!, vector, 1));
  return { centroids: centroids.map(normaliseInPlace), labels: new Map(sample.map(({ i }, s) => [i, labels[s]!])) };
}

interface Discovery {
  centroids: Float64Array[];
  /** Cluster of each text that built the graph (by its index among the texts given). */
  labels: Map<number, number>;
}

/**
 * Similarity for the neighbour graph: (1 − g) · TF-IDF cosine + g · sentence
 * cosine with g = GRAPH_VECTOR_WEIGHT, recovered from the mixed vectors
 * (whose own mix is `weight`); TF-IDF alone when there are no sentence vectors.
 */
function graphSimilarity(vectors: SparseVector[], weight: number): (i: number, j: number) => number {
  const termShare = weight === 1 ? 0 : (1 - GRAPH_VECTOR_WEIGHT) / (1 - weight);
  const vectorShare = weight === 0 ? 0 : GRAPH_VECTOR_WEIGHT / weight;
  if (weight === 0) return (i, j) => termDot(vectors[i]!, vectors[j]!);
  return (i, j) => termShare * termDot(vectors[i]!, vectors[j]!) + vectorShare * denseDot(vectors[i]!, vectors[j]!);
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
      sums[clusters[j]!]! += 1 - termDot(vectors[i]!, vectors[j]!) - denseDot(vectors[i]!, vectors[j]!);
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
