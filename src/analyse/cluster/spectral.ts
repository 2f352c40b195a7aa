import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { kmeans } from 'ml-kmeans';
import { seededRandom } from '../random.js';

/**
 * Spectral clustering: a k-nearest-neighbour graph of the items, the top
 * eigenvectors of its normalised affinity found by subspace iteration (only
 * the few wanted, never a dense solve of the whole matrix), then k-means on
 * the rows of those eigenvectors made unit length (Ng, Jordan and Weiss).
 */
export interface Graph {
  /** Per item: its neighbours' indices and the edge weights, symmetric. */
  neighbours: Int32Array[];
  weights: Float64Array[];
}

/**
 * The k-nearest-neighbour graph for a symmetric similarity function: each item keeps
 * its `k` most similar others (positive similarities only, ties to the lower
 * index), and an edge is kept when either end chose it.
 */
export function knnGraph(n: number, k: number, similarity: (i: number, j: number) => number): Graph {
  const chosen: Array<Map<number, number>> = Array.from({ length: n }, () => new Map());
  // The k best of each row, kept sorted (most similar first, lower index on ties) as they are found.
  const best = new Int32Array(k);
  const bestSimilarity = new Float64Array(k);
  // Each pair's similarity worked out once (the function is symmetric), row by row.
  const matrix = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) matrix[i * n + j] = matrix[j * n + i] = similarity(i, j);
  for (let i = 0; i < n; i++) {
    let count = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const value = matrix[i * n + j]!;
      if (value <= 0 || (count === k && value <= bestSimilarity[k - 1]!)) continue;
      let slot = count < k ? count++ : k - 1;
      while (slot > 0 && bestSimilarity[slot - 1]! < value) {
        best[slot] = best[slot - 1]!;
        bestSimilarity[slot] = bestSimilarity[slot - 1]!;
        slot--;
      }
      best[slot] = j;
      bestSimilarity[slot] = value;
    }
    for (let e = 0; e < count; e++) {
      chosen[i]!.set(best[e]!, bestSimilarity[e]!);
      chosen[best[e]!]!.set(i, bestSimilarity[e]!);
    }
  }
  const neighbours: Int32Array[] = [];
  const weights: Float64Array[] = [];
  for (const map of chosen) {
    const entries = [...map].sort((a, b) => a[0] - b[0]);
    neighbours.push(Int32Array.from(entries, ([j]) => j));
    weights.push(Float64Array.from(entries, ([, w]) => w));
  }
  return { neighbours, weights };
}

/**
 * The `count` largest eigenvalues and their eigenvectors (as n-long columns)
 * of (I + D^-½ A D^-½) / 2 — the normalised affinity shifted so that every
 * eigenvalue is in [0, 1] and the largest are also the largest in magnitude.
 * Subspace iteration from a seeded start, with a Rayleigh–Ritz step at the end.
 */
export function topEigenvectors(graph: Graph, count: number, seed: number, iterations = 150): { values: number[]; vectors: Float64Array[] } {
  const n = graph.neighbours.length;
  const p = Math.min(count, n);
  const scale = graph.weights.map((w) => {
    const degree = w.reduce((sum, value) => sum + value, 0);
    return degree > 0 ? 1 / Math.sqrt(degree) : 0;
  });
  const apply = (x: Float64Array): Float64Array => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let sum = 0;
      const ids = graph.neighbours[i]!;
      const w = graph.weights[i]!;
      for (let e = 0; e < ids.length; e++) sum += w[e]! * scale[ids[e]!]! * x[ids[e]!]!;
      out[i] = 0.5 * x[i]! + 0.5 * scale[i]! * sum;
    }
    return out;
  };
  const random = seededRandom(seed);
  let basis: Float64Array[] = Array.from({ length: p }, () => Float64Array.from({ length: n }, () => random() - 0.5));
  orthonormalise(basis);
  for (let step = 0; step < iterations; step++) {
    basis = basis.map(apply);
    orthonormalise(basis);
  }
  // Rayleigh–Ritz: the best vectors within the subspace, in order.
  const images = basis.map(apply);
  const small = basis.map((u) => images.map((v) => dot(u, v)));
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) small[a]![b] = small[b]![a] = (small[a]![b]! + small[b]![a]!) / 2;
  const decomposition = new EigenvalueDecomposition(new Matrix(small), { assumeSymmetric: true });
  const order = decomposition.realEigenvalues.map((value, i) => ({ value, i })).sort((a, b) => b.value - a.value || a.i - b.i);
  const rotation = decomposition.eigenvectorMatrix;
  const vectors = order.map(({ i }) => {
    const out = new Float64Array(n);
    for (let a = 0; a < p; a++) {
      const factor = rotation.get(a, i);
      const u = basis[a]!;
      for (let r = 0; r < n; r++) out[r]! += factor * u[r]!;
    }
    return out;
  });
  return { values: order.map(({ value }) => value), vectors };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

/** Modified Gram–Schmidt in place (a vector that collapses is left at zero). */
function orthonormalise(vectors: Float64Array[]): void {
  for (let a = 0; a < vectors.length; a++) {
    const u = vectors[a]!;
    for (let b = 0; b < a; b++) {
      const projection = dot(u, vectors[b]!);
      const v = vectors[b]!;
      for (let i = 0; i < u.length; i++) u[i]! -= projection * v[i]!;
    }
    const norm = Math.sqrt(dot(u, u));
    if (norm > 1e-12) for (let i = 0; i < u.length; i++) u[i]! /= norm;
    else u.fill(0);
  }
}

/**
 * The number of clusters the spectrum shows: the k in [minK, maxK] with the
 * largest gap between the k-th and (k+1)-th eigenvalues.
 */
export function eigengapCount(values: readonly number[], minK: number, maxK: number): { k: number; gap: number } {
  let best = { k: minK, gap: -Infinity };
  for (let k = minK; k <= Math.min(maxK, values.length - 1); k++) {
    const gap = values[k - 1]! - values[k]!;
    if (gap > best.gap + 1e-12) best = { k, gap };
  }
  return best;
}

/** Cluster of each item: k-means (seeded k-means++) on the unit rows of the first k eigenvectors. */
export function spectralLabels(vectors: readonly Float64Array[], k: number, seed: number): number[] {
  const n = vectors[0]?.length ?? 0;
  const rows = Array.from({ length: n }, (_, i) => {
    const row = vectors.slice(0, k).map((vector) => vector[i]!);
    const norm = Math.sqrt(row.reduce((sum, value) => sum + value * value, 0));
    return norm === 0 ? row : row.map((value) => value / norm);
  });
  if (n <= k) return rows.map((_, i) => i);
  return kmeans(rows, k, { initialization: 'kmeans++', seed, maxIterations: 100 }).clusters;
}
