import type { SentimentCue, SentimentLabel, SentimentScore } from '../model/index.js';
import { memoise, TEXT_MEMO_CAPACITY } from './cache.js';
import { loadJson } from './json.js';
import { IdMarks, IdPairSet, IdPairTable, WordIds } from './word-ids.js';
import { isShouted, normaliseText, tokenize, type Token } from './text.js';

/** The knobs of the lexicon rules. */
export interface SentimentParameters {
  /** Squashing constant of x / sqrt(x² + alpha): larger means more words are needed to approach ±1. */
  alpha: number;
  /** Factor applied to a word's valence when a negator precedes it in its clause. */
  negation: number;
  /** How many words back a negator reaches. */
  negationScope: number;
  /** Weight of the clause before a contrast word (`but`) and of the one after it. */
  beforeContrast: number;
  afterContrast: number;
  /** Added to a shouted word's magnitude (AFINN units). */
  shout: number;
  /** Added to the total's magnitude per `!` (up to four). */
  exclamation: number;
  /** Scores within ±neutralBand are labelled neutral. */
  neutralBand: number;
}

/**
 * How the lexicon reading enters the final sum, on the human −4..4 scale: the
 * squashed total, the squashed positive and negative parts, the total again
 * for short texts (a one-line "fun!!" is rated stronger than the same word in
 * a paragraph), the `!` count signed like the total, and a second lexicon's
 * squashed sum.
 */
export interface SentimentCombination {
  total: number;
  positive: number;
  negative: number;
  /** Extra weight of the squashed total when the text has at most 6 words, and at most 12. */
  upTo6Words: number;
  upTo12Words: number;
  exclamations: number;
  /** Weight of the squashed SentiWordNet-based (ML-Senticon) sum, a second, broader word list. */
  senticon: number;
}

/**
 * The fitted scorer: lexicon rules with learned word valences, combined with a
 * ridge-regression correction over word and word-pair features, all fitted on
 * the VADER train rows by `npm run train` (src/analyse/models/sentiment.json).
 */
export interface SentimentModel {
  parameters: SentimentParameters;
  /**
   * Valences (AFINN units) learned for lexicon keys seen in the train rows,
   * pulled towards their lexicon prior; unseen keys keep the prior.
   */
  valences: ReadonlyMap<string, number>;
  combination: SentimentCombination;
  bias: number;
  /** Learned corrections per feature (a lower-case token, or two joined by a space), on the human −4..4 scale. */
  weights: ReadonlyMap<string, number>;
}

/** Our additions to AFINN (see the file's own note). */
interface SentimentData {
  emoticons: Record<string, number>;
  words: Record<string, number>;
  phrases: Record<string, number>;
  neutralInDefenceNews: string[];
  boosters: Record<string, number>;
  dampeners: Record<string, number>;
  negators: string[];
  contrasts: string[];
}

interface StoredModel extends Omit<SentimentModel, 'weights' | 'valences'> {
  valences: Record<string, number>;
  weights: Record<string, number>;
}

const afinnTable = loadJson('sentiment/languages/en/labels.json') as Record<string, number>;
const emojiTable = loadJson('sentiment/build/emoji.json') as Record<string, number>;
const extra = loadJson('./data/sentiment.json') as SentimentData;
const stored = loadJson('./models/sentiment.json') as StoredModel;
const senticonTable = loadJson('natural/lib/natural/sentiment/English/senticon_en.json') as Record<string, { pol: string }>;

export const DEFAULT_SENTIMENT_MODEL: Readonly<SentimentModel> = Object.freeze({
  ...stored,
  parameters: Object.freeze({ ...stored.parameters }),
  combination: Object.freeze({ ...stored.combination }),
  valences: new Map(Object.entries(stored.valences)),
  weights: new Map(Object.entries(stored.weights)),
});

/** The lexicon alone, before any learning: prior valences and no corrections. */
export function priorModel(parameters: SentimentParameters): SentimentModel {
  return { parameters, valences: new Map(), combination: { total: 1, positive: 0, negative: 0, upTo6Words: 0, upTo12Words: 0, exclamations: 0, senticon: 0 }, bias: 0, weights: new Map() };
}

const VALENCE = buildValenceTable();
const SENTICON = buildSenticonTable();
const PHRASES = new Map(Object.entries(extra.phrases));
/** First words of the phrases, so that most tokens skip building a pair key. */
const PHRASE_STARTS = new Set([...PHRASES.keys()].map((phrase) => phrase.split(' ')[0]!));
const BOOSTERS = new Map(Object.entries(extra.boosters));
const DAMPENERS = new Map(Object.entries(extra.dampeners));
const NEGATORS = new Set(extra.negators);
const CONTRASTS = new Set(extra.contrasts);
/** Modifiers keep their own role: "fairly" is a dampener, not a form of "fair". */
const MODIFIERS = new Set([...BOOSTERS.keys(), ...DAMPENERS.keys(), ...NEGATORS]);

/** AFINN-165 and its emoji, our additions on top, defence-news words made neutral. */
function buildValenceTable(): Map<string, number> {
  const table = new Map<string, number>(Object.entries(afinnTable));
  for (const [emoji, valence] of Object.entries(emojiTable)) table.set(emoji, valence);
  for (const [key, valence] of [...Object.entries(extra.emoticons), ...Object.entries(extra.words)]) table.set(key, valence);
  for (const word of extra.neutralInDefenceNews) table.delete(word);
  return table;
}

/**
 * ML-Senticon's English single words (shipped with `natural`), polarity −1..1
 * scaled to AFINN's ±4, without the defence-news words we read as neutral.
 */
function buildSenticonTable(): Map<string, number> {
  const neutral = new Set(extra.neutralInDefenceNews);
  const table = new Map<string, number>();
  for (const [word, entry] of Object.entries(senticonTable)) if (!word.includes(' ') && !neutral.has(word)) table.set(word, 4 * Number(entry.pol));
  return table;
}

/** `like` is a verb of liking only after a subject ("I like", "they'd like"); else a preposition. */
const LIKING_SUBJECT = new Set(['i', 'we', 'you', 'they', 'he', 'she', 'who', "i'd", "we'd", "you'd", "they'd", 'really', 'would', 'do', 'did', 'also', 'still']);

/**
 * Text prepared once for scoring: its tokens, whether it has any lower-case
 * letter, how many words. Shared between callers (memoised): read it, never
 * change it.
 */
export interface PreparedText {
  readonly tokens: readonly Token[];
  readonly anyLowerCase: boolean;
  readonly wordCount: number;
  /** The text as {@link normaliseText} leaves it. */
  readonly normalised: string;
}

/**
 * Tokens of a text (memoised: the stance stage and the replies' parents ask
 * again). Not frozen: freezing every token cost as much as making it, and
 * nothing in threadlens writes to them.
 */
export const prepareText: (text: string) => PreparedText = memoise(
  (text) => {
    const normalised = normaliseText(text);
    const tokens = tokenize(normalised);
    return { tokens, anyLowerCase: /\p{Ll}/u.test(normalised), wordCount: tokens.reduce((count, token) => count + (token.kind === 'word' ? 1 : 0), 0), normalised };
  },
  TEXT_MEMO_CAPACITY,
  { freeze: false },
);

/**
 * The default model's scores, kept for the stance stage (which reads the
 * label of each reply and of its parent). Frozen: every caller gets the same
 * object.
 */
const scoreWithDefaultModel = memoise((text) => computeSentiment(text, DEFAULT_SENTIMENT_MODEL));

/** Scores one text: lexicon rules, then the learned corrections. */
export function scoreSentiment(text: string, model: SentimentModel = DEFAULT_SENTIMENT_MODEL): SentimentScore {
  return model === DEFAULT_SENTIMENT_MODEL ? scoreWithDefaultModel(text) : computeSentiment(text, model);
}

/** The label alone, as {@link scoreSentiment} gives it. */
export function sentimentLabel(text: string): SentimentLabel {
  return scoreWithDefaultModel(text).label;
}

function computeSentiment(text: string, model: SentimentModel): SentimentScore {
  const prepared = prepareText(text);
  const facts = factsOf(prepared.tokens, model);
  const rules = readLexiconWith(prepared, model, facts);
  const raw = model.bias + combine(lexiconFeatures(rules, prepared.wordCount, model.parameters.alpha), model.combination);
  const cues = rules.cues;
  const score = Math.max(-1, Math.min(1, addLearnedCorrections(prepared.tokens, facts, model, raw, cues) / 4));
  return { score: round(score), label: labelOf(score, model.parameters.neutralBand), cues };
}

/**
 * Adds the learned corrections of a text's {@link featureKeys} to `raw`, in
 * their order (single tokens, then pairs, each once), pushing the larger ones
 * to `cues`; each token looked up once, its pairs then read by id.
 */
function addLearnedCorrections(tokens: readonly Token[], facts: readonly WordFacts[], model: SentimentModel, raw: number, cues: SentimentCue[]): number {
  const table = learnedTable(model);
  const words: string[] = [];
  const ids: number[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.kind === 'break') continue;
    words.push(tokens[i]!.lower);
    ids.push(facts[i]!.learnedId);
  }
  table.seen.reset();
  for (let i = 0; i < words.length; i++) {
    const id = ids[i]!;
    if (id !== -1 && !Number.isNaN(table.single[id]!) && table.seen.mark(id)) raw = addCorrection(raw, words[i]!, table.single[id]!, cues);
  }
  seenPairs.reset(words.length);
  for (let i = 0; i + 1 < words.length; i++) {
    const a = ids[i]!;
    const b = ids[i + 1]!;
    const at = a === -1 || b === -1 ? -1 : table.pairs.get(a, b);
    if (at !== -1 && seenPairs.add(a, b)) raw = addCorrection(raw, `${words[i]} ${words[i + 1]}`, table.pairWeights[at]!, cues);
  }
  return raw;
}

/** `raw` with one learned correction added; a larger one is also a cue. */
function addCorrection(raw: number, text: string, weight: number, cues: SentimentCue[]): number {
  if (Math.abs(weight) >= 0.1) cues.push({ text, weight: round(weight) });
  return raw + weight;
}

/** Per model, the learned corrections by token id: of single tokens, and of pairs. */
interface LearnedTable {
  ids: WordIds;
  /** Per token id, its correction, or NaN. */
  single: Float64Array;
  /** (first id, second id) → index in `pairWeights`. */
  pairs: IdPairTable;
  pairWeights: readonly number[];
  /** The tokens a text has used so far. */
  seen: IdMarks;
}

const learnedTables = new WeakMap<SentimentModel, LearnedTable>();
const seenPairs = new IdPairSet();

function learnedTable(model: SentimentModel): LearnedTable {
  let table = learnedTables.get(model);
  if (table) return table;
  const ids = new WordIds();
  const single = new Map<number, number>();
  const pairs: Array<[number, number, number]> = [];
  const pairWeights: number[] = [];
  for (const [feature, weight] of model.weights) {
    // Tokens hold no space: a key with one is a pair.
    const cut = feature.indexOf(' ');
    if (cut === -1) single.set(ids.add(feature), weight);
    else {
      pairs.push([ids.add(feature.slice(0, cut)), ids.add(feature.slice(cut + 1)), pairWeights.length]);
      pairWeights.push(weight);
    }
  }
  const byId = new Float64Array(ids.size).fill(NaN);
  for (const [id, weight] of single) byId[id] = weight;
  table = { ids, single: byId, pairs: new IdPairTable(pairs), pairWeights, seen: new IdMarks(ids.size) };
  learnedTables.set(model, table);
  return table;
}

export function labelOf(score: number, neutralBand: number): SentimentLabel {
  return score > neutralBand ? 'positive' : score < -neutralBand ? 'negative' : 'neutral';
}

/** What the lexicon rules found in a text, in AFINN units. */
export interface LexiconReading {
  /** Sum of the word valences after the rules, with the `!` emphasis. */
  total: number;
  /** Sums of the positive and of the negative contributions (no `!`). */
  positive: number;
  negative: number;
  /** `!` marks counted, up to four. */
  exclamations: number;
  /** Sum of the ML-Senticon valences, negation applied (no other rule). */
  senticon: number;
  cues: SentimentCue[];
}

/** The lexicon reading as the inputs of {@link SentimentCombination}, in its field order. */
export function lexiconFeatures(reading: LexiconReading, wordCount: number, alpha: number): number[] {
  const total = squash(reading.total, alpha);
  return [
    total,
    squash(reading.positive, alpha),
    squash(reading.negative, alpha),
    wordCount <= 6 ? total : 0,
    wordCount <= 12 ? total : 0,
    Math.sign(reading.total) * reading.exclamations,
    squash(reading.senticon, alpha),
  ];
}

export const COMBINATION_FIELDS = ['total', 'positive', 'negative', 'upTo6Words', 'upTo12Words', 'exclamations', 'senticon'] as const satisfies readonly (keyof SentimentCombination)[];

function combine(features: number[], combination: SentimentCombination): number {
  return COMBINATION_FIELDS.reduce((sum, field, k) => sum + combination[field] * features[k]!, 0);
}

function squash(x: number, alpha: number): number {
  return x / Math.sqrt(x * x + alpha);
}

/** The lexicon part alone: the total squashed into [-1, 1]. */
export function lexiconScore(prepared: PreparedText, model: SentimentModel): { score: number; cues: SentimentCue[] } {
  const reading = readLexicon(prepared, model);
  return { score: squash(reading.total, model.parameters.alpha), cues: reading.cues };
}

/** One lexicon hit: its key, its valence, and its contribution `factor × valence + offset` after the rules. */
export interface LexiconTerm {
  /** As written, for the cue. */
  text: string;
  key: string;
  valence: number;
  factor: number;
  offset: number;
}

/**
 * The lexicon hits of a text as linear terms of their valences: negation and
 * `but` scale a valence (factor); boosters, dampeners and shouting add to its
 * magnitude (offset, signed like the valence). Training fits the valences
 * through these terms; scoring sums them.
 */
export function lexiconTerms(prepared: PreparedText, model: SentimentModel): LexiconTerm[] {
  const facts = factsOf(prepared.tokens, model);
  return collectTerms(prepared, model, negationFlags(prepared.tokens, facts, model.parameters.negationScope), facts);
}

function collectTerms({ tokens, anyLowerCase }: PreparedText, model: SentimentModel, negated: Uint8Array, facts: readonly WordFacts[]): LexiconTerm[] {
  const parameters = model.parameters;
  const terms: LexiconTerm[] = [];
  let contrastAt = -1;
  for (let index = 0; index < tokens.length && contrastAt === -1; index++) if (tokens[index]!.kind === 'word' && facts[index]!.contrast) contrastAt = index;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    const next = tokens[index + 1];
    const phraseKey = next === undefined || !facts[index]!.startsPhrase ? undefined : `${token.lower} ${next.lower}`;
    const isPhrase = phraseKey !== undefined && PHRASES.has(phraseKey);
    const key = isPhrase ? phraseKey : keyOf(token);
    const valence = isPhrase ? valenceTable(model).get(key) : token.kind === 'word' && !token.elongated ? facts[index]!.wordValence : valenceOf(token, key, model);
    if (valence === undefined || valence === 0) continue;
    if (!isPhrase && token.lower === 'like' && !LIKING_SUBJECT.has(tokens[index - 1]?.lower ?? '')) continue;
    let factor = 1;
    let offset = Math.sign(valence) * modifierBoost(tokens, index);
    if (anyLowerCase && token.kind === 'word' && isShouted(token.text)) offset += Math.sign(valence) * parameters.shout;
    if (!isPhrase && negated[index] === 1) factor = -parameters.negation;
    if (contrastAt !== -1 && index < contrastAt) factor *= parameters.beforeContrast;
    if (contrastAt !== -1 && index > contrastAt) factor *= parameters.afterContrast;
    terms.push({ text: isPhrase ? `${token.text} ${next!.text}` : token.text, key, valence, factor, offset: offset * factor });
    if (isPhrase) index++;
  }
  return terms;
}

/**
 * Word valences from the model (AFINN-165 and our additions, as learned),
 * then negation within the clause, boosters and dampeners, `but` weighing the
 * clause after it more, shouted words, and `!` emphasis.
 */
export function readLexicon(prepared: PreparedText, model: SentimentModel): LexiconReading {
  return readLexiconWith(prepared, model, factsOf(prepared.tokens, model));
}

function readLexiconWith(prepared: PreparedText, model: SentimentModel, facts: readonly WordFacts[]): LexiconReading {
  const cues: SentimentCue[] = [];
  let total = 0;
  let positive = 0;
  let negative = 0;
  const negated = negationFlags(prepared.tokens, facts, model.parameters.negationScope);
  for (const term of collectTerms(prepared, model, negated, facts)) {
    const contribution = term.factor * term.valence + term.offset;
    total += contribution;
    if (contribution > 0) positive += contribution;
    else negative += contribution;
    cues.push({ text: term.text, weight: round(contribution) });
  }
  const exclamations = countExclamations(prepared.tokens);
  if (total !== 0 && exclamations > 0) {
    const emphasis = Math.sign(total) * exclamations * model.parameters.exclamation;
    total += emphasis;
    cues.push({ text: '!'.repeat(exclamations), weight: round(emphasis) });
  }
  return { total, positive, negative, exclamations, senticon: senticonSum(prepared.tokens, facts, negated, model.parameters.negation), cues };
}

function senticonSum(tokens: readonly Token[], facts: readonly WordFacts[], negated: Uint8Array, negation: number): number {
  let sum = 0;
  for (let index = 0; index < tokens.length; index++) {
    const valence = tokens[index]!.kind === 'word' ? facts[index]!.senticon : undefined;
    if (valence !== undefined) sum += negated[index] === 1 ? -negation * valence : valence;
  }
  return sum;
}

function countExclamations(tokens: readonly Token[]): number {
  let count = 0;
  for (const token of tokens) if (token.kind === 'exclamation') count += token.text.length;
  return Math.min(4, count);
}

/** The features the learned correction sees: lower-case tokens and adjacent pairs, each once. */
export function featureKeys(tokens: readonly Token[]): string[] {
  const words = tokens.filter((token) => token.kind !== 'break').map((token) => token.lower);
  const keys = new Set(words);
  for (let i = 0; i + 1 < words.length; i++) keys.add(`${words[i]} ${words[i + 1]}`);
  return [...keys];
}

/** The key a token's valence is stored under: its lower-case form, or the emoji without its variation selector. */
function keyOf(token: Token): string {
  return token.kind === 'emoji' ? token.text.replace(/\uFE0F$/, '') : token.lower;
}

/**
 * What a model knows of a token's lower-case form, looked up once per form
 * and kept (per model, bounded): one map lookup per token instead of one per
 * word list. The fields about words apply to word tokens only.
 */
interface WordFacts {
  /** Its valence read as a word that is not elongated (see {@link valenceOf}). */
  wordValence: number | undefined;
  senticon: number | undefined;
  /** Some phrase of the lexicon starts with it. */
  startsPhrase: boolean;
  /** A negator ("not", "never", any "…n't"). */
  negator: boolean;
  /** A contrast word ("but"). */
  contrast: boolean;
  /** Its id among the learned corrections' tokens, or -1. */
  learnedId: number;
}

const factsTables = new WeakMap<SentimentModel, Map<string, WordFacts>>();
/** Distinct token forms kept per model; the table starts over when full. */
const FACTS_CAPACITY = 100_000;

/** The facts of each token, in token order. */
function factsOf(tokens: readonly Token[], model: SentimentModel): WordFacts[] {
  let table = factsTables.get(model);
  if (table === undefined) factsTables.set(model, (table = new Map()));
  const facts: WordFacts[] = new Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const lower = tokens[i]!.lower;
    let known = table.get(lower);
    if (known === undefined) {
      if (table.size >= FACTS_CAPACITY) table.clear();
      table.set(lower, (known = readFacts(lower, model)));
    }
    facts[i] = known;
  }
  return facts;
}

function readFacts(lower: string, model: SentimentModel): WordFacts {
  return {
    wordValence: valenceOf({ text: lower, lower, kind: 'word', elongated: false }, lower, model),
    senticon: SENTICON.get(lower),
    startsPhrase: PHRASE_STARTS.has(lower),
    negator: NEGATORS.has(lower) || lower.endsWith("n't"),
    contrast: CONTRASTS.has(lower),
    learnedId: learnedTable(model).ids.idOf(lower),
  };
}

/** Per model, one table of every key's valence: the learned one, else the lexicon prior (words and phrases). */
const valenceTables = new WeakMap<SentimentModel, ReadonlyMap<string, number>>();

function valenceTable(model: SentimentModel): ReadonlyMap<string, number> {
  let table = valenceTables.get(model);
  if (table === undefined) {
    table = new Map([...VALENCE, ...PHRASES, ...model.valences]);
    valenceTables.set(model, table);
  }
  return table;
}

function valenceOf(token: Token, key: string, model: SentimentModel): number | undefined {
  const known = valenceTable(model).get(key);
  if (known !== undefined || token.kind !== 'word') return known;
  const word = token.lower;
  return (
    (word.endsWith("'s") ? VALENCE.get(word.slice(0, -2)) : undefined) ??
    (token.elongated ? VALENCE.get(word.replace(DOUBLED_ALL, '$1')) : undefined) ??
    inflectedValence(word)
  );
}

/**
 * The valence of a regular inflection of a lexicon word, for words the
 * lexicon lacks: plurals ("atrocities", "cruelties"), agent nouns ("wreckers"),
 * superlatives ("nicest"), adverbs ("happily") and -ness nouns ("sadness").
 */
function inflectedValence(word: string): number | undefined {
  return word.length < 5 || MODIFIERS.has(word) ? undefined : (inflectedValenceMemo(word) ?? undefined);
}

/** (null, not undefined, for "none": the memo keeps nulls.) */
const inflectedValenceMemo = memoise((word: string): number | null => {
  for (const stem of stemsOf(word)) {
    if (stem.length < 3) continue;
    // "bigger" → "bigg" → "big"
    const valence = VALENCE.get(stem) ?? (stem.at(-1) === stem.at(-2) ? VALENCE.get(stem.slice(0, -1)) : undefined);
    if (valence !== undefined) return valence;
  }
  return null;
}, 65_536);

function stemsOf(word: string): string[] {
  const stems: string[] = [];
  const cut = (suffix: number, add = ''): void => void stems.push(word.slice(0, -suffix) + add);
  if (word.endsWith('ies')) cut(3, 'y');
  else if (word.endsWith('es')) cut(2), cut(1);
  else if (word.endsWith('s') && !/(?:ss|us|is)$/.test(word)) cut(1);
  if (word.endsWith('ers') && word.length >= 8) cut(3), cut(2);
  if (word.endsWith('iest')) cut(4, 'y');
  else if (word.endsWith('est')) cut(3), cut(2);
  if (word.endsWith('ier')) cut(3, 'y');
  if (word.endsWith('ily')) cut(3, 'y');
  else if (word.endsWith('ly')) cut(2);
  if (word.endsWith('iness')) cut(5, 'y');
  else if (word.endsWith('ness')) cut(4);
  return stems;
}

/** "goood" was cut to "good" already; "baaad" (now "baad") needs one more cut to find "bad". */
const DOUBLED_ALL = /(\p{L})\1+/gu;

/** Boosters and dampeners up to two words before, the nearer one counting fully. */
function modifierBoost(tokens: readonly Token[], index: number): number {
  let boost = 0;
  for (let back = 1; back <= 2; back++) {
    const previous = tokens[index - back];
    if (previous === undefined || previous.kind !== 'word') break;
    const scale = BOOSTERS.get(previous.lower) ?? DAMPENERS.get(previous.lower);
    if (scale !== undefined) boost += scale * (back === 1 ? 1 : 0.95);
  }
  return boost;
}

/**
 * Per token, 1 where a negator stands within `scope` words before it in the
 * same clause (punctuation and `but` end a clause; emoticons and emoji do not
 * count as words). One pass: the words since the last negator are counted.
 */
function negationFlags(tokens: readonly Token[], facts: readonly WordFacts[], scope: number): Uint8Array {
  const negated = new Uint8Array(tokens.length);
  let sinceNegator = Infinity;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    if (sinceNegator < scope) negated[index] = 1;
    if (token.kind !== 'word') {
      if (token.kind === 'break' || token.kind === 'exclamation' || token.kind === 'question') sinceNegator = Infinity;
    } else if (facts[index]!.contrast) sinceNegator = Infinity;
    else if (facts[index]!.negator) sinceNegator = 0;
    else sinceNegator++;
  }
  return negated;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
