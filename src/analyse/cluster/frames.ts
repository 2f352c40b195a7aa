import type { Frame } from '../../model/index.js';
import { ThreadlensError, parseJsonText, describeValue } from '../../model/problem.js';
import { loadJson } from '../json.js';

/**
 * Reads a frames file: `{"frames": [{"id", "label", "description", "terms": [...]}]}`
 * (`description` and `terms` optional). Ids must be unique and not `none`.
 * Anything else throws `invalid-frames` naming the file.
 */
export function parseFrames(text: string, file: string): Frame[] {
  let value: unknown;
  try {
    value = parseJsonText(text);
  } catch (error) {
    throw new ThreadlensError('invalid-frames', `expected JSON, found a syntax error: ${(error as Error).message}`, { file });
  }
  return checkFrames(value, file);
}

export function checkFrames(value: unknown, file: string): Frame[] {
  const fail = (message: string): never => {
    throw new ThreadlensError('invalid-frames', message, { file });
  };
  const list = (value as { frames?: unknown } | null)?.frames;
  if (typeof value !== 'object' || value === null || !Array.isArray(list)) fail(`expected an object with a "frames" list, found ${describeValue(value)}`);
  const seen = new Set<string>();
  return (list as unknown[]).map((entry, i) => {
    const frame = entry as Record<string, unknown>;
    if (typeof entry !== 'object' || entry === null) fail(`expected frames[${i}] to be an object, found ${describeValue(entry)}`);
    for (const field of ['id', 'label'] as const) {
      if (typeof frame[field] !== 'string' || (frame[field] as string).trim() === '') fail(`expected frames[${i}].${field} to be a non-empty string, found ${describeValue(frame[field])}`);
    }
    const id = (frame['id'] as string).trim();
    if (!/^[\w.-]{1,64}$/.test(id) || id === 'none' || /^extra-\d+$/.test(id)) {
      fail(`expected frames[${i}].id to be 1–64 letters, digits, '.', '_' or '-' (not "none" nor "extra-N", which name discovered clusters), found ${JSON.stringify(id)}`);
    }
    if (seen.has(id)) fail(`expected unique frame ids, found "${id}" twice`);
    seen.add(id);
    const description = frame['description'] ?? '';
    if (typeof description !== 'string') fail(`expected frames[${i}].description to be a string, found ${describeValue(description)}`);
    const terms = frame['terms'] ?? [];
    if (!Array.isArray(terms) || terms.some((term) => typeof term !== 'string')) fail(`expected frames[${i}].terms to be a list of strings, found ${describeValue(terms)}`);
    return { id, label: (frame['label'] as string).trim(), description: description as string, terms: terms as string[] };
  });
}

/** The built-in frames (src/analyse/data/frames.json). */
export const DEFAULT_FRAMES: readonly Frame[] = Object.freeze(checkFrames(loadJson('./data/frames.json'), 'src/analyse/data/frames.json'));
