/**
 * The threadlens data model, in four files:
 *
 * - `thread.ts`: what the parser builds — a {@link Thread} with its article,
 *   its comments (a tree by `parentId`) and its diagnostics.
 * - `annotations.ts`: what the analysis stages add to each comment
 *   (`comment.data`): key, sentiment, stance, incivility, cluster.
 * - `run.ts`: one analysis of many threads — the {@link Run}, its clusters
 *   and its settings.
 * - `problem.ts`: the one problem type for diagnostics, errors and worker results.
 *
 * Every object is plain data: it survives `JSON.parse(JSON.stringify(x))`.
 */
export * from './thread.js';
export * from './annotations.js';
export * from './run.js';
export * from './problem.js';

