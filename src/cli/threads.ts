import { ThreadlensError } from '../errors.js';
import type { Thread } from '../model.js';
import type { ArticleOverrides } from '../options.js';
import { makeIdsUnique } from '../parse/index.js';
import { loadPage } from './score-parallel.js';
import { formatDiagnostic } from '../report/diagnostics.js';
import { EXIT, expandInputs, reportError, type CliIo } from './io.js';
import { UsageError } from './usage.js';

export interface LoadedThreads {
  threads: Thread[];
  exitCode: number;
}

/**
 * Reads and parses the pages named on the command line (folders expanded),
 * each with its sidecar. Diagnostics go to stderr as they come; a file that
 * cannot be read is reported and skipped, and makes the exit code 1.
 */
export async function loadThreads(
  paths: string[],
  io: CliIo,
  options: { tabSize: number; flag: ArticleOverrides; perFile?: ReadonlyMap<string, ArticleOverrides>; onThread?: (thread: Thread) => void },
): Promise<LoadedThreads> {
  const files = await expandInputs(paths, io);
  if (files.length === 0) throw new UsageError(`expected page files, found none in ${paths.join(', ')}`);
  if (Object.keys(options.flag).length > 0 && files.length > 1) {
    throw new UsageError(`expected one file with --title/--author/--date/--site, found ${files.length}`);
  }
  let exitCode: number = EXIT.ok;
  const threads: Thread[] = [];
  for (const file of files) {
    try {
      const thread = await loadPage(file, io.cwd, options.tabSize, { ...options.flag, ...options.perFile?.get(file) });
      for (const diagnostic of thread.diagnostics) io.stderr.write(formatDiagnostic(file, diagnostic) + '\n');
      if (thread.diagnostics.some((diagnostic) => diagnostic.severity === 'error')) exitCode = EXIT.inputError;
      threads.push(thread);
      options.onThread?.(thread);
    } catch (error) {
      if (error instanceof ThreadlensError && error.code === 'invalid-option') throw new UsageError(error.message);
      reportError(error, io);
      exitCode = EXIT.inputError;
    }
  }
  makeIdsUnique(threads);
  return { threads, exitCode };
}
