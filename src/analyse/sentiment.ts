import type { SentimentCue, SentimentLabel, SentimentScore } from '../model/index.js';
import { memoise } from './cache.js';
import { loadJson } from './json.js';
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
 * The fitted scorer: lexicon rules, then a ridge-regression correction over
 * word and word-pair features, both fitted on the VADER train rows by
 * `npm run train` (src/analyse/models/sentiment.json).
 */
export interface SentimentModel {
  parameters: SentimentParameters;
  /** Weight of the squashed lexicon score in the final sum. */
  ruleWeight: number;
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

interface StoredModel extends Omit<SentimentModel, 'weights'> {
  weights: Record<string, number>;
}

const afinnTable = loadJson('sentiment/languages/en/labels.json') as Record<string, number>;
const emojiTable = loadJson('sentiment/build/emoji.json') as Record<string, number>;
const extra = loadJson('./data/sentiment.json') as SentimentData;
const stored = loadJson('./models/sentiment.json') as StoredModel;

export const DEFAULT_SENTIMENT_MODEL: Readonly<SentimentModel> = Object.freeze({
  ...stored,
  parameters: Object.freeze({ ...stored.parameters }),
  weights: new Map(Object.entries(stored.weights)),
});

const VALENCE = buildValenceTable();
const PHRASES = new Map(Object.entries(extra.phrases));
const BOOSTERS = new Map(Object.entries(extra.boosters));
const DAMPENERS = new Map(Object.entries(extra.dampeners));
const NEGATORS = new Set(extra.negators);
const CONTRASTS = new Set(extra.contrasts);

/** AFINN-165 and its emoji, our additions on top, defence-news words made neutral. */
function buildValenceTable(): Map<string, number> {
  const table = new Map<string, number>(Object.entries(afinnTable));
  for (const [emoji, valence] of Object.entries(emojiTable)) table.set(emoji, valence);
  for (const [key, valence] of [...Object.entries(extra.emoticons), ...Object.entries(extra.words)]) table.set(key, valence);
  for (const word of extra.neutralInDefenceNews) table.delete(word);
  return table;
}

/** `like` is a verb of liking only after a subject ("I like", "they'd like"); else a preposition. */
const LIKING_SUBJECT = new Set(['i', 'we', 'you', 'they', 'he', 'she', 'who', "i'd", "we'd", "you'd", "they'd", 'really', 'would', 'do', 'did', 'also', 'still']);

/** Text prepared once for scoring: its tokens and whether it has any lower-case letter. */
export interface PreparedText {
  tokens: Token[];
  anyLowerCase: boolean;
}

/** Tokens of a text (memoised: the stance stage and the replies' parents ask again). */
export const prepareText: (text: string) => PreparedText = memoise((text) => {
  const normalised = normaliseText(text);
  return { tokens: tokenize(normalised), anyLowerCase: /\p{Ll}/u.test(normalised) };
});

const scoreWithDefaultModel = memoise((text) => computeSentiment(text, DEFAULT_SENTIMENT_MODEL));

/** Scores one text: lexicon rules, then the learned corrections. */
export function scoreSentiment(text: string, model: SentimentModel = DEFAULT_SENTIMENT_MODEL): SentimentScore {
  return model === DEFAULT_SENTIMENT_MODEL ? scoreWithDefaultModel(text) : computeSentiment(text, model);
}

function computeSentiment(text: string, model: SentimentModel): SentimentScore {
  const prepared = prepareText(text);
  const rules = lexiconScore(prepared, model.parameters);
  let raw = model.bias + model.ruleWeight * rules.score;
  const learned: SentimentCue[] = [];
  for (const feature of featureKeys(prepared.tokens)) {
    const weight = model.weights.get(feature);
    if (weight === undefined) continue;
    raw += weight;
    if (Math.abs(weight) >= 0.1) learned.push({ text: feature, weight: round(weight) });
  }
  const score = Math.max(-1, Math.min(1, raw / 4));
  return { score: round(score), label: labelOf(score, model.parameters.neutralBand), cues: [...rules.cues, ...learned] };
}

export function labelOf(score: number, neutralBand: number): SentimentLabel {
  return score > neutralBand ? 'positive' : score < -neutralBand ? 'negative' : 'neutral';
}

/**
 * The lexicon part alone, squashed into [-1, 1]. Word valences come from
 * AFINN-165 (and two-word phrases from our data); around them: negation within
 * the clause, boosters and dampeners, `but` weighing the clause after it more,
 * shouted words, and `!` emphasis.
 */
export function lexiconScore({ tokens, anyLowerCase }: PreparedText, parameters: SentimentParameters): { score: number; cues: SentimentCue[] } {
  const cues: SentimentCue[] = [];
  const contrastAt = tokens.findIndex((token) => token.kind === 'word' && CONTRASTS.has(token.lower));
  let total = 0;
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    const next = tokens[index + 1];
    const phrase = next === undefined ? undefined : PHRASES.get(`${token.lower} ${next.lower}`);
    let valence = phrase ?? valenceOf(token);
    if (valence === undefined || valence === 0) continue;
    if (phrase === undefined && token.lower === 'like' && !LIKING_SUBJECT.has(tokens[index - 1]?.lower ?? '')) continue;
    valence += Math.sign(valence) * modifierBoost(tokens, index);
    if (anyLowerCase && token.kind === 'word' && isShouted(token.text)) valence += Math.sign(valence) * parameters.shout;
    if (phrase === undefined && isNegated(tokens, index, parameters.negationScope)) valence *= -parameters.negation;
    if (contrastAt !== -1 && index < contrastAt) valence *= parameters.beforeContrast;
    if (contrastAt !== -1 && index > contrastAt) valence *= parameters.afterContrast;
    total += valence;
    cues.push({ text: phrase === undefined ? token.text : `${token.text} ${next!.text}`, weight: round(valence) });
    if (phrase !== undefined) index++;
  }
  const exclamations = Math.min(4, tokens.filter((token) => token.kind === 'exclamation').reduce((sum, token) => sum + token.text.length, 0));
  if (total !== 0 && exclamations > 0) {
    const emphasis = Math.sign(total) * exclamations * parameters.exclamation;
    total += emphasis;
    cues.push({ text: '!'.repeat(exclamations), weight: round(emphasis) });
  }
  return { score: total / Math.sqrt(total * total + parameters.alpha), cues };
}

/** The features the learned correction sees: lower-case tokens and adjacent pairs, each once. */
export function featureKeys(tokens: Token[]): string[] {
  const words = tokens.filter((token) => token.kind !== 'break').map((token) => token.lower);
  const keys = new Set(words);
  for (let i = 0; i + 1 < words.length; i++) keys.add(`${words[i]} ${words[i + 1]}`);
  return [...keys];
}

function valenceOf(token: Token): number | undefined {
  if (token.kind === 'emoji') return VALENCE.get(token.text.replace(/\uFE0F$/, ''));
  const word = token.lower;
  return (
    VALENCE.get(word) ??
    (word.endsWith("'s") ? VALENCE.get(word.slice(0, -2)) : undefined) ??
    (token.elongated ? VALENCE.get(word.replace(DOUBLED_ALL, '$1')) : undefined)
  );
}

/** "goood" was cut to "good" already; "baaad" (now "baad") needs one more cut to find "bad". */
const DOUBLED_ALL = /(\p{L})\1+/gu;

/** Boosters and dampeners up to two words before, the nearer one counting fully. */
function modifierBoost(tokens: Token[], index: number): number {
  let boost = 0;
  for (let back = 1; back <= 2; back++) {
    const previous = tokens[index - back];
    if (previous === undefined || previous.kind !== 'word') break;
    const scale = BOOSTERS.get(previous.lower) ?? DAMPENERS.get(previous.lower);
    if (scale !== undefined) boost += scale * (back === 1 ? 1 : 0.95);
  }
  return boost;
}

/** A negator within `scope` words before, in the same clause (punctuation and `but` end a clause). */
function isNegated(tokens: Token[], index: number, scope: number): boolean {
  let words = 0;
  for (let back = index - 1; back >= 0 && words < scope; back--) {
    const previous = tokens[back]!;
    if (previous.kind !== 'word') {
      if (previous.kind === 'break' || previous.kind === 'exclamation' || previous.kind === 'question') return false;
      continue;
    }
    if (CONTRASTS.has(previous.lower)) return false;
    if (NEGATORS.has(previous.lower) || previous.lower.endsWith("n't")) return true;
    words++;
  }
  return false;
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
