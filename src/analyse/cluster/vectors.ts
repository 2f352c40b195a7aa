import PorterStemmer from 'natural/lib/natural/stemmers/porter_stemmer.js';
import { words as NATURAL_STOPWORDS } from 'natural/lib/natural/util/stopwords.js';
import { lowerWord, normaliseText, scanWordsAsWritten } from '../text.js';
import { rowOf } from './sentence-vectors.js';

/** Function words and reader-comment filler that say nothing about the argument. */
const STOPWORDS = new Set([
  ...NATURAL_STOPWORDS,
  ...'also just like would could should might may must will shall can get got one two even still much many really think thing things way well yes no not dont doesnt didnt isnt arent wasnt wont cant im ive id youre theyre thats theres lot lots bit far yet though although however'.split(' '),
]);

const DIGITS = /^\d+$/;
const stems = new Map<string, string>();

/** Porter stem of a lower-case word, each distinct word stemmed once. */
export function stem(word: string): string {
  let result = stems.get(word);
  if (result === undefined) {
    result = PorterStemmer.stem(word);
    stems.set(word, result);
  }
  return result;
}

/**
 * What termsOf needs of a lower-case token, worked out once per distinct
 * token: the word without apostrophes, and its stem (null for a stop word, a
 * number or a one-letter word; a number still joins the next word's phrase).
 */
interface WordInfo {
  word: string;
  term: string | null;
  number: boolean;
  /** The token's row in the word-vector table, or -1. */
  row: number;
}

const WORD_INFO_LIMIT = 200_000;
const wordInfos = new Map<string, WordInfo>();

/** By the word as written (most words recur in the same case). */
function wordInfo(written: string): WordInfo {
  let info = wordInfos.get(written);
  if (info === undefined) {
    const lower = lowerWord(written);
    const word = lower.includes("'") ? lower.replace(/'s$/, '').replace(/'/g, '') : lower;
    const number = DIGITS.test(word);
    info = { word, number, term: word.length < 2 || number || STOPWORDS.has(word) ? null : stem(word), row: rowOf(lower) ?? -1 };
    // Bounded: a stream of never-repeated tokens cannot grow it without end.
    if (wordInfos.size >= WORD_INFO_LIMIT) wordInfos.clear();
    wordInfos.set(written, info);
  }
  return info;
}

/** How often each written form of each stem occurred: stem → word → count. */
export type SurfaceCounts = Map<string, Map<string, number>>;

/**
 * One pass over a text's words: `onTerm(term, word, before)` for each content
 * word (its stem, the word as written without apostrophes, and the term or
 * number just before it when the two make a phrase, else null); with `rows`,
 * the word-vector table row of every word that has one is appended there.
 */
function walkTerms(text: string, onTerm: (term: string, word: string, before: string | null) => void, rows?: number[]): void {
  let previous: string | null = null;
  scanWordsAsWritten(normaliseText(text), (written) => {
    if (written === null) {
      previous = null;
      return;
    }
    const { word, term, number, row } = wordInfo(written);
    if (rows !== undefined && row >= 0) rows.push(row);
    if (term === null) {
      previous = number ? word : null;
      return;
    }
    onTerm(term, word, previous);
    previous = term;
  });
}

/**
 * The terms of a text: stems of its content words (stop words, numbers and
 * one-letter words out), and `a_b` for two content words in a row ("buffer
 * zone" → `buffer_zone`) so phrases count as phrases. With `surfaces`, the
 * written forms of the stems are counted there too. With `rows`, the
 * word-vector table row of every word of the text that has one is appended
 * there, for its sentence vector.
 */
export function termsOf(text: string, surfaces?: SurfaceCounts, rows?: number[]): string[] {
  const terms: string[] = [];
  walkTerms(
    text,
    (term, word, before) => {
      if (surfaces) {
        const forms = surfaces.get(term) ?? new Map<string, number>();
        forms.set(word, (forms.get(word) ?? 0) + 1);
        surfaces.set(term, forms);
      }
      terms.push(term);
      if (before !== null) terms.push(`${before}_${term}`);
    },
    rows,
  );
  return terms;
}

/**
 * A text's terms without the phrase strings made: each content term and what
 * stands before it in a phrase (or null). {@link phrasesOf} gives termsOf's
 * list; {@link vectorizeReading} the TF-IDF vector, looking phrases up by
 * their two parts. A large run reads most texts this way.
 */
export interface TermReading {
  terms: string[];
  before: Array<string | null>;
}

/** The text's reading; with `into`, that reading is emptied and filled instead of a new one (a caller reading many texts one by one). */
export function readTerms(text: string, rows?: number[], into?: TermReading): TermReading {
  const reading: TermReading = into ?? { terms: [], before: [] };
  reading.terms.length = 0;
  reading.before.length = 0;
  walkTerms(
    text,
    (term, _word, before) => {
      reading.terms.push(term);
      reading.before.push(before);
    },
    rows,
  );
  return reading;
}

/** The reading as termsOf's list: each term, then its phrase with the term before it. */
export function phrasesOf(reading: TermReading): string[] {
  const terms: string[] = [];
  reading.terms.forEach((term, k) => {
    terms.push(term);
    const before = reading.before[k] ?? null;
    if (before !== null) terms.push(`${before}_${term}`);
  });
  return terms;
}

/**
 * A sparse vector: parallel arrays of term indices (ascending) and weights,
 * L2 norm 1 (or empty); optionally followed by dense coordinates (a sentence
 * vector) at indices `denseFrom`, `denseFrom + 1`, ….
 */
export interface SparseVector {
  indices: number[];
  values: number[];
  dense?: Float32Array;
  denseFrom?: number;
}

export interface TfidfModel {
  terms: string[];
  index: Map<string, number>;
  idf: number[];
}

/**
 * Fits TF-IDF on documents given as term lists: unigrams always, bigrams that
 * occur in at least `minBigramDf` documents (or that the caller requires, such
 * as a frame's own phrases). idf = ln((1 + N) / (1 + df)) + 1.
 */
export function fitTfidf(documents: string[][], options: { minBigramDf?: number; keep?: Iterable<string> } = {}): TfidfModel {
  const minBigramDf = options.minBigramDf ?? 2;
  const keep = new Set(options.keep ?? []);
  const df = new Map<string, number>();
  for (const terms of documents) for (const term of new Set(terms)) df.set(term, (df.get(term) ?? 0) + 1);
  const terms = [...df.keys()].filter((term) => !term.includes('_') || df.get(term)! >= minBigramDf || keep.has(term)).sort();
  const n = documents.length;
  return {
    terms,
    index: new Map(terms.map((term, i) => [term, i])),
    idf: terms.map((term) => Math.log((1 + n) / (1 + df.get(term)!)) + 1),
  };
}

/** Per model: a count per term, reused by every call (reset after each), so a document costs no map. */
const scratch = new WeakMap<TfidfModel, Float64Array>();

function countsOf(model: TfidfModel): Float64Array {
  let counts = scratch.get(model);
  if (!counts) scratch.set(model, (counts = new Float64Array(model.terms.length)));
  return counts;
}

/** (1 + ln tf) × idf over the counted terms, L2-normalised; the counts are reset. */
function weighted(indices: number[], counts: Float64Array, model: TfidfModel): SparseVector {
  sortSmall(indices);
  const values = indices.map((i) => (1 + Math.log(counts[i]!)) * model.idf[i]!);
  for (const i of indices) counts[i] = 0;
  const norm = Math.sqrt(values.reduce((sum, value) => sum + value * value, 0));
  return { indices, values: norm === 0 ? values : values.map((value) => value / norm) };
}

/** Ascending numeric order in place: insertion sort for a text's few dozen terms (a comparator call per step costs more), the built-in sort beyond. */
function sortSmall(list: number[]): void {
  if (list.length > 64) {
    list.sort((a, b) => a - b);
    return;
  }
  for (let k = 1; k < list.length; k++) {
    const value = list[k]!;
    let j = k - 1;
    for (; j >= 0 && list[j]! > value; j--) list[j + 1] = list[j]!;
    list[j + 1] = value;
  }
}

/** TF-IDF vector of one document: (1 + ln tf) × idf, L2-normalised; unknown terms are dropped. */
export function vectorize(terms: string[], model: TfidfModel): SparseVector {
  const counts = countsOf(model);
  const indices: number[] = [];
  for (const term of terms) {
    const i = model.index.get(term);
    if (i === undefined) continue;
    if (counts[i] === 0) indices.push(i);
    counts[i]!++;
  }
  return weighted(indices, counts, model);
}

/** Per model: its phrases (`a_b`) as a → b → index, so a reading's phrases are found without making their strings. */
const phraseIndexes = new WeakMap<TfidfModel, Map<string, Map<string, number>>>();

function phraseIndex(model: TfidfModel): Map<string, Map<string, number>> {
  let index = phraseIndexes.get(model);
  if (!index) {
    index = new Map();
    model.terms.forEach((term, i) => {
      const cut = term.indexOf('_');
      if (cut < 0) return;
      const first = term.slice(0, cut);
      const seconds = index!.get(first) ?? new Map<string, number>();
      seconds.set(term.slice(cut + 1), i);
      index!.set(first, seconds);
    });
    phraseIndexes.set(model, index);
  }
  return index;
}

/** The same vector as vectorize(phrasesOf(reading), model). */
export function vectorizeReading(reading: TermReading, model: TfidfModel): SparseVector {
  const counts = countsOf(model);
  const phrases = phraseIndex(model);
  const indices: number[] = [];
  const count = (i: number | undefined): void => {
    if (i === undefined) return;
    if (counts[i] === 0) indices.push(i);
    counts[i]!++;
  };
  reading.terms.forEach((term, k) => {
    count(model.index.get(term));
    const before = reading.before[k] ?? null;
    if (before !== null) count(phrases.get(before)?.get(term));
  });
  return weighted(indices, counts, model);
}

/** The dense form of a sparse vector over `size` terms. */
export function toDense(vector: SparseVector, size: number): Float64Array {
  const dense = new Float64Array(size);
  vector.indices.forEach((i, k) => (dense[i] = vector.values[k]!));
  if (vector.dense) dense.set(vector.dense, vector.denseFrom!);
  return dense;
}

/** vector · centroid (a dense vector over the same indices). */
export function cosine(vector: SparseVector, centroid: Float64Array): number {
  let sum = 0;
  const { indices, values, dense } = vector;
  for (let k = 0; k < indices.length; k++) sum += values[k]! * centroid[indices[k]!]!;
  return dense ? sum + dotAt(dense, centroid, vector.denseFrom!) : sum;
}

/** Σ a[j] · b[offset + j], four at a time (about twice as fast in V8 as one at a time). */
function dotAt(a: Float32Array, b: Float64Array | Float32Array, offset: number): number {
  const d = a.length;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < d; j += 4) {
    s0 += a[j]! * b[offset + j]!;
    s1 += a[j + 1]! * b[offset + j + 1]!;
    s2 += a[j + 2]! * b[offset + j + 2]!;
    s3 += a[j + 3]! * b[offset + j + 3]!;
  }
  for (; j < d; j++) s0 += a[j]! * b[offset + j]!;
  return s0 + s1 + s2 + s3;
}

/** Adds `factor` × vector into a dense accumulator. */
export function addInto(target: Float64Array, vector: SparseVector, factor: number): void {
  for (let k = 0; k < vector.indices.length; k++) target[vector.indices[k]!]! += factor * vector.values[k]!;
  if (vector.dense) {
    const from = vector.denseFrom!;
    for (let j = 0; j < vector.dense.length; j++) target[from + j]! += factor * vector.dense[j]!;
  }
}

/** The dot product of the sparse (term) parts of two vectors. */
export function termDot(a: SparseVector, b: SparseVector): number {
  let sum = 0;
  for (let i = 0, j = 0; i < a.indices.length && j < b.indices.length; ) {
    if (a.indices[i] === b.indices[j]) sum += a.values[i++]! * b.values[j++]!;
    else if (a.indices[i]! < b.indices[j]!) i++;
    else j++;
  }
  return sum;
}

/** The dot product of the dense parts of two vectors (0 when either has none). */
export function denseDot(a: SparseVector, b: SparseVector): number {
  return a.dense && b.dense ? dotAt(a.dense, b.dense, 0) : 0;
}
