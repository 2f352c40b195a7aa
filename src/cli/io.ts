import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ThreadlensError, formatProblem, isUsageProblem, problemOf, type Problem } from '../model/problem.js';

/** Where a command writes; tests pass strings-collecting fakes. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  cwd: string;
  /** stderr is a terminal: long runs show progress there. */
  stderrIsTty?: boolean;
  /** Told how long each stage of the main job took, in milliseconds, as each ends (for the benchmark). */
  onStage?: (stage: 'load' | 'cluster' | 'write', ms: number) => void;
}

/** Exit codes of the contract: done, input could not be processed, usage error. */
export const EXIT = { ok: 0, inputError: 1, usageError: 2 } as const;

/** A mistake in how the command was called: exit 2. */
export function usage(message: string, file?: string): ThreadlensError {
  return new ThreadlensError('usage', message, { file });
}

/** Input files inside a folder argument, sorted by name: page dumps (`.txt`), saved pages (`.html`, `.htm`), exports (`.xml`, `.jsonl`, `.ndjson`, `.csv`). */
const PAGE_FILE = /\.(txt|html?|xml|jsonl|ndjson|csv)$/i;

/**
 * Expands the paths given on the command line: a folder stands for its page
 * files in name order; a file stands for itself. Paths stay as the user typed
 * them so messages name what they typed.
 */
export async function expandInputs(paths: string[], io: CliIo): Promise<string[]> {
  const files: string[] = [];
  for (const given of paths) {
    const info = await stat(path.resolve(io.cwd, given)).catch(() => null);
    if (info?.isDirectory()) {
      const names = (await readdir(path.resolve(io.cwd, given))).filter((name) => PAGE_FILE.test(name)).sort();
      files.push(...names.map((name) => path.join(given, name)));
    } else {
      files.push(given);
    }
  }
  return files;
}

/** Reads a file's bytes, turning system errors into `unreadable` errors that name the file. */
export async function readInput(file: string, cwd: string): Promise<Uint8Array> {
  try {
    return await readFile(path.resolve(cwd, file));
  } catch (error) {
    throw new ThreadlensError('unreadable', `cannot read the file: ${systemReason(error)}`, { file });
  }
}

/** Reads an optional file: its text, or null when it does not exist. */
export async function readOptionalText(file: string, cwd: string): Promise<string | null> {
  try {
    return await readFile(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ThreadlensError('unreadable', `cannot read the file: ${systemReason(error)}`, { file });
  }
}

function systemReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** `--debug` shows stack traces of internal errors; otherwise every problem is one line. */
let debug = false;
export function setDebug(value: boolean): void {
  debug = value;
}

/** One problem on stderr: `file:line:column: message [code]`. */
export function reportProblem(problem: Problem, io: CliIo): void {
  io.stderr.write(formatProblem(problem) + (problem.code === 'internal' && !debug ? ' (run with --debug for details)' : '') + '\n');
}

/** After the problems: how many notes of each kind were too many to print. */
export function reportUnshown(unshown: ReadonlyArray<{ code: string; count: number }>, io: CliIo): void {
  for (const { code, count } of unshown) io.stderr.write(`threadlens: ${count.toLocaleString('en')} more notes like these not shown [${code}]\n`);
}

/** An error caught by the CLI on stderr; returns the exit code it calls for. */
export function reportError(error: unknown, io: CliIo): number {
  if (debug && !(error instanceof ThreadlensError) && error instanceof Error) io.stderr.write(`${error.stack ?? error.message}\n`);
  const problem = problemOf(error);
  reportProblem(problem, io);
  return isUsageProblem(problem) ? EXIT.usageError : EXIT.inputError;
}

/** The exit code problems call for: 1 if any is an error, else 0. */
export function exitCodeOf(problems: readonly Problem[]): number {
  return problems.some((problem) => problem.severity === 'error') ? EXIT.inputError : EXIT.ok;
}
