/**
 * Multinomial logistic regression over sparse features: mean cross-entropy
 * (weighted per class and optionally per row) plus L2, minimised by
 * full-batch Adam. Deterministic: no sampling, fixed iteration count.
 */
export interface SoftmaxFit {
  weights: Float64Array[]; // per feature: one weight per class
  bias: Float64Array;
}

/** A row's features as column indices with their values (1 where `values` is absent). */
export interface SparseRow {
  indices: Int32Array;
  values?: Float64Array;
}

export interface SoftmaxOptions {
  l2: number;
  classWeights: number[];
  /** A weight per row, multiplied with its class weight. */
  rowWeights?: number[];
  iterations?: number;
  learningRate?: number;
}

export function fitSoftmax(rows: SparseRow[], labels: number[], featureCount: number, classCount: number, options: SoftmaxOptions): SoftmaxFit {
  const iterations = options.iterations ?? 250;
  const rate = options.learningRate ?? 0.05;
  const size = (featureCount + 1) * classCount;
  const params = new Float64Array(size);
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  const gradient = new Float64Array(size);
  const biasOffset = featureCount * classCount;
  const rowWeight = labels.map((label, i) => options.classWeights[label]! * (options.rowWeights?.[i] ?? 1));
  const totalWeight = rowWeight.reduce((sum, weight) => sum + weight, 0);
  const logits = new Float64Array(classCount);

  for (let step = 1; step <= iterations; step++) {
    gradient.fill(0);
    for (let i = 0; i < rows.length; i++) {
      const { indices, values } = rows[i]!;
      let max = -Infinity;
      for (let c = 0; c < classCount; c++) {
        let sum = params[biasOffset + c]!;
        for (let j = 0; j < indices.length; j++) sum += params[indices[j]! * classCount + c]! * (values?.[j] ?? 1);
        logits[c] = sum;
        if (sum > max) max = sum;
      }
      let norm = 0;
      for (let c = 0; c < classCount; c++) norm += logits[c] = Math.exp(logits[c]! - max);
      const weight = rowWeight[i]! / totalWeight;
      for (let c = 0; c < classCount; c++) {
        const error = weight * (logits[c]! / norm - (c === labels[i] ? 1 : 0));
        gradient[biasOffset + c]! += error;
        for (let j = 0; j < indices.length; j++) gradient[indices[j]! * classCount + c]! += error * (values?.[j] ?? 1);
      }
    }
    for (let j = 0; j < biasOffset; j++) gradient[j]! += options.l2 * params[j]!;
    const correction1 = 1 - 0.9 ** step;
    const correction2 = 1 - 0.999 ** step;
    for (let j = 0; j < size; j++) {
      m[j] = 0.9 * m[j]! + 0.1 * gradient[j]!;
      v[j] = 0.999 * v[j]! + 0.001 * gradient[j]! * gradient[j]!;
      params[j]! -= (rate * (m[j]! / correction1)) / (Math.sqrt(v[j]! / correction2) + 1e-8);
    }
  }
  const weights: Float64Array[] = [];
  for (let f = 0; f < featureCount; f++) weights.push(params.slice(f * classCount, (f + 1) * classCount));
  return { weights, bias: params.slice(biasOffset) };
}
