import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { seededRandom } from '../random.js';
import type { SparseVector } from './vectors.js';

/**
 * Latent semantic analysis: the top right singular vectors of the TF-IDF
 * matrix, found by a seeded randomised SVD (range finder with two power
 * iterations, then the eigenvectors of a small matrix), so words that occur
 * in the same texts end up close. Cost grows with the non-zeros, not with
 * the vocabulary squared.
 */
export function lsaBasis(rows: SparseVector[], vocabularySize: number, dimensions: number, seed: number): Float64Array[] {
  const rank = Math.min(dimensions, rows.length - 1, vocabularySize - 1);
  if (rank < 1) return [];
  const width = Math.min(rank + 10, vocabularySize, rows.length);
  const random = seededRandom(seed);
  // Y = X Ω with Ω a V × width Gaussian matrix.
  const omega = Array.from({ length: vocabularySize }, () => Array.from({ length: width }, () => gaussian(random)));
  let q = orthonormal(multiplyRows(rows, omega, width));
  for (let power = 0; power < 2; power++) {
    const z = orthonormal(multiplyTransposed(rows, q, vocabularySize, width));
    q = orthonormal(multiplyRows(rows, z, width));
  }
  // B = Qᵀ X (width × V); its right singular vectors are the eigenvectors of Bᵀ B, reached through B Bᵀ.
  const b = multiplyTransposed(rows, q, vocabularySize, width); // V × width, i.e. Bᵀ
  const bt = new Matrix(b);
  const small = bt.transpose().mmul(bt); // width × width = B Bᵀ
  const eigen = new EigenvalueDecomposition(small, { assumeSymmetric: true });
  const values = eigen.realEigenvalues;
  const vectors = eigen.eigenvectorMatrix;
  const order = values.map((value, i) => [value, i] as const).sort((x, y) => y[0] - x[0] || x[1] - y[1]).slice(0, rank);
  const basis: Float64Array[] = [];
  for (const [value, i] of order) {
    if (value <= 1e-12) break;
    const u = vectors.getColumn(i);
    const column = new Float64Array(vocabularySize);
    const scale = 1 / Math.sqrt(value);
    for (let t = 0; t < vocabularySize; t++) {
      let sum = 0;
      for (let j = 0; j < width; j++) sum += b[t]![j]! * u[j]!;
      column[t] = sum * scale;
    }
    basis.push(fixSign(column));
  }
  return basis;
}

/** Coordinates of a vector in the basis, unit length (or all zero). */
export function project(vector: SparseVector, basis: Float64Array[]): number[] {
  const coordinates = basis.map((column) => {
    let sum = 0;
    for (let k = 0; k < vector.indices.length; k++) sum += vector.values[k]! * column[vector.indices[k]!]!;
    return sum;
  });
  const norm = Math.sqrt(coordinates.reduce((sum, value) => sum + value * value, 0));
  return norm === 0 ? coordinates : coordinates.map((value) => value / norm);
}

/** X · M for sparse rows X (n × V) and a dense V × width matrix. */
function multiplyRows(rows: SparseVector[], matrix: number[][], width: number): number[][] {
  return rows.map((row) => {
    const out = new Array<number>(width).fill(0);
    row.indices.forEach((index, k) => {
      const line = matrix[index]!;
      for (let j = 0; j < width; j++) out[j]! += row.values[k]! * line[j]!;
    });
    return out;
  });
}

/** Xᵀ · M for sparse rows X (n × V) and a dense n × width matrix: V × width. */
function multiplyTransposed(rows: SparseVector[], matrix: number[][], vocabularySize: number, width: number): number[][] {
  const out = Array.from({ length: vocabularySize }, () => new Array<number>(width).fill(0));
  rows.forEach((row, i) => {
    const line = matrix[i]!;
    row.indices.forEach((index, k) => {
      const target = out[index]!;
      for (let j = 0; j < width; j++) target[j]! += row.values[k]! * line[j]!;
    });
  });
  return out;
}

/** Modified Gram–Schmidt on the columns; a column that is (nearly) dependent becomes zero. */
function orthonormal(matrix: number[][]): number[][] {
  const rows = matrix.length;
  const columns = matrix[0]?.length ?? 0;
  const out = matrix.map((row) => [...row]);
  for (let j = 0; j < columns; j++) {
    for (let previous = 0; previous < j; previous++) {
      let dot = 0;
      for (let i = 0; i < rows; i++) dot += out[i]![j]! * out[i]![previous]!;
      for (let i = 0; i < rows; i++) out[i]![j]! -= dot * out[i]![previous]!;
    }
    let norm = 0;
    for (let i = 0; i < rows; i++) norm += out[i]![j]! ** 2;
    norm = Math.sqrt(norm);
    for (let i = 0; i < rows; i++) out[i]![j] = norm < 1e-10 ? 0 : out[i]![j]! / norm;
  }
  return out;
}

/** Eigenvectors have no sign of their own: make the largest entry positive so runs agree. */
function fixSign(column: Float64Array): Float64Array {
  let largest = 0;
  for (let t = 1; t < column.length; t++) if (Math.abs(column[t]!) > Math.abs(column[largest]!)) largest = t;
  return column[largest]! < 0 ? column.map((value) => -value) : column;
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
