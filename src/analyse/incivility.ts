import type { IncivilityKind, IncivilityScore, IncivilityTarget } from '../model/index.js';
import { ThreadlensError } from '../model/problem.js';
import { loadJson } from './json.js';
import { PatternIndex } from './incivility-patterns.js';
import { addressedName, normaliseText } from './text.js';

export const INCIVILITY_KINDS: readonly IncivilityKind[] = ['insult', 'profanity', 'threat', 'identity_attack'];

/** The shape of data/incivility.json and of a user's `--lexicon` file (all fields optional there). */
export interface IncivilityLexicon {
  insult: Record<string, number>;
  profanity: Record<string, number>;
  identityAttack: Record<string, number>;
  insultPatterns: string[];
  addressedPatterns: string[];
  profanityPatterns: string[];
  threatPatterns: string[];
  identityPatterns: string[];
  groups: string[];
  publicFigures: string[];
  titles: string[];
  secondPerson: string[];
  negators: string[];
  stillLands: string[];
  /** Phrases that are never a cue, whatever their words (military vocabulary: "kill chain", "storm shadow"). */
  safePhrases: string[];
  /** Words that report someone else's name-calling ("called him a liar"): an insult right after one is not said. */
  reporting: string[];
}

/**
 * The fitted part (models/incivility.json, rebuilt by `npm run train`): words
 * and phrases of one to three tokens with the smoothed share of their
 * occurrences that fell inside a majority toxic span of Toxic Spans, per span
 * type, and the thresholds chosen on the train/dev parts.
 */
export interface IncivilityModel {
  /** The order of the numbers of each n-gram. */
  types: ['insult', 'profanity', 'identity_attack', 'threat', 'other'];
  parameters: {
    /** A phrase whose summed share reaches this is a cue on its own. */
    cue: number;
    /** A phrase whose share reaches this (but not `cue`) is a cue when said to someone ("you … troll"). */
    addressed: number;
    /** Kinds beyond the strongest one whose share is at least this fraction of it. */
    secondKind: number;
    /** Summed share from which a cue is severity 2, and 3. */
    severity: [number, number];
  };
  ngrams: Record<string, [number, number, number, number, number]>;
}

/** The built-in lexicon (src/analyse/data/incivility.json). */
export const BASE_INCIVILITY_LEXICON = loadJson('./data/incivility.json') as IncivilityLexicon;

let baseModel: IncivilityModel | null = null;
/** The fitted n-gram table (src/analyse/models/incivility.json), read on first use. */
export function defaultIncivilityModel(): IncivilityModel {
  return (baseModel ??= loadJson('./models/incivility.json') as IncivilityModel);
}

/**
 * A word: letters and digits, with inner apostrophes ("you're") and asterisks
 * that mask letters ("f***ing", "sh*t"), or the symbols @ $ ! doing the same
 * ("sh!t", "a$$hole": read as asterisks in the key), at most eight such joins
 * (a longer chain goes on as the next token); trailing asterisks stay on the
 * word ("f***") and are read as a mask only if they complete a word of the
 * lexicon ("bold**" is not one). As a regex: `[w]+(?:(?:'|\*+|[@$!]+)[w]+){0,8}\**`.
 */

export interface Tokens {
  /** Lookup form: lower case, a trailing "'s" cut ("putin's" → "putin"). */
  keys: string[];
  /** The words as written (lower case). */
  raws: string[];
  starts: number[];
  ends: number[];
  /** Sentence number of each token: a new sentence after . ! ? or a line break. */
  sentences: number[];
}

/** Symbols that stand for a letter inside a word ("sh!t", "tw@t", "a$$hole"): @ $ ! between word characters. */
const isSymbolMask = (code: number): boolean => code === 64 || code === 36 || code === 33;

/** Word characters on lower-case text: ASCII letters and digits and Latin accented letters. */
const isWordCode = (code: number): boolean => (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || (code >= 0xdf && code <= 0x24f);

/**
 * Splits lower-case text into word tokens in one pass over its characters
 * (linear by construction, and faster than a regex).
 */
export function incivilityTokens(lower: string): Tokens {
  const keys: string[] = [];
  const raws: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  const sentences: number[] = [];
  const length = lower.length;
  let sentence = 0;
  let breakPending = false;
  let i = 0;
  while (i < length) {
    const code = lower.charCodeAt(i);
    if (!isWordCode(code)) {
      if (code === 46 || code === 33 || code === 63 || code === 10) breakPending = true;
      i++;
      continue;
    }
    const start = i;
    while (i < length && isWordCode(lower.charCodeAt(i))) i++;
    for (let joins = 0; joins < 8 && i < length; joins++) {
      const next = lower.charCodeAt(i);
      if (next === 39 && i + 1 < length && isWordCode(lower.charCodeAt(i + 1))) {
        i++;
      } else if (next === 42) {
        let j = i;
        while (j < length && lower.charCodeAt(j) === 42) j++;
        if (j < length && isWordCode(lower.charCodeAt(j))) i = j;
        else break;
      } else if (isSymbolMask(next)) {
        let j = i;
        while (j < length && isSymbolMask(lower.charCodeAt(j))) j++;
        if (j < length && isWordCode(lower.charCodeAt(j))) i = j;
        else break;
      } else break;
      while (i < length && isWordCode(lower.charCodeAt(i))) i++;
    }
    while (i < length && lower.charCodeAt(i) === 42) i++;
    if (breakPending && keys.length > 0) sentence++;
    breakPending = false;
    const word = lower.slice(start, i);
    raws.push(word);
    const key = word.endsWith("'s") ? word.slice(0, -2) : word;
    // A symbol standing for a letter ("sh!t", "tw@t", "a$$hole") is read as a mask, like an asterisk.
    keys.push(key.includes('@') || key.includes('$') || key.includes('!') ? key.replace(/[@$!]/g, '*') : key);
    starts.push(start);
    ends.push(i);
    sentences.push(sentence);
  }
  return { keys, raws, starts, ends, sentences };
}

/** Token keys of a lexicon phrase ("brain-dead" → brain, dead). */
function phraseKeys(phrase: string): string[] {
  return incivilityTokens(lowerCaseKeepingLength(normaliseText(phrase))).keys;
}

/**
 * Phrases of one or more tokens, looked up at a token position: one map
 * lookup per candidate length, and only for tokens that start some phrase.
 * A one-word phrase ending in `*` matches any word it starts ("fuck*").
 */
class PhraseTable<V> {
  private readonly byKey = new Map<string, V>();
  private readonly longest = new Map<string, number>();
  /** The first k words (k ≥ 2) of every longer phrase, so a lookup stops as soon as no phrase goes on that way. */
  private readonly partial = new Set<string>();
  private readonly prefixes: Array<[string, V]> = [];
  private readonly prefixesByFirst = new Map<string, Array<[string, V]>>();

  set(phrase: string, value: V, merge?: (old: V, added: V) => V): void {
    const trimmed = phrase.trim();
    if (trimmed.endsWith('*') && !trimmed.endsWith('**') && !/\s/.test(trimmed)) {
      const prefix = lowerCaseKeepingLength(trimmed.slice(0, -1));
      if (prefix.length > 0) {
        this.prefixes.push([prefix, value]);
        const list = this.prefixesByFirst.get(prefix[0]!) ?? [];
        list.push([prefix, value]);
        this.prefixesByFirst.set(prefix[0]!, list);
      }
      return;
    }
    const keys = phraseKeys(trimmed);
    if (keys.length === 0) return;
    const key = keys.join(' ');
    const old = this.byKey.get(key);
    this.byKey.set(key, old !== undefined && merge ? merge(old, value) : value);
    this.longest.set(keys[0]!, Math.max(this.longest.get(keys[0]!) ?? 0, keys.length));
    for (let k = 2; k < keys.length; k++) this.partial.add(keys.slice(0, k).join(' '));
  }

  /** Whole entries, by their token keys joined with spaces. */
  entries(): IterableIterator<[string, V]> {
    return this.byKey.entries();
  }

  has(phrase: string): boolean {
    return this.byKey.has(phraseKeys(phrase).join(' '));
  }

  /** Whole one-word entries (for reading masked words). */
  words(): Array<[string, V]> {
    return [...this.byKey].filter(([key]) => !key.includes(' '));
  }

  prefixEntries(): ReadonlyArray<[string, V]> {
    return this.prefixes;
  }

  /** Whether some phrase can start with this word (a cheap test before {@link match}). */
  mayStart(word: string): boolean {
    if (this.longest.has(word)) return true;
    const prefixes = this.prefixesByFirst.get(word[0]!);
    if (prefixes !== undefined) for (const [prefix] of prefixes) if (word.startsWith(prefix)) return true;
    return false;
  }

  /** The longest phrase starting at token `i` within its sentence, or null. */
  match(keys: readonly string[], i: number, sentences?: readonly number[], limit = keys.length): { length: number; value: V } | null {
    const first = keys[i]!;
    const longest = this.longest.get(first);
    if (longest !== undefined) {
      let found: { length: number; value: V } | null = null;
      let key = first;
      const end = Math.min(longest, limit - i);
      for (let length = 1; length <= end; length++) {
        if (length > 1) {
          if (sentences && sentences[i + length - 1] !== sentences[i]) break;
          key += ' ' + keys[i + length - 1]!;
        }
        const value = this.byKey.get(key);
        if (value !== undefined) found = { length, value };
        if (length > 1 && !this.partial.has(key)) break;
      }
      if (found !== null) return found;
    }
    const prefixes = this.prefixesByFirst.get(first[0]!);
    if (prefixes !== undefined) for (const [prefix, value] of prefixes) if (first.startsWith(prefix)) return { length: 1, value };
    return null;
  }

  /** Whether any phrase occurs among tokens [from, to). */
  any(keys: readonly string[], from: number, to: number): boolean {
    for (let i = Math.max(0, from); i < to; i++) if (this.match(keys, i, undefined, to) !== null) return true;
    return false;
  }
}

interface Cue {
  kinds: IncivilityKind[];
  severity: number;
  /** Model cues only: the summed span share; hand entries are 1. */
  score: number;
  /** A model phrase too weak to count unless said to someone. */
  weak: boolean;
}

interface Matcher {
  kind: IncivilityKind;
  severity: number;
  /** Patterns that can only be said to another participant ("learn to read"). */
  addressed: boolean;
}

/** A compiled lexicon and model: build once with {@link compileIncivilityLexicon}, reuse for every comment. */
export interface CompiledIncivility {
  phrases: PhraseTable<Cue>;
  /** One-word cues a masked word ("f***", "sh*t") may stand for, profanity first. */
  maskable: Array<[string, Cue]>;
  masks: Map<string, [string, Cue] | null>;
  /** Per word, whether it can start a safe phrase (1) and a cue (2): one lookup per token instead of four. */
  starts: Map<string, number>;
  patterns: PatternIndex<Matcher>;
  secondPerson: PhraseTable<true>;
  figures: PhraseTable<true>;
  titles: PhraseTable<true>;
  groups: PhraseTable<true>;
  negators: PhraseTable<true>;
  stillLands: PhraseTable<true>;
  safe: PhraseTable<true>;
  reporting: PhraseTable<true>;
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * A regex alternation of literal entries, factored as a trie ("the russians",
 * "the rest" → `the r(?:ussians|est)`): V8 tries the options of a plain
 * alternation one by one, so a long list costs at every position it is tried;
 * the trie fails at the first character no entry has there. Where one entry
 * is a prefix of another the longer is tried first (a greedy optional
 * group), which is what a plain alternation sorted longest first does.
 */
function alternation(entries: string[]): string {
  interface Node {
    end: boolean;
    next: Map<string, Node>;
  }
  const root: Node = { end: false, next: new Map() };
  for (const entry of new Set(entries)) {
    let node = root;
    for (const char of entry) {
      let child = node.next.get(char);
      if (!child) node.next.set(char, (child = { end: false, next: new Map() }));
      node = child;
    }
    node.end = true;
  }
  const source = (node: Node): string => {
    const options = [...node.next].map(([char, child]) => escape(char) + source(child));
    if (options.length === 0) return '';
    if (node.end) return `(?:${options.join('|')})?`;
    return options.length === 1 ? options[0]! : `(?:${options.join('|')})`;
  };
  return root.end ? `(?:${source(root)})?` : source(root);
}

/** Merges a user's additions into the built-in lexicon. */
export function extendIncivilityLexicon(extra: Partial<IncivilityLexicon>, base: IncivilityLexicon = BASE_INCIVILITY_LEXICON): IncivilityLexicon {
  const merged = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(extra)) {
    const current = merged[key];
    if (Array.isArray(current) && Array.isArray(value)) merged[key] = [...current, ...value];
    else if (current === undefined && Array.isArray(value)) merged[key] = [...value];
    else if (typeof current === 'object' && current !== null && typeof value === 'object' && value !== null) merged[key] = { ...current, ...value };
  }
  return merged as unknown as IncivilityLexicon;
}

const KIND_OF_TYPE: IncivilityKind[] = ['insult', 'profanity', 'identity_attack', 'threat'];

/** The kinds of a model phrase: its strongest span type among the four, and any near it. */
function modelKinds(shares: readonly number[], secondKind: number): IncivilityKind[] {
  const best = Math.max(shares[0]!, shares[1]!, shares[2]!, shares[3]!);
  if (best <= 0) return ['insult'];
  return INCIVILITY_KINDS.filter((kind) => shares[KIND_OF_TYPE.indexOf(kind)]! >= best * secondKind);
}

/**
 * Compiles a lexicon (and the fitted model) for scoring; a bad pattern throws
 * `invalid-option` naming it.
 */
export function compileIncivilityLexicon(lexicon: IncivilityLexicon = BASE_INCIVILITY_LEXICON, source = 'the incivility lexicon', model: IncivilityModel = defaultIncivilityModel()): CompiledIncivility {
  const { cue, addressed, secondKind, severity } = model.parameters;
  // The word lists (built in and the user's) first: they decide for any word they cover.
  const hand = new PhraseTable<Cue>();
  const tables: Array<[IncivilityKind[], Record<string, number> | undefined]> = [
    [['insult'], lexicon.insult],
    [['profanity'], lexicon.profanity],
    // Slurs name-call as well as attack an identity: they count as insults too.
    [['insult', 'identity_attack'], lexicon.identityAttack],
  ];
  const mergeCues = (old: Cue, added: Cue): Cue => ({ kinds: INCIVILITY_KINDS.filter((kind) => old.kinds.includes(kind) || added.kinds.includes(kind)), severity: Math.max(old.severity, added.severity), score: 1, weak: false });
  for (const [kinds, table] of tables) {
    for (const [phrase, level] of Object.entries(table ?? {})) hand.set(phrase, { kinds, severity: level, score: 1, weak: false }, mergeCues);
  }
  const phrases = new PhraseTable<Cue>();
  const prefixes = hand.prefixEntries();
  const covering = (word: string): Cue | null => prefixes.filter(([prefix]) => word.startsWith(prefix)).reduce<Cue | null>((cue, [, added]) => (cue ? mergeCues(cue, added) : added), null);
  // A listed word takes the kinds of a listed prefix it starts with ("cunt" and "cunt*").
  for (const [word, cue] of hand.entries()) {
    const prefix = covering(word);
    phrases.set(word, prefix ? mergeCues(cue, prefix) : cue);
  }
  for (const [prefix, cue] of prefixes) phrases.set(`${prefix}*`, cue);
  // Then the fitted phrases, for what the lists leave out (masked words are read against the lists instead).
  // A group's name ("homosexuals", "africans") is context for an identity attack, never a cue by itself.
  const groupNames = new Set((lexicon.groups ?? []).map((group) => phraseKeys(group).join(' ')));
  for (const [phrase, shares] of Object.entries(model.ngrams)) {
    if (phrase.includes('*') || phrases.has(phrase) || groupNames.has(phrase) || (!phrase.includes(' ') && covering(phrase))) continue;
    const total = shares.reduce((sum, share) => sum + share, 0);
    if (total < addressed) continue;
    phrases.set(phrase, { kinds: modelKinds(shares, secondKind), severity: total >= severity[1] ? 3 : total >= severity[0] ? 2 : 1, score: total, weak: total < cue });
  }
  const maskable = phrases.words().filter(([, entry]) => !entry.weak).sort(([, a], [, b]) => Number(b.kinds.includes('profanity')) - Number(a.kinds.includes('profanity')) || b.severity - a.severity);

  const figureNames = (lexicon.publicFigures ?? []).map((name) => name.toLowerCase());
  const figures = alternation(figureNames);
  const person = `(?:you|him|her|them${figures ? `|${figures}` : ''})`;
  const expand = (pattern: string): string =>
    pattern
      .replaceAll('{group}', `(?:${alternation((lexicon.groups ?? []).map((group) => group.toLowerCase()))})`)
      .replaceAll('{figure}', `(?:${figures || '(?!)'})`)
      .replaceAll('{person}', person);
  // Everything is matched on lower-case text without the i and u flags: several times faster in V8.
  // A user's pattern that needs the u flag (\p{…}) still gets it.
  const compile = (pattern: string, flags = 'g'): RegExp => {
    try {
      return new RegExp(pattern, flags);
    } catch {
      try {
        return new RegExp(pattern, `${flags}u`);
      } catch (error) {
        throw new ThreadlensError('invalid-option', `expected a regular expression in ${source}, found ${JSON.stringify(pattern)}: ${(error as Error).message}`);
      }
    }
  };
  // Each pattern is tried only where one of its first words is (see incivility-patterns.ts).
  const index = new PatternIndex<Matcher>();
  const patterns = (kind: IncivilityKind, list: string[] | undefined, severity: number, addressed: boolean): void => {
    const matcher: Matcher = { kind, severity, addressed };
    for (const pattern of list ?? []) {
      const source = expand(pattern);
      const regex = compile(source); // names a bad pattern on its own
      index.add(regex.source, regex, matcher);
    }
  };
  patterns('insult', lexicon.insultPatterns, 2, false);
  patterns('insult', lexicon.addressedPatterns, 2, true);
  patterns('profanity', lexicon.profanityPatterns, 2, false);
  patterns('threat', lexicon.threatPatterns, 3, false);
  patterns('identity_attack', lexicon.identityPatterns, 2, false);
  const set = (entries: string[] | undefined): PhraseTable<true> => {
    const table = new PhraseTable<true>();
    for (const entry of entries ?? []) table.set(entry, true);
    return table;
  };
  return {
    phrases,
    maskable,
    masks: new Map(),
    starts: new Map(),
    patterns: index,
    secondPerson: set(lexicon.secondPerson),
    figures: set(figureNames),
    titles: set(lexicon.titles),
    groups: set(lexicon.groups),
    negators: set(lexicon.negators),
    stillLands: set(lexicon.stillLands),
    safe: set(lexicon.safePhrases),
    reporting: set(lexicon.reporting),
  };
}

let defaultCompiled: CompiledIncivility | null = null;

/** The built-in lexicon and model, compiled on first use. */
export function defaultIncivility(): CompiledIncivility {
  return (defaultCompiled ??= compileIncivilityLexicon());
}

/** Lower case, except characters whose lower-case form has another length ("İ"), which stay as they are. */
export function lowerCaseKeepingLength(text: string): string {
  const lower = text.toLowerCase();
  if (lower.length === text.length) return lower;
  let out = '';
  for (const char of text) {
    const folded = char.toLowerCase();
    out += folded.length === char.length ? folded : char;
  }
  return out;
}

/** Quoted spans ('…' or "…"): words inside them are someone else's, reported rather than said. */
function quotedSpans(text: string): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  if (!text.includes('"') && !text.includes("'")) return spans;
  for (const match of text.matchAll(/(?<![\p{L}\p{N}])'([^'\n]{1,120})'(?![\p{L}\p{N}])|"([^"\n]{1,400})"/gu)) {
    spans.push([match.index, match.index + match[0].length]);
  }
  return spans;
}

/** The word a masked token stands for ("f***ing" → a lexicon word it fits), or null ("bold**"). */
function unmask(token: string, compiled: CompiledIncivility): [string, Cue] | null {
  const cached = compiled.masks.get(token);
  if (cached !== undefined) return cached;
  let found: [string, Cue] | null = null;
  // At least one letter shown, and not too long to be a word.
  if (/[a-z]/.test(token) && token.length <= 40) {
    // Each run of n stars stands for n−1 to n+1 letters (at least one).
    const shape = new RegExp(`^${token.replace(/\*+/g, (run) => `[a-z\\u00df-\\u024f]{${Math.max(1, run.length - 1)},${run.length + 1}}`)}$`);
    found = compiled.maskable.find(([word]) => shape.test(word)) ?? null;
    if (found === null) {
      // The lexicon's prefix entries ("fuck*") with the ending the token shows ("f***ing").
      const suffix = token.slice(token.lastIndexOf('*') + 1);
      for (const [prefix, cue] of compiled.phrases.prefixEntries()) {
        if ([prefix + suffix, prefix + suffix.slice(1), prefix].some((candidate) => shape.test(candidate))) {
          found = [prefix, cue];
          break;
        }
      }
    }
  }
  if (compiled.masks.size > 10_000) compiled.masks.clear();
  compiled.masks.set(token, found);
  return found;
}


/** Second-person words that turn a weak cue into one ("you … troll"). */
const YOU = new Set(['you', 'your', "you're", 'youre', 'ya', 'u', 'ur', 'yourself', 'yer']);
/** Words that make a threat need no named victim: a person is there. */
const PEOPLE = new Set(['you', 'your', "you're", 'yourself', 'him', 'his', 'her', 'he', 'she', 'them', 'they', 'their', "they're", 'u', 'ya', 'anyone', 'everyone', 'whoever', 'people']);
const THIRD_PERSON = new Set(['he', 'him', 'his', 'she', 'her']);
const THEY = new Set(['they', 'them', 'their', "they're", 'those', 'these']);

/**
 * Flags insults, profanity, threats and identity attacks in one comment, and
 * says whom they are aimed at. `isReply`: the comment answers another, so an
 * unnamed insult is taken as aimed at the person answered.
 */
export function scoreIncivility(text: string, isReply: boolean, compiled: CompiledIncivility = defaultIncivility()): IncivilityScore {
  const original = normaliseText(text);
  // Everything runs on lower case, at the same positions as the original.
  const lower = lowerCaseKeepingLength(original);
  const tokens = incivilityTokens(lower);
  const { keys, starts, ends, sentences } = tokens;
  const count = keys.length;
  const quoted = quotedSpans(lower);

  // The tokens no cue may use (military vocabulary), and each token's sentence as a token range.
  const begins = new Uint8Array(count);
  for (let i = 0; i < count; i++) begins[i] = startsOf(keys[i]!, compiled);
  const safe = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    if ((begins[i]! & 1) === 0) continue;
    const hit = compiled.safe.match(keys, i, sentences);
    if (hit) safe.fill(1, i, i + hit.length);
  }
  const { from: sentenceFrom, to: sentenceTo } = sentenceRanges(sentences);
  const context = new ContextCache(tokens, sentenceFrom, sentenceTo, compiled, original, isReply);
  const result = new Findings();

  for (let i = 0; i < count; i++) {
    if (safe[i] === 1) continue;
    let hit = (begins[i]! & 2) === 0 ? null : compiled.phrases.match(keys, i, sentences);
    if (hit === null && keys[i]!.includes('*')) {
      const unmasked = unmask(keys[i]!, compiled);
      if (unmasked) hit = { length: 1, value: unmasked[1] };
    }
    if (hit === null) continue;
    const last = i + hit.length - 1;
    let blocked = false;
    for (let j = i; j <= last; j++) if (safe[j] === 1) blocked = true;
    if (blocked || insideSpan(quoted, starts[i]!)) continue;
    const cue = hit.value;
    const from = sentenceFrom[i]!;
    const addressedHere = isAddressed(keys, from, i);
    if (cue.weak && !addressedHere) continue;
    let kinds = cue.kinds;
    // A fitted threat word ("kill") needs a person in its sentence, and is no threat when negated.
    if (kinds.includes('threat') && cue.score < 1 && (!context.hasPerson(i) || isNegated(keys, from, i, compiled))) {
      if (kinds[0] === 'threat' || kinds.length === 1) continue;
      kinds = kinds.filter((kind) => kind !== 'threat');
    }
    if (!kinds.includes('profanity') && !kinds.includes('threat') && (isNegated(keys, from, i, compiled) || isReported(keys, from, i, compiled)) && !context.landsAnyway(i)) continue;
    if (kinds.includes('insult') && !kinds.includes('identity_attack') && context.namesGroup(i)) kinds = INCIVILITY_KINDS.filter((kind) => kind === 'identity_attack' || kinds.includes(kind));
    result.add(starts[i]!, kinds, original.slice(starts[i]!, ends[last]!).toLowerCase(), cue.severity, addressedHere ? 'commenter' : context.targetAt(i, kinds));
    i = last;
  }

  for (const match of compiled.patterns.matches(lower, tokens.raws, starts)) {
    const matcher = match.value;
    const index = match.index;
    if (insideSpan(quoted, index)) continue;
    const at = tokenAt(starts, index);
    if (at >= count) continue;
    if (safe[at] === 1 && matcher.kind === 'threat') continue;
    const from = sentenceFrom[at]!;
    if (matcher.kind !== 'threat' && (isNegated(keys, from, at, compiled) || (matcher.kind === 'insult' && isReported(keys, from, at, compiled))) && !context.landsAnyway(at)) continue;
    let kinds: IncivilityKind[] = [matcher.kind];
    if (matcher.kind === 'insult' && !matcher.addressed && context.namesGroup(at)) kinds = ['insult', 'identity_attack'];
    // An identity attack that name-calls ("… are cockroaches") is an insult too.
    if (matcher.kind === 'identity_attack' && callsNames(keys, at, tokenAt(starts, index + match.text.length), compiled)) kinds = ['insult', 'identity_attack'];
    const target = matcher.addressed ? 'commenter' : context.targetAt(at, kinds, isAddressed(keys, from, at));
    result.add(index, kinds, match.text, matcher.severity, target);
  }
  return result.score();
}

/** Whether a word can start a safe phrase (1) and a cue phrase (2), cached per compiled lexicon (bounded). */
function startsOf(key: string, compiled: CompiledIncivility): number {
  let flags = compiled.starts.get(key);
  if (flags === undefined) {
    flags = (compiled.safe.mayStart(key) ? 1 : 0) | (compiled.phrases.mayStart(key) ? 2 : 0);
    if (compiled.starts.size > 50_000) compiled.starts.clear();
    compiled.starts.set(key, flags);
  }
  return flags;
}

/** At most this many cues are reported per comment (the first in the text). */
const MAX_CUES = 100;

/** What the cues of one comment add up to; memory bounded by the number of distinct cue phrases. */
class Findings {
  private readonly kinds = new Set<IncivilityKind>();
  private readonly targets = new Set<IncivilityTarget>();
  private severity = 0;
  /** Each distinct phrase with the first position it was found at. */
  private readonly phrases = new Map<string, number>();

  add(index: number, kinds: readonly IncivilityKind[], phrase: string, severity: number, target: IncivilityTarget): void {
    if (kinds.length === 0) return;
    for (const kind of kinds) this.kinds.add(kind);
    this.targets.add(target);
    this.severity = Math.max(this.severity, severity);
    const seen = this.phrases.get(phrase);
    if (seen === undefined ? this.phrases.size < 10 * MAX_CUES : index < seen) this.phrases.set(phrase, index);
  }

  score(): IncivilityScore {
    if (this.kinds.size === 0) return { kinds: [], target: null, severity: 0, cues: [] };
    const target: IncivilityTarget = this.targets.has('commenter') ? 'commenter' : this.targets.has('public_figure') ? 'public_figure' : 'other';
    const cues = [...this.phrases].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, MAX_CUES).map(([phrase]) => phrase);
    return { kinds: INCIVILITY_KINDS.filter((kind) => this.kinds.has(kind)), target, severity: this.severity, cues };
  }
}

/** First and one-past-last token of each token's sentence, in two passes. */
function sentenceRanges(sentences: readonly number[]): { from: Int32Array; to: Int32Array } {
  const count = sentences.length;
  const from = new Int32Array(count);
  const to = new Int32Array(count);
  for (let i = 0; i < count; i++) from[i] = i > 0 && sentences[i - 1] === sentences[i] ? from[i - 1]! : i;
  for (let i = count - 1; i >= 0; i--) to[i] = i < count - 1 && sentences[i + 1] === sentences[i] ? to[i + 1]! : i + 1;
  return { from, to };
}

/** Whether a position lies strictly inside one of the sorted, non-overlapping spans. */
function insideSpan(spans: ReadonlyArray<[number, number]>, index: number): boolean {
  let low = 0;
  let high = spans.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const [from, to] = spans[mid]!;
    if (index <= from) high = mid - 1;
    else if (index >= to) low = mid + 1;
    else return true;
  }
  return false;
}

/** The first token starting at or after a character position. */
function tokenAt(starts: readonly number[], index: number): number {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (starts[mid]! < index) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** A second-person word among the three tokens before a cue, in its sentence ("you absolute clown"). */
function isAddressed(keys: readonly string[], from: number, at: number): boolean {
  for (let j = Math.max(from, at - 3); j < at; j++) if (YOU.has(keys[j]!)) return true;
  return false;
}

/** Nouns that call a group names ("animals", "cockroaches") when said of it. */
const NAME_CALLING = new Set(
  'animals savages vermin rats cockroaches pigs dogs apes monkeys orcs insects parasites doormats sheep slaves serfs beasts drones lapdogs tail-waggers leeches scroungers spongers beggars drunks drunkards thieves liars criminals traitors cowards idiots morons barbarians subhuman sub-human scum zombies robots cattle rodents degenerates freeloaders rapists terrorists alcoholics peasants losers crooks snakes weasels hyenas jackals vultures ants'.split(' '),
);

/** Whether tokens [from, to) hold a name-calling word: one of {@link NAME_CALLING}, or an insult of the lexicon. */
function callsNames(keys: readonly string[], from: number, to: number, compiled: CompiledIncivility): boolean {
  for (let i = from; i < to && i < keys.length; i++) {
    if (NAME_CALLING.has(keys[i]!)) return true;
    const hit = compiled.phrases.match(keys, i, undefined, to);
    if (hit && !hit.value.weak && hit.value.kinds.includes('insult')) return true;
  }
  return false;
}

/** A reporting word ("called", "the term") among the four tokens before the cue, in its sentence. */
function isReported(keys: readonly string[], from: number, at: number, compiled: CompiledIncivility): boolean {
  return compiled.reporting.any(keys, Math.max(from, at - 4), at);
}

/** Words after a negator that keep the insult ("not the only idiot", "not just stupid"). */
const NOT_ONLY = new Set(['only', 'just', 'merely', 'simply', 'even', 'else']);
/** Words after a cue that make a negated comparison ("not as stupid as him" still calls him stupid). */
const COMPARISON = new Set(['as', 'than']);

/**
 * A negator among the three tokens before the cue, in its sentence ("not an
 * idiot", "nobody here is stupid") — unless it negates "only" ("not the only
 * fool") or a comparison ("not as stupid as …").
 */
function isNegated(keys: readonly string[], from: number, at: number, compiled: CompiledIncivility): boolean {
  for (let j = Math.max(from, at - 3); j < at; j++) {
    const hit = compiled.negators.match(keys, j, undefined, at);
    if (hit === null) continue;
    for (let k = j + hit.length; k < at; k++) if (NOT_ONLY.has(keys[k]!)) return false;
    if (COMPARISON.has(keys[at + 1] ?? '') || COMPARISON.has(keys[at + 2] ?? '')) return false;
    return true;
  }
  return false;
}

/**
 * Whom a cue is aimed at, from its sentence and the comment. Computed lazily
 * per sentence: most comments have no cue at all.
 */
class ContextCache {
  private readonly bySentence = new Map<number, { you: boolean; figure: boolean; group: boolean; third: boolean; they: boolean; person: boolean }>();
  private figureInComment: boolean | null = null;
  private readonly stillLands = new Map<number, boolean>();
  private vocative: 'commenter' | 'public_figure' | null | undefined;

  constructor(
    private readonly tokens: Tokens,
    private readonly sentenceFrom: Int32Array,
    private readonly sentenceTo: Int32Array,
    private readonly compiled: CompiledIncivility,
    private readonly original: string,
    private readonly isReply: boolean,
  ) {}

  private sentence(i: number) {
    const { keys, sentences } = this.tokens;
    const number = sentences[i]!;
    const cached = this.bySentence.get(number);
    if (cached) return cached;
    const from = this.sentenceFrom[i]!;
    const to = this.sentenceTo[i]!;
    const info = { you: false, figure: false, group: false, third: false, they: false, person: false };
    info.you = this.compiled.secondPerson.any(keys, from, to);
    info.figure = this.compiled.figures.any(keys, from, to) || this.compiled.titles.any(keys, from, to);
    info.group = this.compiled.groups.any(keys, from, to);
    for (let j = from; j < to; j++) {
      const key = keys[j]!;
      if (THIRD_PERSON.has(key)) info.third = true;
      if (THEY.has(key)) info.they = true;
      if (PEOPLE.has(key)) info.person = true;
    }
    info.person ||= info.figure || info.group || info.you;
    this.bySentence.set(number, info);
    return info;
  }

  /** Whether the sentence keeps an insult even when negated or reported ("… still a clown"). */
  landsAnyway(i: number): boolean {
    const number = this.tokens.sentences[i]!;
    let value = this.stillLands.get(number);
    if (value === undefined) this.stillLands.set(number, (value = this.compiled.stillLands.any(this.tokens.keys, this.sentenceFrom[i]!, this.sentenceTo[i]!)));
    return value;
  }

  hasPerson(i: number): boolean {
    return this.sentence(i).person;
  }

  /** A group (a nationality, a faith…) is named in the sentence and no public figure: name-calling there attacks an identity. */
  namesGroup(i: number): boolean {
    const info = this.sentence(i);
    return info.group && !info.figure;
  }

  /** The person a comment opens by addressing ("Martin, …", "@dave"): a fellow commenter, or a public figure by name. */
  private addressee(): 'commenter' | 'public_figure' | null {
    if (this.vocative !== undefined) return this.vocative;
    const name = addressedName(this.original);
    if (name === null) return (this.vocative = null);
    const keys = incivilityTokens(name.toLowerCase().replace(/^@/, '')).keys;
    if (keys.length === 0) return (this.vocative = null);
    // "Shit, that's …" opens with an exclamation, not a name.
    if (this.compiled.phrases.match(keys, 0) !== null || this.compiled.secondPerson.match(keys, 0) !== null) return (this.vocative = null);
    return (this.vocative = this.compiled.figures.match(keys, 0) !== null ? 'public_figure' : 'commenter');
  }

  /**
   * A second person (or "this poster") in the sentence means a fellow
   * commenter, unless a public figure is named there; a named figure or a
   * title, or he/she with a figure named elsewhere in the comment, a public
   * figure; a comment opening with a commenter's name, that commenter. In a
   * reply, an insult or threat that names nobody (no group, no "they") is
   * taken as aimed at the person answered.
   */
  targetAt(i: number, kinds: readonly IncivilityKind[], addressed = false): IncivilityTarget {
    if (addressed) return 'commenter';
    const info = this.sentence(i);
    // An attack on a group named in the sentence is aimed at the group ("you can't trust the …").
    if (info.group && kinds.length === 1 && kinds[0] === 'identity_attack' && !info.figure) return 'other';
    if (info.you && !info.figure) return 'commenter';
    if (info.figure) return info.you && this.addressee() === 'commenter' ? 'commenter' : 'public_figure';
    if (info.you) return 'commenter';
    const vocative = this.addressee();
    if (vocative === 'commenter' && !info.group && !info.they) return 'commenter';
    if (info.third && this.hasFigure()) return 'public_figure';
    if (vocative === 'public_figure') return 'public_figure';
    // "he", "they", a group: someone other than the person answered.
    if (info.group || info.they || info.third) return 'other';
    if (this.isReply && (kinds.includes('insult') || kinds.includes('threat'))) return 'commenter';
    return 'other';
  }

  private hasFigure(): boolean {
    if (this.figureInComment === null) {
      const keys = this.tokens.keys;
      this.figureInComment = this.compiled.figures.any(keys, 0, keys.length) || this.compiled.titles.any(keys, 0, keys.length);
    }
    return this.figureInComment;
  }
}

