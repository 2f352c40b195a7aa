/**
 * Weighted ridge regression over sparse binary features, solved by conjugate
 * gradient on the normal equations (X'WX + λI)w = X'Wy. The bias is not penalised.
 */
export interface SparseRow {
  /** Indices of the features that are present (value 1). */
  features: number[];
  /** Dense extra inputs (e.g. the lexicon score), penalised like the rest. */
  dense: number[];
}

export function fitRidge(
  rows: SparseRow[],
  targets: number[],
  sparseCount: number,
  lambda: number,
  sampleWeights: number[] = rows.map(() => 1),
  iterations = 300,
): { weights: Float64Array; bias: number } {
  const denseCount = rows[0]?.dense.length ?? 0;
  const size = sparseCount + denseCount + 1;
  const biasIndex = size - 1;
  const predict = (w: Float64Array): number[] =>
    rows.map((row) => {
      let sum = w[biasIndex]!;
      for (const f of row.features) sum += w[f]!;
      row.dense.forEach((value, k) => (sum += value * w[sparseCount + k]!));
      return sum;
    });
  const transpose = (v: number[]): Float64Array => {
    const out = new Float64Array(size);
    rows.forEach((row, i) => {
      for (const f of row.features) out[f]! += v[i]!;
      row.dense.forEach((value, k) => (out[sparseCount + k]! += value * v[i]!));
      out[biasIndex]! += v[i]!;
    });
    return out;
  };
  const normal = (w: Float64Array): Float64Array => {
    const out = transpose(predict(w).map((value, i) => value * sampleWeights[i]!));
    for (let j = 0; j < biasIndex; j++) out[j]! += lambda * w[j]!;
    return out;
  };
  const w = new Float64Array(size);
  const residual = transpose(targets.map((value, i) => value * sampleWeights[i]!));
  const direction = residual.slice();
  let residualNorm = dot(residual, residual);
  for (let step = 0; step < iterations && residualNorm > 1e-12; step++) {
    const product = normal(direction);
    const alpha = residualNorm / dot(direction, product);
    for (let j = 0; j < size; j++) {
      w[j]! += alpha * direction[j]!;
      residual[j]! -= alpha * product[j]!;
    }
    const next = dot(residual, residual);
    for (let j = 0; j < size; j++) direction[j] = residual[j]! + (next / residualNorm) * direction[j]!;
    residualNorm = next;
  }
  return { weights: w.subarray(0, sparseCount + denseCount), bias: w[biasIndex]! };
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
