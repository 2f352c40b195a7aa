import { loadJson } from '../json.js';
import { normaliseText, scanWords } from '../text.js';
import { wordVectors, type WordVectors } from './word-vectors.js';

/**
 * Sentence vectors that match paraphrases: the smooth-inverse-frequency (SIF)
 * average of a text's word vectors — each word weighs a / (a + p(word)), so
 * function words count little — with the component common to all sentences
 * removed, then whitened by a transform that shrinks the ways arguments of
 * the same point differ (fitted on ArgKP train by `npm run train -- sentence`).
 */
export interface SentenceModel {
  /** The SIF smoothing constant. */
  a: number;
  /** Unit vector removed from every sentence vector (the first principal direction of the training sentences). */
  component: readonly number[];
  /** d×d transform applied after the removal, row-major; empty for none. */
  whitening: readonly number[];
}

export const DEFAULT_SENTENCE_MODEL: Readonly<SentenceModel> = loadJson('./models/sentence-vectors.json') as SentenceModel;

const EULER = 0.5772156649;
const weightCache = new WeakMap<WordVectors, Map<number, Float64Array>>();

/** Per word of the table: a / (a + p), p estimated from the word's frequency rank by Zipf's law. */
function sifWeights(vectors: WordVectors, a: number): Float64Array {
  let byA = weightCache.get(vectors);
  if (!byA) weightCache.set(vectors, (byA = new Map()));
  let weights = byA.get(a);
  if (!weights) {
    const harmonic = Math.log(vectors.sourceVocabulary) + EULER;
    weights = new Float64Array(vectors.ranks.length);
    for (let i = 0; i < weights.length; i++) weights[i] = a / (a + 1 / ((vectors.ranks[i]! + 1) * harmonic));
    byA.set(a, weights);
  }
  return weights;
}

/** Row of a word in the table: as written, else without a possessive 's. */
export function rowOf(word: string, vectors: WordVectors = wordVectors()): number | undefined {
  const row = vectors.index.get(word);
  if (row !== undefined || !word.endsWith("'s")) return row;
  return vectors.index.get(word.slice(0, -2));
}

/** The words of a text as the tokeniser reads them, lower case. */
function wordsOf(text: string): string[] {
  const words: string[] = [];
  scanWords(normaliseText(text), (lower) => {
    if (lower !== null) words.push(lower);
  });
  return words;
}

/** The SIF-weighted sum of the text's word vectors (no component removed), or null when no word is known. */
export function sifSum(text: string, a: number, vectors: WordVectors = wordVectors()): Float64Array | null {
  const weights = sifWeights(vectors, a);
  const { dimensions: d, scales, values } = vectors;
  const sum = new Float64Array(d);
  let known = 0;
  for (const word of wordsOf(text)) {
    const row = rowOf(word, vectors);
    if (row === undefined) continue;
    const factor = weights[row]! * scales[row]!;
    for (let j = 0, offset = row * d; j < d; j++) sum[j]! += factor * values[offset + j]!;
    known++;
  }
  return known === 0 ? null : sum;
}

/** Unit length in place (a zero vector stays zero). */
export function normaliseInPlace(vector: Float64Array): Float64Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let j = 0; j < vector.length; j++) vector[j]! /= norm;
  return vector;
}

/**
 * A raw SIF sum made unit length, its common component removed and whitened,
 * unit length again: the definition of a sentence vector (training and tests
 * use it; {@link sentenceVectorOfWords} computes the same faster).
 */
export function finishSentenceVector(sum: Float64Array, model: SentenceModel): Float64Array {
  const unit = normaliseInPlace(sum);
  const d = unit.length;
  let along = 0;
  for (let j = 0; j < d; j++) along += unit[j]! * model.component[j]!;
  for (let j = 0; j < d; j++) unit[j]! -= along * model.component[j]!;
  if (model.whitening.length === 0) return normaliseInPlace(unit);
  return normaliseInPlace(multiply(model.whitening, unit));
}

function multiply(matrix: ArrayLike<number>, vector: ArrayLike<number>): Float64Array {
  const d = vector.length;
  const out = new Float64Array(d);
  for (let i = 0, offset = 0; i < d; i++, offset += d) {
    let value = 0;
    for (let j = 0; j < d; j++) value += matrix[offset + j]! * vector[j]!;
    out[i] = value;
  }
  return out;
}

/**
 * Everything linear is moved onto the words: with W the whitening and u the
 * component, W(s − (s·u)u) = Σ f·W·v − (Σ f·(v·u))·W·u for s = Σ f·v, and the
 * unit lengths only scale the result. Each word's W·v and v·u are worked out
 * the first time a text uses it (rows of the table, int8 values unscaled), so
 * a text costs one pass over its words and no matrix product.
 */
interface Prepared {
  weights: Float64Array;
  /** Row r's W·v (float32), valid where `ready[r]` is 1. */
  whitened: Float32Array;
  along: Float64Array;
  ready: Uint8Array;
  /** Scratch for one text: how often it uses each row (all zero between texts), and the rows it uses, in first-use order. */
  uses: Uint32Array;
  distinct: number[];
  whitenedComponent: Float64Array;
  /** The model's whitening and component as typed arrays. */
  whitening: Float64Array;
  component: Float64Array;
}

const prepared = new WeakMap<SentenceModel, Prepared>();

function prepare(model: SentenceModel, vectors: WordVectors): Prepared {
  let entry = prepared.get(model);
  if (!entry) {
    const n = vectors.ranks.length;
    const d = vectors.dimensions;
    entry = {
      weights: sifWeights(vectors, model.a),
      whitened: new Float32Array(n * d),
      along: new Float64Array(n),
      ready: new Uint8Array(n),
      uses: new Uint32Array(n),
      distinct: [],
      whitenedComponent: model.whitening.length === 0 ? Float64Array.from(model.component) : multiply(model.whitening, model.component),
      whitening: Float64Array.from(model.whitening),
      component: Float64Array.from(model.component),
    };
    prepared.set(model, entry);
  }
  return entry;
}

function prepareRow(entry: Prepared, row: number, vectors: WordVectors): void {
  const d = vectors.dimensions;
  const raw = vectors.values.subarray(row * d, (row + 1) * d);
  const whitened = entry.whitening.length === 0 ? raw : multiply(entry.whitening, raw);
  entry.whitened.set(whitened, row * d);
  let along = 0;
  for (let j = 0; j < d; j++) along += raw[j]! * entry.component[j]!;
  entry.along[row] = along;
  entry.ready[row] = 1;
}

/** The text's sentence vector (unit length), or null when none of its words is in the table. */
export function sentenceVector(text: string, model: SentenceModel = DEFAULT_SENTENCE_MODEL, vectors: WordVectors = wordVectors()): Float64Array | null {
  const rows: number[] = [];
  for (const word of wordsOf(text)) {
    const row = rowOf(word, vectors);
    if (row !== undefined) rows.push(row);
  }
  return sentenceVectorOfRows(rows, model, vectors);
}

/**
 * {@link sentenceVector} of the table rows of a text's words (see
 * {@link rowOf}), written into `into` when given (a run's many texts then
 * need no array each).
 */
export function sentenceVectorOfRows(
  rows: readonly number[],
  model: SentenceModel = DEFAULT_SENTENCE_MODEL,
  vectors: WordVectors = wordVectors(),
  into?: Float64Array,
): Float64Array | null {
  if (rows.length === 0) return null;
  const entry = prepare(model, vectors);
  const { weights, whitened, along, ready } = entry;
  const scales = vectors.scales;
  const d = vectors.dimensions;
  const sum = into === undefined ? new Float64Array(d) : into.fill(0);
  let alongSum = 0;
  // A word used n times is added once, n times over (first uses first).
  const { uses, distinct } = entry;
  for (const row of rows) if (uses[row]!++ === 0) distinct.push(row);
  for (const row of distinct) {
    if (ready[row] === 0) prepareRow(entry, row, vectors);
    const factor = uses[row]! * weights[row]! * scales[row]!;
    uses[row] = 0;
    addScaled(sum, whitened, row * d, factor);
    alongSum += factor * along[row]!;
  }
  distinct.length = 0;
  const component = entry.whitenedComponent;
  for (let j = 0; j < d; j++) sum[j]! -= alongSum * component[j]!;
  return normaliseInPlace(sum);
}

/** sum += factor · values[offset … offset + sum.length): four at a time (about twice as fast in V8 as one at a time). */
function addScaled(sum: Float64Array, values: Float32Array, offset: number, factor: number): void {
  const d = sum.length;
  let j = 0;
  for (; j + 3 < d; j += 4) {
    sum[j]! += factor * values[offset + j]!;
    sum[j + 1]! += factor * values[offset + j + 1]!;
    sum[j + 2]! += factor * values[offset + j + 2]!;
    sum[j + 3]! += factor * values[offset + j + 3]!;
  }
  for (; j < d; j++) sum[j]! += factor * values[offset + j]!;
}
