import { readFile, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ThreadlensError } from '../errors.js';
import { formatDiagnostic } from '../report/diagnostics.js';

/** Where a command writes; tests pass strings-collecting fakes. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  cwd: string;
  /** stderr is a terminal: long runs show progress there. */
  stderrIsTty?: boolean;
}

/** Exit codes of the contract: done, input could not be processed, usage error. */
export const EXIT = { ok: 0, inputError: 1, usageError: 2 } as const;

/** Page files inside a folder argument: its `*.txt` files, sorted by name. */
const PAGE_FILE = /\.txt$/i;

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
export async function readInput(file: string, io: CliIo): Promise<Uint8Array> {
  try {
    return await readFile(path.resolve(io.cwd, file));
  } catch (error) {
    throw new ThreadlensError('unreadable', `cannot read the file: ${systemReason(error)}`, { file });
  }
}

/** Reads an optional file: its text, or null when it does not exist. */
export async function readOptionalText(file: string, io: CliIo): Promise<string | null> {
  try {
    return await readFile(path.resolve(io.cwd, file), 'utf8');
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

/** `--debug` shows stack traces of internal errors; otherwise every error is one line. */
let debug = false;
export function setDebug(value: boolean): void {
  debug = value;
}

/** Writes an error to stderr in the `file:line:column: message [code]` form: one line, no stack trace unless --debug. */
export function reportError(error: unknown, io: CliIo): void {
  if (error instanceof ThreadlensError) {
    io.stderr.write(
      formatDiagnostic(error.file ?? 'threadlens', { line: error.line ?? null, column: error.column ?? null, message: error.message, code: error.code }) + '\n',
    );
  } else {
    const detail = error instanceof Error ? (debug ? (error.stack ?? error.message) : error.message.split('\n')[0]) : String(error);
    io.stderr.write(`threadlens: internal error: ${detail}${debug ? '' : ' (run with --debug for details)'} [internal]\n`);
  }
}
