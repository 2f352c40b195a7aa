import type { ArticleField, Frame } from './model.js';
import { ThreadlensError, describeValue } from './errors.js';
import { normaliseIsoDate } from './parse/dates.js';
import { compileIncivilityLexicon, defaultIncivility, extendIncivilityLexicon, type CompiledIncivility, type IncivilityLexicon } from './analyse/incivility.js';
import { checkFrames, DEFAULT_FRAMES } from './analyse/cluster/frames.js';
import type { ClusterSettings } from './analyse/cluster/index.js';

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
export function normalizeParseOptions(options: ParseOptions = {}): NormalizedParseOptions {
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
  return {
    file,
    tabSize,
    overrides: {
      sidecar: checkOverrides(options.overrides?.sidecar ?? {}, 'overrides.sidecar'),
      flag: checkOverrides(options.overrides?.flag ?? {}, 'overrides.flag'),
    },
  };
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

/** Options of the analysis stages. */
export interface AnalyseOptions {
  /** Additions to the incivility lexicon (the shape of src/analyse/data/incivility.json). */
  incivilityLexicon?: Partial<IncivilityLexicon>;
  /** Argument frames that seed clusters. Default: the built-in frames (src/analyse/data/frames.json). */
  frames?: Frame[];
  /** Clusters to find beyond the frames: a number (0 = frames only) or 'auto' (by silhouette). Default 'auto'. */
  extraClusters?: number | 'auto';
  /** Fine settings of the clusterer (evaluation uses them); defaults suit reader comments. */
  clustering?: Partial<Omit<ClusterSettings, 'frames' | 'extraClusters'>>;
}

export interface NormalizedAnalyseOptions {
  incivility: CompiledIncivility;
  clustering: ClusterSettings;
}

/**
 * Clusterer defaults: texts with fewer than 3 content terms, or closer than
 * 0.05 to every cluster, stay unplaced. The frame anchor (0.3) and the latent
 * dimensions used when there are no frames (10, half the similarity) were
 * chosen on the ArgKP train and dev parts.
 */
const CLUSTER_DEFAULTS: Omit<ClusterSettings, 'frames' | 'extraClusters'> = {
  minTerms: 3,
  minSimilarity: 0.05,
  frameAnchor: 0.3,
  maxSample: 5000,
  seed: 1,
  lsaDimensions: 10,
  lsaWeight: 0.5,
};

const compiledByLexicon = new WeakMap<object, CompiledIncivility>();

/** Fills defaults and compiles the lexicon (once per lexicon object). Misuse throws `invalid-option`. */
export function normalizeAnalyseOptions(options: AnalyseOptions = {}): NormalizedAnalyseOptions {
  return { incivility: incivilityOption(options), clustering: clusterSettings(options) };
}

/** Just the compiled incivility lexicon of the options (all the incivility stage needs). */
export function incivilityOption(options: AnalyseOptions = {}): CompiledIncivility {
  if (typeof options !== 'object' || options === null) {
    throw new ThreadlensError('invalid-option', `expected analyse options to be an object, found ${describeValue(options)}`);
  }
  const extra = options.incivilityLexicon;
  if (extra === undefined) return defaultIncivility();
  if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) {
    throw new ThreadlensError('invalid-option', `expected option "incivilityLexicon" to be an object, found ${describeValue(extra)}`);
  }
  let compiled = compiledByLexicon.get(extra);
  if (compiled === undefined) {
    compiled = compileIncivilityLexicon(extendIncivilityLexicon(checkLexicon(extra)));
    compiledByLexicon.set(extra, compiled);
  }
  return compiled;
}

function clusterSettings(options: AnalyseOptions): ClusterSettings {
  const frames = options.frames === undefined ? [...DEFAULT_FRAMES] : checkFrames({ frames: options.frames }, 'option "frames"');
  const extraClusters = options.extraClusters ?? 'auto';
  if (extraClusters !== 'auto' && !(Number.isInteger(extraClusters) && extraClusters >= 0 && extraClusters <= 100)) {
    invalidOption(`expected option "extraClusters" to be "auto" or an integer from 0 to 100, found ${describeValue(extraClusters)}`);
  }
  const fine = { ...CLUSTER_DEFAULTS, ...options.clustering };
  for (const [name, value] of Object.entries(fine)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) invalidOption(`expected option "clustering.${name}" to be a number, found ${describeValue(value)}`);
  }
  if (frames.length === 0 && extraClusters === 0) invalidOption('expected frames or extra clusters, found neither (no frames and extraClusters 0)');
  return { frames, extraClusters, ...fine };
}

/** A user's lexicon additions: word tables of severities 1–3 and lists of strings, nothing else. */
function checkLexicon(extra: Record<string, unknown>): Partial<IncivilityLexicon> {
  const tables = ['insult', 'profanity', 'identityAttack'];
  const lists = ['insultPatterns', 'addressedPatterns', 'profanityPatterns', 'threatPatterns', 'identityPatterns', 'groups', 'publicFigures', 'titles', 'secondPerson', 'negators', 'stillLands'];
  for (const [key, value] of Object.entries(extra)) {
    if (key.startsWith('$')) continue;
    if (tables.includes(key)) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) invalidOption(`expected lexicon.${key} to be an object of word → severity, found ${describeValue(value)}`);
      for (const [word, severity] of Object.entries(value as Record<string, unknown>)) {
        if (severity !== 1 && severity !== 2 && severity !== 3) invalidOption(`expected lexicon.${key}["${word}"] to be a severity 1, 2 or 3, found ${describeValue(severity)}`);
      }
    } else if (lists.includes(key)) {
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item === '')) invalidOption(`expected lexicon.${key} to be a list of non-empty strings, found ${describeValue(value)}`);
    } else {
      invalidOption(`expected lexicon fields ${[...tables, ...lists].join(', ')}, found "${key}"`);
    }
  }
  return extra as Partial<IncivilityLexicon>;
}
