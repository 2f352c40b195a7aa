import type { ArticleField } from '../model/index.js';
import { ThreadlensError, describeValue } from '../model/problem.js';
import { normaliseIsoDate } from '../parse/dates.js';
import { brand, isBranded } from './brand.js';

/** Article fields given by hand, each a string (`date` in ISO 8601). */
export type ArticleOverrides = Partial<Record<ArticleField, string>>;

/** Options of {@link parse}; every field is optional. */
export interface ParseOptions {
  /** The path shown in diagnostics and stored on the thread. Default `<input>`. */
  file?: string;
  /** Columns between tab stops when tabs indent a line. Default 8, as terminals do. */
  tabSize?: number;
  /** Article fields that replace what the page shows, by origin; `flag` beats `sidecar`. */
  overrides?: { sidecar?: ArticleOverrides; flag?: ArticleOverrides };
}

export interface NormalizedParseOptions {
  file: string;
  tabSize: number;
  overrides: { sidecar: ArticleOverrides; flag: ArticleOverrides };
}

export const ARTICLE_FIELDS: readonly ArticleField[] = ['title', 'author', 'date', 'site'];

/**
 * The one place defaults are filled and options checked; the CLI and the
 * library both go through it. Misuse throws `invalid-option`.
 */
export function normalizeParseOptions(options: ParseOptions | NormalizedParseOptions = {}): NormalizedParseOptions {
  if (isBranded<NormalizedParseOptions>(options)) return options;
  if (typeof options !== 'object' || options === null) {
    throw new ThreadlensError('invalid-option', `expected parse options to be an object, found ${describeValue(options)}`);
  }
  const file = options.file ?? '<input>';
  if (typeof file !== 'string' || file === '') {
    throw new ThreadlensError('invalid-option', `expected option "file" to be a non-empty string, found ${describeValue(file)}`);
  }
  const tabSize = options.tabSize ?? 8;
  if (!Number.isInteger(tabSize) || tabSize < 1 || tabSize > 16) {
    throw new ThreadlensError('invalid-option', `expected option "tabSize" to be an integer from 1 to 16, found ${describeValue(tabSize)}`);
  }
  return brand({
    file,
    tabSize,
    overrides: {
      sidecar: checkOverrides(options.overrides?.sidecar ?? {}, 'overrides.sidecar'),
      flag: checkOverrides(options.overrides?.flag ?? {}, 'overrides.flag'),
    },
  });
}

/** Checks a set of article overrides; `where` names them in messages. */
export function checkOverrides(value: unknown, where: string, error: (message: string) => never = invalidOption): ArticleOverrides {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    error(`expected ${where} to be an object, found ${describeValue(value)}`);
  }
  const result: ArticleOverrides = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    if (!(ARTICLE_FIELDS as readonly string[]).includes(key)) {
      error(`expected ${where} to hold only ${ARTICLE_FIELDS.join(', ')}, found "${key}"`);
    }
    if (typeof field !== 'string' || field.trim() === '') {
      error(`expected ${where}.${key} to be a non-empty string, found ${describeValue(field)}`);
    }
    let text = (field as string).trim();
    if (key === 'date') {
      const iso = normaliseIsoDate(text);
      if (iso === null) error(`expected ${where}.date to be an ISO 8601 date such as 2024-04-03, found ${describeValue(field)}`);
      text = iso;
    }
    result[key as ArticleField] = text;
  }
  return result;
}

function invalidOption(message: string): never {
  throw new ThreadlensError('invalid-option', message);
}

