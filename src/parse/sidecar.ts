import { ThreadlensError, parseJsonText } from '../model/problem.js';
import { checkOverrides, type ArticleOverrides } from '../options/index.js';

/**
 * Reads a sidecar `<file>.meta.json`: an object with any of `title`, `author`,
 * `date` (ISO 8601) and `site`. Anything else throws `invalid-sidecar` naming
 * the file, and the line and column for malformed JSON.
 */
export function parseSidecar(text: string, file: string): ArticleOverrides {
  let value: unknown;
  try {
    value = parseJsonText(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = /position (\d+)/.exec(message);
    const place = offset ? lineAndColumn(text, Number(offset[1])) : {};
    throw new ThreadlensError('invalid-sidecar', `expected JSON, found a syntax error: ${message}`, { file, ...place });
  }
  return checkOverrides(value, 'the sidecar', (message) => {
    throw new ThreadlensError('invalid-sidecar', message, { file });
  });
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}
