import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StoredThreads } from '../analyse/store.js';
import type { AnyRun, Problem, Run } from '../model/index.js';
import type { NormalizedRenderOptions, RenderOptions } from '../options/index.js';
import { renderParts, ReportAssembler, type RenderedFile, type RenderedPiece, type RunContext, type ThreadRendering } from '../report/index.js';
import { inOrderOnWorkers } from './pool.js';

/** What a render worker is given once: plain data only. */
export interface RenderJob {
  run: RunContext;
  render: RenderOptions;
}

/** The compiled worker; absent when running from the TypeScript sources, where everything runs in one thread. */
const WORKER = new URL('./render-worker.js', import.meta.url);

/**
 * The report set of a run, as {@link renderParts} gives it: for a run kept on
 * disk, with `jobs` above one, each thread is read and rendered on a worker
 * thread while this one writes what they made, in order. Same files, same
 * bytes, however many jobs. What a reader should know of the set goes to
 * `problems` once it is written.
 */
export function renderSet(run: AnyRun, settings: NormalizedRenderOptions, jobs: number, problems: Problem[]): Iterable<RenderedFile | RenderedPiece> | AsyncIterable<RenderedFile | RenderedPiece> {
  const threads = run.threads as Partial<StoredThreads>;
  if (jobs <= 1 || settings.format === 'convokit' || typeof threads.stored !== 'function' || !existsSync(fileURLToPath(WORKER))) return renderParts(run, settings, problems);
  return renderOnWorkers(run as Run<StoredThreads>, settings, jobs, problems);
}

async function* renderOnWorkers(run: Run<StoredThreads>, settings: NormalizedRenderOptions, jobs: number, problems: Problem[]): AsyncGenerator<RenderedFile | RenderedPiece> {
  const report = new ReportAssembler(run, settings);
  yield* report.start();
  const job: RenderJob = { run: { id: run.id, settings: run.settings, clusters: run.clusters }, render: { format: settings.format, bom: settings.bom } };
  // One thread per worker at a time: a big thread and its files run to tens of megabytes, a second one each would raise the peak.
  const renderings = inOrderOnWorkers<ThreadRendering>(WORKER, job, run.threads.length, (index) => {
    const stored = run.threads.stored(index);
    return { message: stored, transfer: [stored.bytes.buffer as ArrayBuffer] };
  }, jobs, 4 * jobs, 1);
  for await (const rendering of renderings) yield* report.add(rendering);
  yield* report.finish();
  problems.push(...report.problems);
}
