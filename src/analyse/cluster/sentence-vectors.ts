import { loadJson } from '../json.js';
import { normaliseText, tokenize } from '../text.js';
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
function rowOf(word: string, vectors: WordVectors): number | undefined {
  const row = vectors.index.get(word);
  if (row !== undefined || !word.endsWith("'s")) return row;
  return vectors.index.get(word.slice(0, -2));
}

/** The SIF-weighted sum of the text's word vectors (no component removed), or null when no word is known. */
export function sifSum(text: string, a: number, vectors: WordVectors = wordVectors()): Float64Array | null {
  const weights = sifWeights(vectors, a);
  const d = vectors.dimensions;
  const sum = new Float64Array(d);
  let known = 0;
  for (const token of tokenize(normaliseText(text))) {
    if (token.kind !== 'word') continue;
    const row = rowOf(token.lower, vectors);
    if (row === undefined) continue;
    const factor = weights[row]! * vectors.scales[row]!;
    const offset = row * d;
    for (let j = 0; j < d; j++) sum[j]! += factor * vectors.values[offset + j]!;
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

/** A raw SIF sum made unit length, its common component removed and whitened, unit length again. */
export function finishSentenceVector(sum: Float64Array, model: SentenceModel): Float64Array {
  const unit = normaliseInPlace(sum);
  const d = unit.length;
  let along = 0;
  for (let j = 0; j < d; j++) along += unit[j]! * model.component[j]!;
  for (let j = 0; j < d; j++) unit[j]! -= along * model.component[j]!;
  if (model.whitening.length === 0) return normaliseInPlace(unit);
  const out = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    let value = 0;
    for (let j = 0; j < d; j++) value += model.whitening[i * d + j]! * unit[j]!;
    out[i] = value;
  }
  return normaliseInPlace(out);
}

/** The text's sentence vector (unit length), or null when none of its words is in the table. */
export function sentenceVector(text: string, model: SentenceModel = DEFAULT_SENTENCE_MODEL): Float64Array | null {
  const sum = sifSum(text, model.a);
  return sum === null ? null : finishSentenceVector(sum, model);
}
