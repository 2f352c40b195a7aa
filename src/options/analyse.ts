import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Frame, RunSettings } from '../model/index.js';
import { ThreadlensError, describeValue } from '../model/problem.js';
import { compileIncivilityLexicon, defaultIncivility, extendIncivilityLexicon, BASE_INCIVILITY_LEXICON, type CompiledIncivility, type IncivilityLexicon } from '../analyse/incivility.js';
import { checkFrames, DEFAULT_FRAMES } from '../analyse/cluster/frames.js';
import type { ClusterSettings } from '../analyse/cluster/index.js';
import { loadJson } from '../analyse/json.js';
import { brand, isBranded } from './brand.js';

/** Options of the analysis stages; every field is optional. Plain data, so it can cross to a worker thread. */
export interface AnalyseOptions {
  /** Additions to the incivility lexicon (the shape of src/analyse/data/incivility.json). */
  incivilityLexicon?: Partial<IncivilityLexicon>;
  /** Argument frames that seed clusters. Default: the built-in frames (src/analyse/data/frames.json). */
  frames?: Frame[];
  /** Clusters to find beyond the frames: a number (0 = frames only) or 'auto' (k by the eigengap). Default 'auto'. */
  extraClusters?: number | 'auto';
  /** Fine settings of the clusterer (evaluation uses them); defaults suit reader comments. */
  clustering?: Partial<Omit<ClusterSettings, 'frames' | 'extraClusters'>>;
}

/**
 * Analysis options after {@link normalizeAnalyseOptions}: the lexicon
 * compiled, the clusterer's settings filled, the settings a run records, and
 * the checked options themselves (`source`, what a worker thread is given).
 */
export interface NormalizedAnalyseOptions {
  incivility: CompiledIncivility;
  clustering: ClusterSettings;
  settings: RunSettings;
  source: AnalyseOptions;
}

/**
 * Clusterer defaults: texts with fewer than 3 content terms, or closer than
 * 0.05 to every cluster, stay unplaced. The frame anchor (0.3) and the share
 * of the similarity taken from sentence vectors were chosen on the ArgKP
 * train and dev parts.
 */
const CLUSTER_DEFAULTS: Omit<ClusterSettings, 'frames' | 'extraClusters'> = {
  minTerms: 3,
  minSimilarity: 0.05,
  frameAnchor: 0.3,
  maxSample: 5000,
  seed: 1,
  vectorWeight: 0.5,
};

/**
 * The one place analysis defaults are filled and options checked; the CLI,
 * the library and the worker threads all go through it, once per run (given
 * normalised options, it returns them as they are). Misuse throws `invalid-option`.
 */
export function normalizeAnalyseOptions(options: AnalyseOptions | NormalizedAnalyseOptions = {}): NormalizedAnalyseOptions {
  if (isBranded<NormalizedAnalyseOptions>(options)) return options;
  if (typeof options !== 'object' || options === null) invalidOption(`expected analyse options to be an object, found ${describeValue(options)}`);
  const lexicon = options.incivilityLexicon === undefined ? BASE_INCIVILITY_LEXICON : extendIncivilityLexicon(checkLexicon(options.incivilityLexicon));
  const incivility = options.incivilityLexicon === undefined ? defaultIncivility() : compileIncivilityLexicon(lexicon);
  const clustering = clusterSettings(options);
  const source: AnalyseOptions = { ...options, frames: clustering.frames, extraClusters: clustering.extraClusters };
  return brand({ incivility, clustering, settings: runSettings(clustering, lexicon), source });
}

function invalidOption(message: string): never {
  throw new ThreadlensError('invalid-option', message);
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

const hash = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

/** Hashes of the fitted models and their cue data, computed once. */
let modelHashes: RunSettings['models'] | null = null;
function models(): RunSettings['models'] {
  return (modelHashes ??= {
    sentiment: hash([loadJson('./models/sentiment.json'), loadJson('./data/sentiment.json')]),
    stance: hash([loadJson('./models/stance.json'), loadJson('./data/stance.json')]),
    incivility: hash(loadJson('./models/incivility.json')),
    sentence: hash([loadJson('./models/sentence-vectors.json'), createHash('sha256').update(readFileSync(new URL('../analyse/models/word-vectors.bin', import.meta.url))).digest('hex')]),
  });
}

/** What a run records of its settings, with one fingerprint over all of them. */
function runSettings(clustering: ClusterSettings, lexicon: IncivilityLexicon): RunSettings {
  const { frames, extraClusters, ...fine } = clustering;
  const base = {
    frames: frames.map((frame) => ({ id: frame.id, label: frame.label, description: frame.description, terms: [...frame.terms] })),
    extraClusters,
    clustering: fine,
    lexicon: hash(lexicon),
    models: models(),
  };
  return { ...base, fingerprint: hash(base) };
}

/** A user's lexicon additions: word tables of severities 1–3 and lists of strings, nothing else. */
function checkLexicon(extra: unknown): Partial<IncivilityLexicon> {
  if (typeof extra !== 'object' || extra === null || Array.isArray(extra)) invalidOption(`expected option "incivilityLexicon" to be an object, found ${describeValue(extra)}`);
  const tables = ['insult', 'profanity', 'identityAttack'];
  const lists = ['insultPatterns', 'addressedPatterns', 'profanityPatterns', 'threatPatterns', 'identityPatterns', 'groups', 'publicFigures', 'titles', 'secondPerson', 'negators', 'stillLands', 'safePhrases', 'reporting'];
  for (const [key, value] of Object.entries(extra as Record<string, unknown>)) {
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
