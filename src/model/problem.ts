/**
 * One type for everything that can go wrong, in the manner of vfile messages:
 * a parse finding about one line of a page, a file that cannot be read, an
 * output folder that cannot be written, a worker's failure, a misuse of the
 * library. Each has a stable `code`, a `message` that says what was expected
 * and what was found, and a place where one is known.
 *
 * - Findings in a page's text never throw: they are {@link Problem}s in
 *   `thread.diagnostics` (severity `warning` or `info`), and the thread is built.
 * - A file that cannot be processed at all, or a misuse, is a
 *   {@link ThreadlensError} thrown by the library; its `problem` has severity
 *   `error`. The CLI collects those of every file into the same list as the
 *   diagnostics and prints them all alike.
 *
 * ```json
 * { "severity": "warning", "code": "skipped-depth", "line": 32, "column": 9,
 *   "message": "reply at depth 3 follows depth 1; attached to the nearest shallower comment (c2)" }
 * { "severity": "error", "code": "unreadable", "file": "missing.txt", "line": null, "column": null,
 *   "message": "cannot read the file: no such file" }
 * ```
 */

/** `error`: the file (or the command) could not be processed; `warning`: processed, but look; `info`: for the record. */
export type Severity = 'error' | 'warning' | 'info';

/** Codes of problems that stop a file or a command (always severity `error`). */
export type ErrorCode =
  | 'usage'
  | 'invalid-option'
  | 'unreadable'
  | 'unwritable'
  | 'binary-input'
  | 'invalid-sidecar'
  | 'invalid-frames'
  | 'invalid-snapshot'
  | 'internal';

/**
 * A problem.
 *
 * - `code`: stable and machine-readable (`count-mismatch`, `unreadable`, …).
 * - `message`: what was expected, what was found, and what was done about it.
 * - `line`/`column`: 1-based place in the file's decoded text, or `null` when
 *   the problem concerns the whole file.
 * - `file`: the path as the user gave it; absent on a thread's own diagnostics
 *   (the thread names its file).
 */
export interface Problem {
  severity: Severity;
  code: string;
  message: string;
  line: number | null;
  column: number | null;
  file?: string;
}

/** A thread's findings about its own text are problems without a file. */
export type Diagnostic = Problem;

export interface ProblemPlace {
  file?: string | undefined;
  line?: number | undefined;
  column?: number | undefined;
}

/**
 * Thrown for misuse and for input that cannot be processed at all; carries
 * its {@link Problem} (severity `error`). Usage mistakes (`usage`,
 * `invalid-option`) make the CLI exit 2, every other code 1.
 */
export class ThreadlensError extends Error {
  readonly code: ErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(code: ErrorCode, message: string, place: ProblemPlace = {}) {
    super(message);
    this.name = 'ThreadlensError';
    this.code = code;
    this.file = place.file;
    this.line = place.line;
    this.column = place.column;
  }

  /** The error as a problem (plain data: it crosses worker threads and JSON). */
  get problem(): Problem {
    return toProblem(this.code, this.message, 'error', this);
  }

  /** The same error naming another file (a path as the user typed it, for instance). */
  withFile(file: string): ThreadlensError {
    return new ThreadlensError(this.code, this.message, { ...this, file });
  }
}

/** Any thrown value as a problem: a ThreadlensError's own, or an `internal` error with the first line of its message. */
export function problemOf(error: unknown, file?: string): Problem {
  if (error instanceof ThreadlensError) return file !== undefined && error.file === undefined ? error.withFile(file).problem : error.problem;
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  return toProblem('internal', message, 'error', { file });
}

/** A problem back as the error it stands for (for rethrowing a worker's failure, say). */
export function errorOf(problem: Problem): ThreadlensError {
  return new ThreadlensError(problem.code as ErrorCode, problem.message, { file: problem.file, line: problem.line ?? undefined, column: problem.column ?? undefined });
}

function toProblem(code: string, message: string, severity: Severity, place: ProblemPlace): Problem {
  const problem: Problem = { severity, code, message, line: place.line ?? null, column: place.column ?? null };
  if (place.file !== undefined) problem.file = place.file;
  return problem;
}

/** Usage mistakes: the CLI exits 2 for these. */
export function isUsageProblem(problem: Pick<Problem, 'code'>): boolean {
  return problem.code === 'usage' || problem.code === 'invalid-option';
}

/** `file:line:column: message [code]`, or `file: message [code]` when no place is known. */
export function formatProblem(problem: Pick<Problem, 'line' | 'column' | 'message' | 'code' | 'file'>, file = problem.file ?? 'threadlens'): string {
  const place = problem.line === null ? '' : `:${problem.line}${problem.column === null ? '' : `:${problem.column}`}`;
  return `${file}${place}: ${problem.message} [${problem.code}]`;
}

/** Describes a value for "expected …, found …" messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

/** JSON.parse for files people edit: a leading byte-order mark is allowed. */
export function parseJsonText(text: string): unknown {
  return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
}
