/**
 * Time limits for property tests. fast-check's `timeout` only bounds
 * asynchronous bodies, so a slow synchronous body passes it: each case here is
 * timed itself and fails when it takes longer than its limit, and the run as a
 * whole stops (as a failure) after `totalMs`. The limits catch runaway work
 * (a backtracking regex, a quadratic walk), not speed: speed is measured by
 * `npm run bench`.
 */
export function timed<A extends unknown[]>(limitMs: number, body: (...args: A) => void): (...args: A) => void {
  return (...args: A) => {
    const start = performance.now();
    body(...args);
    const elapsed = performance.now() - start;
    if (elapsed > limitMs) throw new Error(`a case took ${Math.round(elapsed)} ms, over its limit of ${limitMs} ms`);
  };
}

/** fast-check parameters for a run that must finish within `totalMs`, counted as a failure if it does not. */
export function bounded(totalMs: number, parameters: { numRuns: number; seed: number }): { numRuns: number; seed: number; interruptAfterTimeLimit: number; markInterruptAsFailure: true } {
  return { ...parameters, interruptAfterTimeLimit: totalMs, markInterruptAsFailure: true };
}
