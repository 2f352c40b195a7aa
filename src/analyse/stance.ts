import type { Stance, StanceScore, StanceTarget } from '../model/index.js';
import { memoise } from './cache.js';
import { loadJson } from './json.js';
import { scoreSentiment } from './sentiment.js';
import { addressedName, normaliseText, tokenize, type Token } from './text.js';

export const STANCES: readonly Stance[] = ['agree', 'disagree', 'query', 'neutral'];

/**
 * A multinomial logistic regression over the features below, scoring
 * disagree, neutral and agree for a (parent, reply) pair; fitted on the
 * DEBAGREEMENT Reddit reply pairs by `npm run train` (which also stores the
 * settings it used, for `npm run eval`'s cross-validation). Questions and
 * sarcasm then turn its reading into the stance: see {@link finalStance}.
 */
export interface StanceModel {
  /** The classes the linear model scores, in the order of `bias` and of each weight row. */
  classes: readonly Stance[];
  bias: readonly number[];
  weights: ReadonlyMap<string, readonly number[]>;
  /** Weight of the rule layer's votes (data/stance.json `ruleVotes`) added to the class scores. */
  ruleWeight: number;
  /** The class scores are divided by it before the softmax, so that the confidence matches the accuracy on held-out folds. */
  temperature: number;
  /** Words, word pairs and character n-grams each weigh `lexicalScale / √(their count)`: long replies do not shout down short ones. */
  lexicalScale: number;
}

interface StanceData {
  agreeOpenings: string[];
  disagreeOpenings: string[];
  denialWords: string[];
  supportWords: string[];
  contradictionPhrases: string[];
  queryOpenings: string[];
  sarcasmMarkers: string[];
  rhetoricalQuestions: string[];
  agreePhrases: string[];
  continuationOpenings: string[];
  concessionPhrases: string[];
  contrastWords: string[];
  ruleVotes: Record<string, Partial<Record<Stance, number>> | string>;
}

const CUES = loadJson('./data/stance.json') as StanceData;
const stored = loadJson('./models/stance.json') as Omit<StanceModel, 'weights'> & { weights: Record<string, number[]> };

export const DEFAULT_STANCE_MODEL: Readonly<StanceModel> = Object.freeze({ ...stored, weights: new Map(Object.entries(stored.weights)) });

/**
 * A cue list made ready for matching: single words looked up among the
 * reply's words, phrases tried only where their first word occurs. The list's
 * order is its priority: the first entry found is the one reported.
 */
interface PhraseList {
  entries: readonly string[];
  single: ReadonlyArray<readonly [string, number]>;
  byFirst: ReadonlyMap<string, ReadonlyArray<{ rest: readonly string[]; index: number }>>;
}

function compilePhrases(entries: readonly string[]): PhraseList {
  const single: Array<readonly [string, number]> = [];
  const byFirst = new Map<string, Array<{ rest: string[]; index: number }>>();
  entries.forEach((entry, index) => {
    const [first, ...rest] = entry.split(' ');
    if (rest.length === 0) single.push([first!, index]);
    else byFirst.set(first!, [...(byFirst.get(first!) ?? []), { rest, index }]);
  });
  return { entries, single, byFirst };
}

/** The first entry of `list` (in list order) that occurs in the words, as a word or a run of words. */
function firstFound(list: PhraseList, words: readonly string[], present: ReadonlySet<string>): string | undefined {
  let best = Infinity;
  for (const [word, index] of list.single) if (index < best && present.has(word)) best = index;
  for (let i = 0; i < words.length; i++) {
    const candidates = list.byFirst.get(words[i]!);
    if (candidates === undefined) continue;
    for (const { rest, index } of candidates) if (index < best && rest.every((word, k) => words[i + 1 + k] === word)) best = index;
  }
  return best === Infinity ? undefined : list.entries[best];
}

const LISTS = {
  sarcasm: compilePhrases(CUES.sarcasmMarkers),
  agreePhrases: compilePhrases(CUES.agreePhrases),
  denial: compilePhrases(CUES.denialWords),
  /** "Don't get me wrong" denies nothing: then the other denial words are looked for. */
  denialButWrong: compilePhrases(CUES.denialWords.filter((word) => word !== 'wrong')),
  support: compilePhrases(CUES.supportWords),
  contradiction: compilePhrases(CUES.contradictionPhrases),
  concession: compilePhrases(CUES.concessionPhrases),
  rhetorical: compilePhrases(CUES.rhetoricalQuestions.map((phrase) => phrase.replace(/\?$/, ''))),
};
/** Laughter marks a joke, not necessarily a sarcastic one. */
const LAUGHTER = new Set(['lol', 'lmao', '😂']);
/** Sarcasm markers without letters (emoji) are looked for in the raw text. */
const SYMBOL_MARKERS = CUES.sarcasmMarkers.filter((marker) => !/\p{L}/u.test(marker));

/** Rule votes per cue feature (`cue:agree-opening` → { agree: 1 }). */
const RULE_VOTES = new Map(
  Object.entries(CUES.ruleVotes)
    .filter((entry): entry is [string, Partial<Record<Stance, number>>] => typeof entry[1] === 'object')
    .map(([cue, votes]) => [`cue:${cue}`, votes]),
);

const URL = /\bhttps?:\/\/\S+|\bwww\.\S+/gi;
const MENTION = /@\w+/g;
const NEGATION = /\b(?:not|no|never|nothing|nobody|none|cannot)\b|n't\b/;
const STOPWORDS = new Set(
  'the a an and or but of to in on at for with by from is are was were be been it its this that these those they them their there here we our you your he she his her i me my not no so as if then than just about what which who how why when xurl xmention'.split(' '),
);
/** Characters of a reply read for character n-grams: its opening carries the stance. */
const CHARACTER_WINDOW = 300;

/** A reply's features with their values, and the words that triggered each cue, for the reasons shown to people. */
export interface StanceFeatures {
  features: Map<string, number>;
  reasons: Map<string, string>;
  /**
   * The reply asks a real question (not a rhetorical one, no rebuttal cue):
   * `opens` when its first sentence is one — a `query` whatever the classifier
   * reads — `ends` when it ends with one, a `query` where the classifier reads neutral.
   */
  asks: 'opens' | 'ends' | null;
  /** A sarcasm marker other than laughter: what reads as agreement is the opposite. */
  sarcastic: boolean;
}

/**
 * The features of a reply and of what it answers: its words, word pairs and
 * character n-grams (scaled), its opening, the cue lists of data/stance.json,
 * questions, sentiment, and how it relates to the parent (shared words, a
 * restated phrase, a quote, negation on one side only, the two sentiments).
 */
export function stanceFeatures(reply: string, parent: string | null, target: StanceTarget, lexicalScale = DEFAULT_STANCE_MODEL.lexicalScale, withCharacterGrams = true): StanceFeatures {
  const features = new Map<string, number>();
  const reasons = new Map<string, string>();
  const flag = (name: string): void => void features.set(name, 1);
  const cue = (name: string, reason: string): void => {
    flag(`cue:${name}`);
    if (!reasons.has(`cue:${name}`)) reasons.set(`cue:${name}`, reason);
  };
  const tokens = stanceTokens(reply);
  const words = tokens.filter((token) => token.kind === 'word' || token.kind === 'emoticon' || token.kind === 'emoji').map((token) => token.lower);
  while (words[0] === 'xmention') words.shift();
  const joined = ` ${words.join(' ')} `;
  const present = new Set(words);

  const lexical = new Set<string>();
  for (const word of words) lexical.add(`w:${/^\d+$/.test(word) ? '#num' : word}`);
  for (let i = 0; i + 1 < words.length; i++) lexical.add(`b:${words[i]}_${words[i + 1]}`);
  const lexicalWeight = lexicalScale / Math.sqrt(Math.max(1, lexical.size));
  for (const feature of lexical) features.set(feature, lexicalWeight);
  if (withCharacterGrams) {
    const grams = characterGrams(reply);
    const gramWeight = lexicalScale / Math.sqrt(Math.max(1, grams.size));
    for (const gram of grams) features.set(gram, gramWeight);
  }
  if (words[0] !== undefined) flag(`o1:${words[0]}`);
  if (words[1] !== undefined) flag(`o2:${words[0]}_${words[1]}`);

  const opening = words.slice(0, 3).join(' ');
  const startsWith = (phrase: string): boolean => opening === phrase || opening.startsWith(`${phrase} `);
  const found = (list: PhraseList): string | undefined => firstFound(list, words, present);
  // Emoji markers are matched in the raw text; "/s" only as a word of its own, never inside "Putin/s".
  const sarcasm = found(LISTS.sarcasm) ?? SYMBOL_MARKERS.find((marker) => reply.includes(marker)) ?? (/(?:^|\s)\/s(?:\s|$)/.test(reply) ? '/s' : undefined);
  if (sarcasm) cue('sarcasm', `sarcasm marker: "${sarcasm}"`);
  // "Yeah right" is no agreement: a sarcastic reply opens in agreement only in form.
  const agreeOpening = sarcasm ? undefined : CUES.agreeOpenings.find(startsWith);
  if (agreeOpening) cue('agree-opening', `opens in agreement: "${agreeOpening}"`);
  const agreePhrase = found(LISTS.agreePhrases);
  if (agreePhrase) cue('agree-phrase', `agreement: "${agreePhrase}"`);
  const continuation = CUES.continuationOpenings.find(startsWith);
  if (continuation) cue('continues', `adds to the point: "${continuation} …"`);
  const disagreeOpening = CUES.disagreeOpenings.find(startsWith);
  if (disagreeOpening) cue('disagree-opening', `opens in denial: "${disagreeOpening}"`);
  const denial = joined.includes(' get me wrong ') ? found(LISTS.denialButWrong) : found(LISTS.denial);
  if (denial) cue('denial', `denial word: "${denial}"`);
  const support = found(LISTS.support);
  if (support) cue('support', `support word: "${support}"`);
  const contradiction = found(LISTS.contradiction);
  if (contradiction) cue('contradiction', `contradiction: "${contradiction}"`);
  const conceded = agreeOpening ?? found(LISTS.concession);
  const contrast = conceded === undefined ? undefined : CUES.contrastWords.find((word) => joined.indexOf(` ${word} `) > joined.indexOf(` ${conceded} `));
  if (conceded !== undefined && contrast !== undefined) cue('concession', `concedes, then objects: "${conceded} … ${contrast}"`);

  let asks: StanceFeatures['asks'] = null;
  if (tokens.some((token) => token.kind === 'question')) {
    const rhetorical = found(LISTS.rhetorical);
    if (rhetorical) cue('rhetorical', `rhetorical question: "${rhetorical}"`);
    else if (words[0] !== undefined && CUES.queryOpenings.includes(words[0])) {
      cue('question-start', `asks: "${words.slice(0, 3).join(' ')} …?"`);
      // The first sentence is the question: "Do you think …? I'd guess …".
      const end = tokens.find((token) => token.kind === 'question' || token.kind === 'exclamation' || (token.kind === 'break' && token.text.startsWith('.')));
      if (end?.kind === 'question') asks = 'opens';
    } else cue('question', 'asks a question');
    if (tokens.at(-1)?.kind === 'question') {
      cue('ends-question', 'ends with a question mark');
      if (rhetorical === undefined) asks ??= 'ends';
    }
  }
  if (asks !== null && (features.has('cue:contradiction') || features.has('cue:sarcasm') || features.has('cue:disagree-opening'))) asks = null;
  const addressed = addressedName(reply);
  if (addressed !== null) cue('addressed', `addresses the parent's author: "${addressed}"`);
  const negated = words.some((word) => word === 'not' || word === 'no' || word === 'never' || word.endsWith("n't"));
  if (negated) flag('cue:negation');
  if (present.has('you') || present.has('your')) flag('you');

  const sentiment = sentimentLabel(reply);
  flag(`sent:${sentiment}`);
  flag(`len:${words.length <= 5 ? 'short' : words.length <= 20 ? 'mid' : 'long'}`);
  flag(`target:${target}`);
  if (parent !== null) pairFeatures(reply, words, parent, negated, sentiment, flag);
  const sarcastic = sarcasm !== undefined && !LAUGHTER.has(sarcasm);
  return { features, reasons, asks, sarcastic };
}

/** What relates a reply to its parent. */
function pairFeatures(reply: string, words: string[], parentText: string, negated: boolean, sentiment: string, flag: (name: string) => void): void {
  const parent = parentProfile(parentText);
  if (parent.question) flag('parent:question');
  const own = contentWords(reply);
  const shared = own.filter((word) => parent.contentWords.has(word)).length;
  flag(`overlap:${own.length === 0 || shared === 0 ? 'none' : shared / own.length >= 0.3 ? 'high' : 'some'}`);
  if (/^[ \t]*>/m.test(reply)) flag('pair:quotes');
  if (restates(words, parent)) flag('pair:restates');
  if (parent.negated !== negated) flag(`pair:negation-${negated ? 'reply' : 'parent'}`);
  flag(`pair:sentiment-${parent.sentiment}-${sentiment}`);
  const ratio = words.length / Math.max(1, parent.wordCount);
  flag(`pair:length-${ratio < 0.3 ? 'short' : ratio < 1 ? 'similar' : 'long'}`);
}

/**
 * The memos below are read only here, and nothing here changes their values:
 * no need to freeze them. A text is needed again only while its thread is
 * scored (as the parent of its replies), so a few thousand entries suffice.
 */
const PRIVATE = { freeze: false };
const MEMO_CAPACITY = 2048;

/** Tokens of a text with links as `xurl` and @mentions as `xmention` (memoised: a comment is read as a reply and as a parent). */
const stanceTokens = memoise((text: string): readonly Token[] => tokenize(normaliseText(text).replace(URL, ' xurl ').replace(MENTION, ' xmention ')), MEMO_CAPACITY, PRIVATE);

/** Content words of a text: four letters or more, no stop words, no links or mentions. */
const contentWords = memoise((text: string): string[] =>
  stanceTokens(text)
    .filter((token) => token.kind === 'word' && token.lower.length >= 4 && !STOPWORDS.has(token.lower))
    .map((token) => token.lower),
  MEMO_CAPACITY,
  PRIVATE,
);

/** scoreSentiment keeps its own memo: the sentiment stage has usually read this text already. */
const sentimentLabel = (text: string): string => scoreSentiment(text).label;

/** What the pair features need of a parent, read once however many replies it has. */
const parentProfile = memoise((text: string) => {
  const words = stanceTokens(text)
    .filter((token) => token.kind === 'word')
    .map((token) => token.lower);
  // Where each word starts a run of four (quoted lines included), to spot a reply restating one.
  const starts = new Map<string, number[]>();
  for (let i = 0; i + 4 <= words.length; i++) {
    const at = starts.get(words[i]!);
    if (at) at.push(i);
    else starts.set(words[i]!, [i]);
  }
  return {
    question: /\?\s*$/.test(text),
    contentWords: new Set(contentWords(text)),
    wordList: words,
    starts,
    negated: NEGATION.test(words.join(' ')),
    sentiment: sentimentLabel(text),
    wordCount: words.length,
  };
}, MEMO_CAPACITY, PRIVATE);

/** Whether the reply repeats a run of four of the parent's words. */
function restates(words: readonly string[], parent: { wordList: readonly string[]; starts: ReadonlyMap<string, number[]> }): boolean {
  for (let i = 0; i + 4 <= words.length; i++) {
    for (const j of parent.starts.get(words[i]!) ?? []) {
      if (parent.wordList[j + 1] === words[i + 1] && parent.wordList[j + 2] === words[i + 2] && parent.wordList[j + 3] === words[i + 3]) return true;
    }
  }
  return false;
}

/** The reply's opening as character n-grams read it: lower case, spaces folded, a space at each end. */
function gramText(reply: string): string {
  return ` ${normaliseText(reply.slice(0, CHARACTER_WINDOW)).toLowerCase().replace(/\s+/g, ' ')} `;
}

/** Character 3- and 4-grams of the reply's opening: they catch spellings and inflections words miss. */
function characterGrams(reply: string): Set<string> {
  const text = gramText(reply);
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= text.length; i++) {
    grams.add(`c:${text.slice(i, i + 3)}`);
    if (i + 4 <= text.length) grams.add(`c:${text.slice(i, i + 4)}`);
  }
  return grams;
}

/**
 * The model's character n-gram weights keyed by a 32-bit hash of the n-gram,
 * so that scoring reads them straight from the text without making a string
 * per n-gram (open addressing; n-grams whose hashes collide share the sum of
 * their weights).
 */
interface GramTable {
  mask: number;
  keys: Uint32Array;
  rows: Int32Array;
  weights: Float64Array;
}

const gramTables = new WeakMap<StanceModel, GramTable>();

function hashRange(text: string, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

function gramTable(model: StanceModel): GramTable {
  let table = gramTables.get(model);
  if (table) return table;
  const grams = [...model.weights].filter(([feature]) => feature.startsWith('c:'));
  let size = 1024;
  while (size < grams.length * 2) size *= 2;
  const classes = model.classes.length;
  table = { mask: size - 1, keys: new Uint32Array(size), rows: new Int32Array(size).fill(-1), weights: new Float64Array(grams.length * classes) };
  let rowCount = 0;
  for (const [feature, weights] of grams) {
    const key = hashRange(feature, 2, feature.length);
    let slot = key & table.mask;
    while (table.rows[slot] !== -1 && table.keys[slot] !== key) slot = (slot + 1) & table.mask;
    if (table.rows[slot] === -1) {
      table.keys[slot] = key;
      table.rows[slot] = rowCount++;
    }
    for (let c = 0; c < classes; c++) table.weights[table.rows[slot]! * classes + c]! += weights[c]!;
  }
  gramTables.set(model, table);
  return table;
}

/** Distinct n-gram hashes of one reply (a reply's opening has at most 2 × CHARACTER_WINDOW + 4 n-grams). */
const SEEN_SIZE = 2048;
const seenKeys = new Uint32Array(SEEN_SIZE);
const seenStamp = new Uint32Array(SEEN_SIZE);
let stamp = 0;

/** Adds the reply's character n-grams' share to `logits`, as the features of {@link characterGrams} would at `lexicalScale / √n`. */
function addCharacterGramLogits(reply: string, model: StanceModel, logits: number[]): void {
  const table = gramTable(model);
  const text = gramText(reply);
  const classes = model.classes.length;
  const sums = new Float64Array(classes);
  if (++stamp === 0xffffffff) {
    seenStamp.fill(0);
    stamp = 1;
  }
  let distinct = 0;
  for (let i = 0; i + 3 <= text.length; i++) {
    for (let n = 3; n <= 4 && i + n <= text.length; n++) {
      const key = hashRange(text, i, i + n);
      let slot = key & (SEEN_SIZE - 1);
      while (seenStamp[slot] === stamp && seenKeys[slot] !== key) slot = (slot + 1) & (SEEN_SIZE - 1);
      if (seenStamp[slot] === stamp) continue;
      seenStamp[slot] = stamp;
      seenKeys[slot] = key;
      distinct++;
      let probe = key & table.mask;
      while (table.rows[probe] !== -1 && table.keys[probe] !== key) probe = (probe + 1) & table.mask;
      const row = table.rows[probe]!;
      if (row !== -1) for (let c = 0; c < classes; c++) sums[c]! += table.weights[row * classes + c]!;
    }
  }
  const value = model.lexicalScale / Math.sqrt(Math.max(1, distinct));
  for (let c = 0; c < classes; c++) logits[c]! += sums[c]! * value;
}

/** Class scores of the linear model alone (bias included). */
export function linearLogits(features: ReadonlyMap<string, number>, model: StanceModel): number[] {
  const logits = [...model.bias];
  for (const [feature, value] of features) {
    const weights = model.weights.get(feature);
    if (weights) for (let c = 0; c < logits.length; c++) logits[c]! += weights[c]! * value;
  }
  return logits;
}

/** The rule layer's votes per class for a set of features. */
export function ruleVotes(features: ReadonlyMap<string, number>, classes: readonly Stance[]): number[] {
  const votes = classes.map(() => 0);
  for (const feature of features.keys()) {
    const vote = RULE_VOTES.get(feature);
    if (vote) classes.forEach((stance, c) => (votes[c]! += vote[stance] ?? 0));
  }
  return votes;
}

/** Class scores: the linear model's plus the rule layer's votes times `ruleWeight`. */
export function stanceLogits(features: ReadonlyMap<string, number>, model: StanceModel): number[] {
  const votes = ruleVotes(features, model.classes);
  return linearLogits(features, model).map((logit, c) => logit + model.ruleWeight * votes[c]!);
}

export function softmax(logits: number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((logit) => Math.exp(logit - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((value) => value / sum);
}

/**
 * The stance from the classifier's reading: a real question is a query; a
 * sarcastic reply that reads as agreement disagrees.
 */
export function finalStance(read: Stance, asks: StanceFeatures['asks'], sarcastic: boolean): Stance {
  if (asks === 'opens' || (asks === 'ends' && read === 'neutral')) return 'query';
  return sarcastic && read === 'agree' ? 'disagree' : read;
}

/** The stance of `reply` towards `parent` (the parent comment's text, or the article's title and lead). */
export function scoreStance(reply: string, parent: string | null, target: StanceTarget, model: StanceModel = DEFAULT_STANCE_MODEL): StanceScore {
  const { features, reasons, asks, sarcastic } = stanceFeatures(reply, parent, target, model.lexicalScale, false);
  const logits = stanceLogits(features, model);
  addCharacterGramLogits(reply, model, logits);
  const probabilities = softmax(logits.map((logit) => logit / model.temperature));
  let best = 0;
  for (let c = 1; c < probabilities.length; c++) if (probabilities[c]! > probabilities[best]!) best = c;
  const stance = finalStance(model.classes[best]!, asks, sarcastic);
  const cues = [...reasons]
    .map(([feature, reason]) => ({
      reason,
      weight: stance === 'query' ? (feature === 'cue:question-start' || feature === 'cue:ends-question' ? 1 : 0) : (model.weights.get(feature)?.[best] ?? 0) + model.ruleWeight * (RULE_VOTES.get(feature)?.[stance] ?? 0),
    }))
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, 3)
    .map((entry) => entry.reason);
  return { stance, confidence: Math.round(probabilities[best]! * 1000) / 1000, target, cues };
}
