import type { Stance, StanceScore, StanceTarget } from '../model/index.js';
import { memoise, TEXT_MEMO_CAPACITY } from './cache.js';
import { loadJson } from './json.js';
import { IdMarks, IdPairSet, IdPairTable, WordIds } from './word-ids.js';
import { prepareText, sentimentLabel } from './sentiment.js';
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
 * The cue lists looked for anywhere in a reply. Each list's order is its
 * priority: the first entry found is the one reported.
 */
const ANYWHERE_LISTS = {
  sarcasm: CUES.sarcasmMarkers,
  agreePhrases: CUES.agreePhrases,
  denial: CUES.denialWords,
  /** "Don't get me wrong" denies nothing: then the other denial words are looked for. */
  denialButWrong: CUES.denialWords.filter((word) => word !== 'wrong'),
  support: CUES.supportWords,
  contradiction: CUES.contradictionPhrases,
  concession: CUES.concessionPhrases,
  rhetorical: CUES.rhetoricalQuestions.map((phrase) => phrase.replace(/\?$/, '')),
};
type AnywhereList = keyof typeof ANYWHERE_LISTS;
const LIST_NAMES = Object.keys(ANYWHERE_LISTS) as AnywhereList[];

/** One entry of one list, filed under its first word: the words that must follow, and its priority. */
interface ListEntry {
  list: number;
  index: number;
  rest: readonly string[];
}

/** Every entry of every list by its first word, so that a reply's words are read once for all the lists. */
const ENTRIES_BY_FIRST_WORD = new Map<string, ListEntry[]>();
LIST_NAMES.forEach((name, list) =>
  ANYWHERE_LISTS[name].forEach((entry, index) => {
    const [first, ...rest] = entry.split(' ');
    const entries = ENTRIES_BY_FIRST_WORD.get(first!) ?? [];
    entries.push({ list, index, rest });
    ENTRIES_BY_FIRST_WORD.set(first!, entries);
  }),
);

/** Per list, its first entry (in list order) that occurs in the words, as a word or a run of words. */
function findAnywhere(words: readonly string[]): Record<AnywhereList, string | undefined> {
  const best = LIST_NAMES.map(() => Infinity);
  for (let i = 0; i < words.length; i++) {
    const entries = ENTRIES_BY_FIRST_WORD.get(words[i]!);
    if (entries === undefined) continue;
    for (const { list, index, rest } of entries) if (index < best[list]! && followsAt(words, i + 1, rest)) best[list] = index;
  }
  const found = {} as Record<AnywhereList, string | undefined>;
  LIST_NAMES.forEach((name, list) => (found[name] = best[list] === Infinity ? undefined : ANYWHERE_LISTS[name][best[list]!]));
  return found;
}

/** Whether `run` occurs in the words from position `at`. */
function followsAt(words: readonly string[], at: number, run: readonly string[]): boolean {
  for (let k = 0; k < run.length; k++) if (words[at + k] !== run[k]) return false;
  return true;
}

/**
 * A list of openings ("yes", "spot on"), matched against the reply's first
 * one, two and three words: the first entry (in list order) the reply opens with.
 */
class OpeningList {
  private readonly firstIndex = new Map<string, number>();
  constructor(private readonly entries: readonly string[]) {
    entries.forEach((entry, index) => {
      if (!this.firstIndex.has(entry)) this.firstIndex.set(entry, index);
    });
  }

  find(openings: readonly string[]): string | undefined {
    let best = Infinity;
    for (const opening of openings) best = Math.min(best, this.firstIndex.get(opening) ?? Infinity);
    return best === Infinity ? undefined : this.entries[best];
  }
}

const OPENINGS = {
  agree: new OpeningList(CUES.agreeOpenings),
  continuation: new OpeningList(CUES.continuationOpenings),
  disagree: new OpeningList(CUES.disagreeOpenings),
};
const QUERY_OPENINGS = new Set(CUES.queryOpenings);

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
const HAS_LINK_OR_MENTION = new RegExp(`${URL.source}|${MENTION.source}`, 'i');
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
  const { tokens, words } = readReply(reply);
  const features = new Map<string, number>();
  const lexical = new Set<string>();
  for (const word of words) lexical.add(`w:${isNumber(word) ? '#num' : word}`);
  for (let i = 0; i + 1 < words.length; i++) lexical.add(`b:${words[i]}_${words[i + 1]}`);
  const lexicalWeight = lexicalScale / Math.sqrt(Math.max(1, lexical.size));
  for (const feature of lexical) features.set(feature, lexicalWeight);
  if (withCharacterGrams) {
    const grams = characterGrams(reply);
    const gramWeight = lexicalScale / Math.sqrt(Math.max(1, grams.size));
    for (const gram of grams) features.set(gram, gramWeight);
  }
  const { flags, reasons, asks, sarcastic } = cueFeatures(reply, tokens, words, parent, target);
  for (const name of flags) features.set(name, 1);
  return { features, reasons, asks, sarcastic };
}

/** A reply's tokens, and its words (emoticons and emoji included) without the @mentions it opens with. */
function readReply(reply: string): { tokens: readonly Token[]; words: string[] } {
  const tokens = stanceTokens(reply);
  const words: string[] = [];
  for (const token of tokens) if (token.kind === 'word' || token.kind === 'emoticon' || token.kind === 'emoji') words.push(token.lower);
  let mentions = 0;
  while (words[mentions] === 'xmention') mentions++;
  return { tokens, words: mentions === 0 ? words : words.slice(mentions) };
}

/** Digits only (ASCII, as `\d`): every number is one word feature, `#num`. */
function isNumber(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  return word.length > 0;
}

/**
 * The features that are flags (value 1), in the order the model was fitted
 * with: the opening words, the cues (with the words that triggered each, for
 * the reasons shown to people), questions, sentiment, length, target, and
 * what relates the reply to its parent.
 */
function cueFeatures(reply: string, tokens: readonly Token[], words: readonly string[], parent: string | null, target: StanceTarget): Omit<StanceFeatures, 'features'> & { flags: Set<string> } {
  const out = new Flags();
  if (words[0] !== undefined) out.flag(`o1:${words[0]}`);
  if (words[1] !== undefined) out.flag(`o2:${words[0]}_${words[1]}`);

  const openings = words.slice(0, 3).map((_, k) => words.slice(0, k + 1).join(' '));
  const found = findAnywhere(words);
  // Emoji markers are matched in the raw text; "/s" only as a word of its own, never inside "Putin/s".
  const sarcasm = found.sarcasm ?? SYMBOL_MARKERS.find((marker) => reply.includes(marker)) ?? (reply.includes('/s') && /(?:^|\s)\/s(?:\s|$)/.test(reply) ? '/s' : undefined);
  if (sarcasm) out.cue('sarcasm', `sarcasm marker: "${sarcasm}"`);
  // "Yeah right" is no agreement: a sarcastic reply opens in agreement only in form.
  const agreeOpening = sarcasm ? undefined : OPENINGS.agree.find(openings);
  if (agreeOpening) out.cue('agree-opening', `opens in agreement: "${agreeOpening}"`);
  if (found.agreePhrases) out.cue('agree-phrase', `agreement: "${found.agreePhrases}"`);
  const continuation = OPENINGS.continuation.find(openings);
  if (continuation) out.cue('continues', `adds to the point: "${continuation} …"`);
  const disagreeOpening = OPENINGS.disagree.find(openings);
  if (disagreeOpening) out.cue('disagree-opening', `opens in denial: "${disagreeOpening}"`);
  const denial = containsRun(words, GET_ME_WRONG) ? found.denialButWrong : found.denial;
  if (denial) out.cue('denial', `denial word: "${denial}"`);
  if (found.support) out.cue('support', `support word: "${found.support}"`);
  if (found.contradiction) out.cue('contradiction', `contradiction: "${found.contradiction}"`);
  const conceded = agreeOpening ?? found.concession;
  if (conceded !== undefined) {
    const joined = ` ${words.join(' ')} `;
    const contrast = CUES.contrastWords.find((word) => joined.indexOf(` ${word} `) > joined.indexOf(` ${conceded} `));
    if (contrast !== undefined) out.cue('concession', `concedes, then objects: "${conceded} … ${contrast}"`);
  }

  let asks: StanceFeatures['asks'] = null;
  if (tokens.some((token) => token.kind === 'question')) {
    const rhetorical = found.rhetorical;
    if (rhetorical) out.cue('rhetorical', `rhetorical question: "${rhetorical}"`);
    else if (words[0] !== undefined && QUERY_OPENINGS.has(words[0])) {
      out.cue('question-start', `asks: "${words.slice(0, 3).join(' ')} …?"`);
      // The first sentence is the question: "Do you think …? I'd guess …".
      const end = tokens.find((token) => token.kind === 'question' || token.kind === 'exclamation' || (token.kind === 'break' && token.text.startsWith('.')));
      if (end?.kind === 'question') asks = 'opens';
    } else out.cue('question', 'asks a question');
    if (tokens.at(-1)?.kind === 'question') {
      out.cue('ends-question', 'ends with a question mark');
      if (rhetorical === undefined) asks ??= 'ends';
    }
  }
  if (asks !== null && (out.flags.has('cue:contradiction') || out.flags.has('cue:sarcasm') || out.flags.has('cue:disagree-opening'))) asks = null;
  const addressed = addressedName(reply);
  if (addressed !== null) out.cue('addressed', `addresses the parent's author: "${addressed}"`);
  const negated = words.some((word) => word === 'not' || word === 'no' || word === 'never' || word.endsWith("n't"));
  if (negated) out.flag('cue:negation');
  if (words.includes('you') || words.includes('your')) out.flag('you');

  const sentiment = sentimentLabel(reply);
  out.flag(`sent:${sentiment}`);
  out.flag(`len:${words.length <= 5 ? 'short' : words.length <= 20 ? 'mid' : 'long'}`);
  out.flag(`target:${target}`);
  if (parent !== null) pairFeatures(reply, words, parent, negated, sentiment, out);
  const sarcastic = sarcasm !== undefined && !LAUGHTER.has(sarcasm);
  return { flags: out.flags, reasons: out.reasons, asks, sarcastic };
}

/** The flag features of a reply in the order they were found, and the words behind each cue. */
class Flags {
  readonly flags = new Set<string>();
  readonly reasons = new Map<string, string>();

  flag(name: string): void {
    this.flags.add(name);
  }

  /** A cue feature (`cue:<name>`) with what triggered it, the first reason kept. */
  cue(name: string, reason: string): void {
    const feature = `cue:${name}`;
    this.flags.add(feature);
    if (!this.reasons.has(feature)) this.reasons.set(feature, reason);
  }
}

const GET_ME_WRONG = ['get', 'me', 'wrong'];

/** Whether the words hold `run` somewhere, word for word. */
function containsRun(words: readonly string[], run: readonly string[]): boolean {
  for (let i = 0; i + run.length <= words.length; i++) if (followsAt(words, i, run)) return true;
  return false;
}

/** What relates a reply to its parent. */
function pairFeatures(reply: string, words: readonly string[], parentText: string, negated: boolean, sentiment: string, out: Flags): void {
  const parent = parentProfile(parentText);
  if (parent.question) out.flag('parent:question');
  const own = contentWords(reply);
  const shared = own.filter((word) => parent.contentWords.has(word)).length;
  out.flag(`overlap:${own.length === 0 || shared === 0 ? 'none' : shared / own.length >= 0.3 ? 'high' : 'some'}`);
  // (Most replies hold no ">" at all: a search says so faster than the line-by-line regex.)
  if (reply.includes('>') && /^[ \t]*>/m.test(reply)) out.flag('pair:quotes');
  if (restates(words, parent)) out.flag('pair:restates');
  if (parent.negated !== negated) out.flag(`pair:negation-${negated ? 'reply' : 'parent'}`);
  out.flag(`pair:sentiment-${parent.sentiment}-${sentiment}`);
  const ratio = words.length / Math.max(1, parent.wordCount);
  out.flag(`pair:length-${ratio < 0.3 ? 'short' : ratio < 1 ? 'similar' : 'long'}`);
}

/**
 * The memos below are read only here, and nothing here changes their values:
 * no need to freeze them. A text is needed again only while its thread is
 * scored (as the parent of its replies).
 */
const PRIVATE = { freeze: false };
const MEMO_CAPACITY = TEXT_MEMO_CAPACITY;

/**
 * Tokens of a text with links as `xurl` and @mentions as `xmention`
 * (memoised: a comment is read as a reply and as a parent). A text with
 * neither has the tokens sentiment read already.
 */
const stanceTokens = memoise(
  (text: string): readonly Token[] => {
    const { normalised, tokens } = prepareText(text);
    if (!HAS_LINK_OR_MENTION.test(normalised)) return tokens;
    return tokenize(normalised.replace(URL, ' xurl ').replace(MENTION, ' xmention '));
  },
  MEMO_CAPACITY,
  PRIVATE,
);

/** Content words of a text: four letters or more, no stop words, no links or mentions. */
const contentWords = memoise((text: string): string[] =>
  stanceTokens(text)
    .filter((token) => token.kind === 'word' && token.lower.length >= 4 && !STOPWORDS.has(token.lower))
    .map((token) => token.lower),
  MEMO_CAPACITY,
  PRIVATE,
);

/** What the pair features need of a parent, read once however many replies it has. */
const parentProfile = memoise((text: string) => {
  const words = stanceTokens(text)
    .filter((token) => token.kind === 'word')
    .map((token) => token.lower);
  // Where each word starts a run of four (quoted lines included), to spot a reply restating one:
  // its first such place, and from each place the next one with the same word.
  const firstStart = new Map<string, number>();
  const nextStart = new Int32Array(Math.max(0, words.length - 3)).fill(-1);
  for (let i = words.length - 4; i >= 0; i--) {
    const later = firstStart.get(words[i]!);
    if (later !== undefined) nextStart[i] = later;
    firstStart.set(words[i]!, i);
  }
  return {
    question: /\?\s*$/.test(text),
    contentWords: new Set(contentWords(text)),
    wordList: words,
    firstStart,
    nextStart,
    negated: NEGATION.test(words.join(' ')),
    sentiment: sentimentLabel(text),
    wordCount: words.length,
  };
}, MEMO_CAPACITY, PRIVATE);

/** Whether the reply repeats a run of four of the parent's words. */
function restates(words: readonly string[], parent: { wordList: readonly string[]; firstStart: ReadonlyMap<string, number>; nextStart: Int32Array }): boolean {
  for (let i = 0; i + 4 <= words.length; i++) {
    for (let j = parent.firstStart.get(words[i]!) ?? -1; j !== -1; j = parent.nextStart[j]!) {
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
  /** Per slot, the n-gram's hash and its row (-1: empty), side by side: one memory read per probe. */
  slots: Int32Array;
  /**
   * One bit per slot, set where the slot is taken: small enough to stay in
   * the processor's cache, it turns away most n-grams the model lacks (their
   * first slot is empty) without reading `slots`.
   */
  taken: Uint32Array;
  weights: Float64Array;
}

const gramTables = new WeakMap<StanceModel, GramTable>();

const FNV_PRIME = 0x01000193;
const FNV_OFFSET = 0x811c9dc5;

/** One step of FNV-1a: the hash so far with one more character code. */
const fnvStep = (hash: number, code: number): number => Math.imul(hash ^ code, FNV_PRIME);

/** FNV-1a of `text[start, end)`. */
function hashRange(text: string, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) hash = fnvStep(hash, text.charCodeAt(i));
  return hash >>> 0;
}

function gramTable(model: StanceModel): GramTable {
  let table = gramTables.get(model);
  if (table) return table;
  const grams = [...model.weights].filter(([feature]) => feature.startsWith('c:'));
  let size = 1024;
  while (size < grams.length * 2) size *= 2;
  const classes = model.classes.length;
  table = { mask: size - 1, slots: new Int32Array(size * 2).fill(-1), taken: new Uint32Array(size / 32), weights: new Float64Array(grams.length * classes) };
  let rowCount = 0;
  for (const [feature, weights] of grams) {
    const key = hashRange(feature, 2, feature.length);
    const slot = probeGram(table, key);
    if (table.slots[slot + 1] === -1) {
      table.slots[slot] = key;
      table.slots[slot + 1] = rowCount++;
      table.taken[slot >>> 6]! |= 1 << ((slot >>> 1) & 31);
    }
    for (let c = 0; c < classes; c++) table.weights[table.slots[slot + 1]! * classes + c]! += weights[c]!;
  }
  gramTables.set(model, table);
  return table;
}

/** Distinct n-gram hashes of one reply (a reply's opening has at most 2 × CHARACTER_WINDOW + 4 n-grams). */
const SEEN_SIZE = 2048;
const seenKeys = new Uint32Array(SEEN_SIZE);
const seenStamp = new Uint32Array(SEEN_SIZE);
let stamp = 0;

/**
 * The reply's opening as {@link gramText} reads it, as character codes in
 * `GRAM_CODES`; how many. Most openings are plain ASCII, where lower-casing
 * and folding spaces need no strings; others go through gramText.
 */
function readGramCodes(reply: string): number {
  const end = Math.min(reply.length, CHARACTER_WINDOW);
  let length = 0;
  GRAM_CODES[length++] = 32;
  let space = false;
  for (let i = 0; i < end; i++) {
    let code = reply.charCodeAt(i);
    if (code >= 128) return readGramCodesOf(gramText(reply));
    // What `\s` matches in ASCII: tab, line feed, vertical tab, form feed, carriage return, space.
    if (code === 32 || (code >= 9 && code <= 13)) {
      space = true;
      continue;
    }
    if (space) {
      GRAM_CODES[length++] = 32;
      space = false;
    }
    if (code >= 65 && code <= 90) code += 32;
    GRAM_CODES[length++] = code;
  }
  if (space) GRAM_CODES[length++] = 32;
  GRAM_CODES[length++] = 32;
  return length;
}

function readGramCodesOf(text: string): number {
  // Lower-casing may lengthen a character ("İ" becomes two): room for it.
  if (text.length > GRAM_CODES.length) GRAM_CODES = new Uint16Array(text.length * 2);
  for (let i = 0; i < text.length; i++) GRAM_CODES[i] = text.charCodeAt(i);
  return text.length;
}

let GRAM_CODES = new Uint16Array(2 * CHARACTER_WINDOW + 4);

/** Adds the reply's character n-grams' share to `logits`, as the features of {@link characterGrams} would at `lexicalScale / √n`. */
function addCharacterGramLogits(reply: string, model: StanceModel, logits: number[]): void {
  const table = gramTable(model);
  const length = readGramCodes(reply);
  const codes = GRAM_CODES;
  const classes = model.classes.length;
  const sums = GRAM_SUMS;
  sums.fill(0, 0, classes);
  if (++stamp === 0xffffffff) {
    seenStamp.fill(0);
    stamp = 1;
  }
  let distinct = 0;
  // Each 3-gram's hash, taken one character further, is the hash of the 4-gram starting there.
  for (let i = 0; i + 3 <= length; i++) {
    const three = fnvStep(fnvStep(fnvStep(FNV_OFFSET, codes[i]!), codes[i + 1]!), codes[i + 2]!);
    if (addGram(three >>> 0, table, classes, sums)) distinct++;
    if (i + 4 <= length && addGram(fnvStep(three, codes[i + 3]!) >>> 0, table, classes, sums)) distinct++;
  }
  const value = model.lexicalScale / Math.sqrt(Math.max(1, distinct));
  for (let c = 0; c < classes; c++) logits[c]! += sums[c]! * value;
}

const GRAM_SUMS = new Float64Array(16);

/** The index in `slots` of the n-gram's slot, or of the empty one where it would go. */
function probeGram(table: GramTable, key: number): number {
  const slots = table.slots;
  let slot = key & table.mask;
  while (slots[slot * 2 + 1] !== -1 && slots[slot * 2] !== (key | 0)) slot = (slot + 1) & table.mask;
  return slot * 2;
}

/** Adds an n-gram's weights to `sums` unless the reply had it already; whether it was new. */
function addGram(key: number, table: GramTable, classes: number, sums: Float64Array): boolean {
  let slot = key & (SEEN_SIZE - 1);
  while (seenStamp[slot] === stamp && seenKeys[slot] !== key) slot = (slot + 1) & (SEEN_SIZE - 1);
  if (seenStamp[slot] === stamp) return false;
  seenStamp[slot] = stamp;
  seenKeys[slot] = key;
  const home = key & table.mask;
  if ((table.taken[home >>> 5]! & (1 << (home & 31))) === 0) return true;
  const row = table.slots[probeGram(table, key) + 1]!;
  if (row !== -1) for (let c = 0; c < classes; c++) sums[c]! += table.weights[row * classes + c]!;
  return true;
}

/**
 * The model's word and word-pair weights by word id (`w:spot` under the id
 * of "spot", `b:spot_on` under the ids of "spot" and "on"), so that scoring
 * looks each of a reply's words up once instead of making a feature name for
 * each word and pair.
 */
interface LexicalTable {
  /** Every word of a `w:` or `b:` feature. */
  ids: WordIds;
  /** Per word id, its `w:` row, or -1. */
  wordRows: Int32Array;
  /** The row of `w:#num`, or -1. */
  numberRow: number;
  /** (first word id, second word id) → `b:` row. */
  pairRows: IdPairTable;
  /** The rows' weights one after another (a row per feature, a weight per class). */
  weights: Float64Array;
  /** The words a reply has used so far. */
  seen: IdMarks;
}

const lexicalTables = new WeakMap<StanceModel, LexicalTable>();

function lexicalTable(model: StanceModel): LexicalTable {
  let table = lexicalTables.get(model);
  if (table) return table;
  const ids = new WordIds();
  const rows: Array<readonly number[]> = [];
  const wordRows = new Map<number, number>();
  const pairs: Array<[number, number, number]> = [];
  let numberRow = -1;
  for (const [feature, weights] of model.weights) {
    if (feature === 'w:#num') numberRow = rows.length;
    else if (feature.startsWith('w:')) wordRows.set(ids.add(feature.slice(2)), rows.length);
    else if (feature.startsWith('b:')) {
      // Words hold no underscore: the first one ends the first word.
      const cut = feature.indexOf('_');
      pairs.push([ids.add(feature.slice(2, cut)), ids.add(feature.slice(cut + 1)), rows.length]);
    } else continue;
    rows.push(weights);
  }
  const byId = new Int32Array(ids.size).fill(-1);
  for (const [id, row] of wordRows) byId[id] = row;
  const classes = model.classes.length;
  const weights = new Float64Array(rows.length * classes);
  rows.forEach((row, r) => weights.set(row.slice(0, classes), r * classes));
  table = { ids, wordRows: byId, numberRow, pairRows: new IdPairTable(pairs), weights, seen: new IdMarks(ids.size) };
  lexicalTables.set(model, table);
  return table;
}

/** Words of a reply the model does not know, numbered after the ones it knows (reused from reply to reply). */
const unknownWords = new Map<string, number>();
const replyPairs = new IdPairSet();

/**
 * Adds the reply's word and word-pair features to `logits` as
 * {@link stanceFeatures} makes them (each distinct one once, at
 * `lexicalScale / √(their count)`) and {@link linearLogits} sums them: words
 * in the order they first occur, then pairs.
 */
function addLexicalLogits(words: readonly string[], model: StanceModel, logits: number[]): void {
  const table = lexicalTable(model);
  const known = table.ids.size;
  // Every word gets a number (a known word its id), so that a pair is known by two numbers.
  const ids = new Int32Array(words.length);
  const found: number[] = [];
  table.seen.reset();
  unknownWords.clear();
  let distinctWords = 0;
  let sawNumber = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    let id = table.ids.idOf(word);
    let first: boolean;
    if (id !== -1) first = table.seen.mark(id);
    else {
      id = unknownWords.get(word) ?? -1;
      first = id === -1;
      if (first) unknownWords.set(word, (id = known + unknownWords.size));
    }
    ids[i] = id;
    if (!first) continue;
    // Every number is the one feature `w:#num`.
    const number = isNumber(word);
    if (number && sawNumber) continue;
    sawNumber ||= number;
    distinctWords++;
    const row = number ? table.numberRow : id < known ? table.wordRows[id]! : -1;
    if (row !== -1) found.push(row);
  }
  replyPairs.reset(words.length);
  let distinctPairs = 0;
  for (let i = 0; i + 1 < words.length; i++) {
    const a = ids[i]!;
    const b = ids[i + 1]!;
    if (!replyPairs.add(a, b)) continue;
    distinctPairs++;
    const row = a < known && b < known ? table.pairRows.get(a, b) : -1;
    if (row !== -1) found.push(row);
  }
  const value = model.lexicalScale / Math.sqrt(Math.max(1, distinctWords + distinctPairs));
  const classes = logits.length;
  for (const row of found) for (let c = 0; c < classes; c++) logits[c]! += table.weights[row * classes + c]! * value;
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
  return votesOf(features.keys(), classes);
}

function votesOf(names: Iterable<string>, classes: readonly Stance[]): number[] {
  const votes = classes.map(() => 0);
  for (const feature of names) {
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
  const { tokens, words } = readReply(reply);
  const { flags, reasons, asks, sarcastic } = cueFeatures(reply, tokens, words, parent, target);
  // The sums of stanceLogits over stanceFeatures(…), in the same order, without making the feature map.
  const logits = [...model.bias];
  addLexicalLogits(words, model, logits);
  for (const name of flags) {
    const weights = model.weights.get(name);
    if (weights) for (let c = 0; c < logits.length; c++) logits[c]! += weights[c]!;
  }
  const votes = votesOf(flags, model.classes);
  for (let c = 0; c < logits.length; c++) logits[c] = logits[c]! + model.ruleWeight * votes[c]!;
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
