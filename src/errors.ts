/**
 * Exceptions are for misuse and for input that cannot be read at all; every
 * other problem with the input is a {@link Diagnostic} on the thread.
 *
 * Each error has a stable `code` and says what was expected and what was found.
 */
export type ErrorCode =
  | 'invalid-option'
  | 'unreadable'
  | 'binary-input'
  | 'invalid-sidecar'
  | 'invalid-frames'
  | 'invalid-snapshot';

export interface ErrorPlace {
  file?: string | undefined;
  line?: number | undefined;
  column?: number | undefined;
}

export class ThreadlensError extends Error {
  readonly code: ErrorCode;
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(code: ErrorCode, message: string, place: ErrorPlace = {}) {
    super(message);
    this.name = 'ThreadlensError';
    this.code = code;
    this.file = place.file;
    this.line = place.line;
    this.column = place.column;
  }
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
