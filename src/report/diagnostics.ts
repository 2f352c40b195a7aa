import type { Diagnostic } from '../model.js';

/** `file:line:column: message [code]`, or `file: message [code]` when no place is known. */
export function formatDiagnostic(file: string, diagnostic: Pick<Diagnostic, 'line' | 'column' | 'message' | 'code'>): string {
  const place = diagnostic.line === null ? '' : `:${diagnostic.line}${diagnostic.column === null ? '' : `:${diagnostic.column}`}`;
  return `${file}${place}: ${diagnostic.message} [${diagnostic.code}]`;
}
