/**
 * Multinomial logistic regression over sparse binary features: mean
 * cross-entropy (optionally class-weighted) plus L2, minimised by full-batch
 * Adam. Deterministic: no sampling, fixed iteration count.
 */
export interface SoftmaxFit {
  weights: Float64Array[]; // per feature: one weight per class
  bias: Float64Array;
}

export function fitSoftmax(
  rows: number[][],
  labels: number[],
  featureCount: number,
  classCount: number,
  options: { l2: number; classWeights: number[]; iterations?: number; learningRate?: number },
): SoftmaxFit {
  const iterations = options.iterations ?? 250;
  const rate = options.learningRate ?? 0.05;
  const size = (featureCount + 1) * classCount;
  const params = new Float64Array(size);
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  const gradient = new Float64Array(size);
  const biasOffset = featureCount * classCount;
  const totalWeight = labels.reduce((sum, label) => sum + options.classWeights[label]!, 0);
  const logits = new Float64Array(classCount);

  for (let step = 1; step <= iterations; step++) {
    gradient.fill(0);
    rows.forEach((features, i) => {
      for (let c = 0; c < classCount; c++) {
        let sum = params[biasOffset + c]!;
        for (const f of features) sum += params[f * classCount + c]!;
        logits[c] = sum;
      }
      const max = Math.max(...logits);
      let norm = 0;
      for (let c = 0; c < classCount; c++) norm += (logits[c] = Math.exp(logits[c]! - max));
      const weight = options.classWeights[labels[i]!]! / totalWeight;
      for (let c = 0; c < classCount; c++) {
        const error = weight * (logits[c]! / norm - (c === labels[i] ? 1 : 0));
        gradient[biasOffset + c]! += error;
        for (const f of features) gradient[f * classCount + c]! += error;
      }
    });
    for (let j = 0; j < biasOffset; j++) gradient[j]! += options.l2 * params[j]!;
    for (let j = 0; j < size; j++) {
      m[j] = 0.9 * m[j]! + 0.1 * gradient[j]!;
      v[j] = 0.999 * v[j]! + 0.001 * gradient[j]! * gradient[j]!;
      const mHat = m[j]! / (1 - 0.9 ** step);
      const vHat = v[j]! / (1 - 0.999 ** step);
      params[j]! -= (rate * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
  }
  const weights: Float64Array[] = [];
  for (let f = 0; f < featureCount; f++) weights.push(params.slice(f * classCount, (f + 1) * classCount));
  return { weights, bias: params.slice(biasOffset) };
}
