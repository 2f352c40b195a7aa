/** Agreement measures for the evaluation and training scripts. */

export function pearson(xs: number[], ys: number[]): number {
  const n = xs.length;
  if (n === 0 || n !== ys.length) return NaN;
  const meanX = xs.reduce((sum, x) => sum + x, 0) / n;
  const meanY = ys.reduce((sum, y) => sum + y, 0) / n;
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - meanX;
    const dy = ys[i]! - meanY;
    covariance += dx * dy;
    varianceX += dx * dx;
    varianceY += dy * dy;
  }
  return varianceX === 0 || varianceY === 0 ? 0 : covariance / Math.sqrt(varianceX * varianceY);
}

export interface ClassReport {
  macroF1: number;
  accuracy: number;
  perClass: Record<string, { precision: number; recall: number; f1: number; support: number }>;
}

/** Macro-F1 over `classes` (a class absent from both gold and predictions scores F1 0), and accuracy. */
export function classification<T extends string>(gold: T[], predicted: T[], classes: readonly T[]): ClassReport {
  const perClass: ClassReport['perClass'] = {};
  let correct = 0;
  gold.forEach((label, i) => {
    if (predicted[i] === label) correct++;
  });
  for (const label of classes) {
    let truePositives = 0;
    let predictedCount = 0;
    let support = 0;
    gold.forEach((g, i) => {
      if (g === label) support++;
      if (predicted[i] === label) predictedCount++;
      if (g === label && predicted[i] === label) truePositives++;
    });
    const precision = predictedCount === 0 ? 0 : truePositives / predictedCount;
    const recall = support === 0 ? 0 : truePositives / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perClass[label] = { precision, recall, f1, support };
  }
  const macroF1 = classes.reduce((sum, label) => sum + perClass[label]!.f1, 0) / classes.length;
  return { macroF1, accuracy: gold.length === 0 ? 0 : correct / gold.length, perClass };
}

export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Contingency counts of two labelings of the same items. */
function contingency(a: readonly (string | number)[], b: readonly (string | number)[]) {
  const table = new Map<string, number>();
  const rows = new Map<string | number, number>();
  const columns = new Map<string | number, number>();
  a.forEach((x, i) => {
    const y = b[i]!;
    table.set(`${x}\u0000${y}`, (table.get(`${x}\u0000${y}`) ?? 0) + 1);
    rows.set(x, (rows.get(x) ?? 0) + 1);
    columns.set(y, (columns.get(y) ?? 0) + 1);
  });
  return { table, rows, columns, n: a.length };
}

const choose2 = (n: number): number => (n * (n - 1)) / 2;

/** Adjusted Rand index (Hubert & Arabie). */
export function adjustedRandIndex(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  const { table, rows, columns, n } = contingency(a, b);
  const index = [...table.values()].reduce((sum, count) => sum + choose2(count), 0);
  const rowSum = [...rows.values()].reduce((sum, count) => sum + choose2(count), 0);
  const columnSum = [...columns.values()].reduce((sum, count) => sum + choose2(count), 0);
  const expected = (rowSum * columnSum) / choose2(n);
  const maximum = (rowSum + columnSum) / 2;
  return maximum === expected ? 1 : (index - expected) / (maximum - expected);
}

/** Normalised mutual information, arithmetic-mean normalisation (as scikit-learn's default). */
export function normalizedMutualInformation(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  const { table, rows, columns, n } = contingency(a, b);
  const entropy = (counts: Iterable<number>): number => [...counts].reduce((sum, count) => sum - (count / n) * Math.log(count / n), 0);
  let mutual = 0;
  for (const [key, count] of table) {
    const [x, y] = key.split('\u0000') as [string, string];
    const row = rows.get(typeof a[0] === 'number' ? Number(x) : x)!;
    const column = columns.get(typeof b[0] === 'number' ? Number(y) : y)!;
    mutual += (count / n) * Math.log((count * n) / (row * column));
  }
  const denominator = (entropy(rows.values()) + entropy(columns.values())) / 2;
  return denominator === 0 ? 1 : mutual / denominator;
}

/** Counts of (gold, predicted) pairs: `matrix[gold][predicted]`, rows and columns in the order of `classes`. */
export function confusion<T extends string>(gold: T[], predicted: string[], classes: readonly T[]): Record<string, Record<string, number>> {
  const matrix = Object.fromEntries(classes.map((row) => [row, Object.fromEntries(classes.map((column) => [column, 0]))])) as Record<string, Record<string, number>>;
  gold.forEach((label, i) => {
    const row = matrix[label];
    if (row && predicted[i]! in row) row[predicted[i]!]!++;
  });
  return matrix;
}
