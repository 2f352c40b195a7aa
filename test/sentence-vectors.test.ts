import { describe, expect, it } from 'vitest';
import { DEFAULT_SENTENCE_MODEL, finishSentenceVector, sentenceVector, sifSum } from '../src/analyse/cluster/sentence-vectors.js';
import { decodeWordVectors, encodeWordVectors, wordVectors } from '../src/analyse/cluster/word-vectors.js';
import { eigengapCount, knnGraph, spectralLabels, topEigenvectors } from '../src/analyse/cluster/spectral.js';
import { fitTfidf, phrasesOf, readTerms, termsOf, vectorize, vectorizeReading } from '../src/analyse/cluster/vectors.js';

const cosine = (a: Float64Array, b: Float64Array) => a.reduce((sum, value, j) => sum + value * b[j]!, 0);

describe('word vectors', () => {
  it('round-trips the compact table: words, ranks and int8 rows within half a step of their scale', () => {
    const rows = [
      { word: 'peace', rank: 3, vector: [0.5, -1.27, 0.01] },
      { word: 'buffer', rank: 40, vector: [0, 0, 0] },
      { word: 'ceasefire', rank: 900, vector: [2.54, 1, -0.3] },
    ];
    const table = decodeWordVectors(encodeWordVectors(rows, 3, 1000));
    expect(table.dimensions).toBe(3);
    expect(table.sourceVocabulary).toBe(1000);
    expect([...table.index.keys()]).toEqual(['peace', 'buffer', 'ceasefire']);
    expect([...table.ranks]).toEqual([3, 40, 900]);
    rows.forEach((row, i) => {
      row.vector.forEach((value, j) => expect(Math.abs(table.values[i * 3 + j]! * table.scales[i]! - value)).toBeLessThanOrEqual(table.scales[i]! / 2 + 1e-9));
    });
  });

  it('refuses a file that is not a table, naming it', () => {
    expect(() => decodeWordVectors(Buffer.from('not vectors at all, just text'), 'broken.bin')).toThrow(/broken\.bin: not a threadlens word-vector table/);
    const good = encodeWordVectors([{ word: 'a', rank: 0, vector: [1, 2] }], 2, 10);
    expect(() => decodeWordVectors(good.subarray(0, good.length - 1), 'cut.bin')).toThrow(/cut\.bin: \d+ bytes, expected/);
  });

  it('ships a table of 100,000 words in 100 dimensions, most frequent first', () => {
    const table = wordVectors();
    expect(table.index.size).toBe(100_000);
    expect(table.dimensions).toBe(100);
    expect(table.index.get('the')).toBe(0);
    expect(table.ranks[1]!).toBeGreaterThan(table.ranks[0]!);
  });
});

describe('sentence vectors', () => {
  it('compute the defined vector (SIF sum, component removed, whitened) by the fast per-word path', () => {
    for (const text of ['A buffer zone in western Ukraine would need NATO troops.', 'Appeasement never works; concessions reward aggression.', "Russia's red lines keep moving."]) {
      const fast = sentenceVector(text)!;
      const reference = finishSentenceVector(sifSum(text, DEFAULT_SENTENCE_MODEL.a)!, DEFAULT_SENTENCE_MODEL);
      expect(fast.length).toBe(reference.length);
      fast.forEach((value, j) => expect(value).toBeCloseTo(reference[j]!, 5));
    }
  });

  it('match paraphrases better than unrelated sentences', () => {
    const a = sentenceVector('Giving land to Russia only rewards the invasion.')!;
    const b = sentenceVector('Territorial concessions would reward the aggressor.')!;
    const c = sentenceVector('The football season starts next weekend.')!;
    expect(cosine(a, b)).toBeGreaterThan(cosine(a, c));
  });

  it('have none for a text without a known word', () => {
    expect(sentenceVector('zzqx qqvv!!')).toBeNull();
    expect(sentenceVector('')).toBeNull();
  });
});

describe('spectral clustering', () => {
  // Two groups of five points: similar within a group, unrelated across.
  const group = (i: number) => (i < 5 ? 0 : 1);
  const similarity = (i: number, j: number) => (group(i) === group(j) ? 0.9 - 0.01 * Math.abs(i - j) : 0.01);

  it('finds two groups by the eigengap and separates them, the same way every time', () => {
    const graph = knnGraph(10, 4, similarity);
    const { values, vectors } = topEigenvectors(graph, 5, 1);
    expect(values[0]!).toBeCloseTo(1, 6);
    expect(eigengapCount(values, 2, 4).k).toBe(2);
    const labels = spectralLabels(vectors, 2, 1);
    expect(new Set(labels.slice(0, 5)).size).toBe(1);
    expect(new Set(labels.slice(5)).size).toBe(1);
    expect(labels[0]).not.toBe(labels[5]);
    expect(spectralLabels(topEigenvectors(knnGraph(10, 4, similarity), 5, 1).vectors, 2, 1)).toEqual(labels);
  });

  it('keeps an edge when either end chose it, and no edge of zero or negative similarity', () => {
    const graph = knnGraph(3, 1, (i, j) => (i + j === 1 ? 0.5 : i + j === 3 ? 0.4 : -0.2));
    expect(graph.neighbours.map((list) => [...list])).toEqual([[1], [0, 2], [1]]);
  });
});

describe('TF-IDF readings', () => {
  const texts = ['A buffer zone, 30 miles wide, in western Ukraine.', "Russia's red lines: buffer zone talk again and again", 'the and of'];

  it('give termsOf’s terms, and the vector vectorize gives, without making phrase strings', () => {
    const model = fitTfidf(texts.map((text) => termsOf(text)));
    for (const text of texts) {
      const reading = readTerms(text);
      expect(phrasesOf(reading)).toEqual(termsOf(text));
      expect(vectorizeReading(reading, model)).toEqual(vectorize(termsOf(text), model));
    }
    expect(termsOf(texts[0]!)).toContain('buffer_zone');
    expect(termsOf(texts[0]!)).toContain('30_mile');
  });
});
