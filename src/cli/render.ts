import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StoredThreads } from '../analyse/store.js';
import type { AnyRun, Problem, Run } from '../model/index.js';
import type { NormalizedRenderOptions, RenderOptions } from '../options/index.js';
import { renderParts, ReportAssembler, type RenderedFile, type RenderedPiece, type RunContext, type ThreadRendering } from '../report/index.js';
import type { ReportSetSource, StagedFile } from './output.js';
import { inOrderOnWorkers } from './pool.js';

/** What a render worker is given once: plain data only. */
export interface RenderJob {
  run: RunContext;
  render: RenderOptions;
  /** The staging folder of the report set, where the worker writes each thread's own files itself. */
  staging: string;
}

/** A render worker's answer: the thread's files it wrote (or could not), and the rest of its rendering, for this thread to put in the run-wide files. */
export interface RenderAnswer {
  staged: StagedFile[];
  rendering: ThreadRendering;
}

/** The compiled worker; absent when running from the TypeScript sources, where everything runs in one thread. */
const WORKER = new URL('./render-worker.js', import.meta.url);

/**
 * The report set of a run, as {@link renderParts} gives it: for a run kept on
 * disk, with `jobs` above one, each thread is read and rendered on a worker
 * thread, which writes the thread's own files into the staging folder
 * itself, while this one writes the run-wide files from what they send
 * back, in order. Same files, same bytes, however many jobs. What a reader
 * should know of the set goes to `problems` once it is written.
 */
export function renderSet(run: AnyRun, settings: NormalizedRenderOptions, jobs: number, problems: Problem[]): ReportSetSource {
  const threads = run.threads as Partial<StoredThreads>;
  if (jobs <= 1 || settings.format === 'convokit' || typeof threads.stored !== 'function' || !existsSync(fileURLToPath(WORKER))) return renderParts(run, settings, problems);
  return (staging) => renderOnWorkers(run as Run<StoredThreads>, settings, jobs, problems, staging);
}

async function* renderOnWorkers(run: Run<StoredThreads>, settings: NormalizedRenderOptions, jobs: number, problems: Problem[], staging: string): AsyncGenerator<RenderedFile | RenderedPiece | StagedFile> {
  const report = new ReportAssembler(run, settings);
  yield* report.start();
  const job: RenderJob = { run: { id: run.id, settings: run.settings, clusters: run.clusters }, render: { format: settings.format, bom: settings.bom }, staging };
  // One thread per worker at a time: a big thread and its files run to tens of megabytes, a second one each would raise the peak.
  const answers = inOrderOnWorkers<RenderAnswer>(WORKER, job, run.threads.length, (index) => {
    const stored = run.threads.stored(index);
    return { message: stored, transfer: [stored.bytes.buffer as ArrayBuffer] };
  }, jobs, 4 * jobs, 1);
  for await (const { staged, rendering } of answers) {
    yield* staged;
    yield* report.add(rendering);
  }
  yield* report.finish();
  problems.push(...report.problems);
}
