import type { IncivilityKind, IncivilityScore, IncivilityTarget } from '../model/index.js';
import { ThreadlensError } from '../model/problem.js';
import { loadJson } from './json.js';
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
}

interface Matcher {
  kind: IncivilityKind;
  /** Slurs name-call as well as attack an identity: they count as insults too. */
  alsoInsult: boolean;
  regex: RegExp;
  /** Severity per matched phrase (word lists), or one severity for a pattern. */
  severity: (phrase: string) => number;
  /** Patterns that can only be said to another participant ("learn to read"). */
  addressed: boolean;
}

/** A compiled lexicon: build once with {@link compileIncivilityLexicon}, reuse for every comment. */
export interface CompiledIncivility {
  matchers: Matcher[];
  secondPerson: RegExp;
  figure: RegExp;
  title: RegExp;
  group: RegExp;
  negator: RegExp;
  stillLands: RegExp;
}

/** The built-in lexicon (src/analyse/data/incivility.json). */
export const BASE_INCIVILITY_LEXICON = loadJson('./data/incivility.json') as IncivilityLexicon;
/** Word edges on lower-case text: no ASCII letter, digit or Latin accented letter on that side. */
const LETTER_BEFORE = '(?<![a-z0-9\\u00df-\\u024f])';
const LETTER_AFTER = '(?![a-z0-9\\u00df-\\u024f])';

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternation = (entries: string[]): string =>
  [...entries].sort((a, b) => b.length - a.length).map((entry) => (entry.endsWith('*') && !entry.endsWith('**') ? `${escape(entry.slice(0, -1))}[a-z\\u00df-\\u024f]*` : escape(entry))).join('|');

/** Merges a user's additions into the built-in lexicon. */
export function extendIncivilityLexicon(extra: Partial<IncivilityLexicon>, base: IncivilityLexicon = BASE_INCIVILITY_LEXICON): IncivilityLexicon {
  const merged = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(extra)) {
    const current = merged[key];
    if (Array.isArray(current) && Array.isArray(value)) merged[key] = [...current, ...value];
    else if (typeof current === 'object' && current !== null && typeof value === 'object' && value !== null) merged[key] = { ...current, ...value };
  }
  return merged as unknown as IncivilityLexicon;
}

/** Compiles a lexicon into regexes; a bad pattern throws `invalid-lexicon`-style `invalid-option` naming it. */
export function compileIncivilityLexicon(lexicon: IncivilityLexicon = BASE_INCIVILITY_LEXICON, source = 'the incivility lexicon'): CompiledIncivility {
  const figures = alternation(lexicon.publicFigures.map((name) => name.toLowerCase()));
  const person = `(?:you|him|her|them|${figures})`;
  const expand = (pattern: string): string => pattern.replaceAll('{group}', `(?:${alternation(lexicon.groups)})`).replaceAll('{figure}', `(?:${figures})`).replaceAll('{person}', person);
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
  const bounded = (entries: string[], flags = ''): RegExp => compile(`${LETTER_BEFORE}(?:${alternation(entries.map((entry) => entry.toLowerCase()))})${LETTER_AFTER}`, flags);
  const words = (kind: IncivilityKind, table: Record<string, number>): Matcher => {
    const severities = new Map(Object.entries(table).map(([phrase, severity]) => [phrase.toLowerCase().replace(/\*$/, ''), severity]));
    return {
      kind,
      regex: bounded(Object.keys(table), 'g'),
      severity: (phrase) => severities.get(phrase) ?? [...severities].find(([key]) => phrase.startsWith(key))?.[1] ?? 2,
      addressed: false,
      alsoInsult: kind === 'identity_attack',
    };
  };
  // One regex per list: a few passes over the text instead of one per pattern. (Where two patterns of a
  // list match the same words, the first listed is the one reported; the kind is the same either way.)
  const patterns = (kind: IncivilityKind, list: string[], severity: number, addressed: boolean): Matcher[] => {
    if (list.length === 0) return [];
    list.forEach((pattern) => compile(expand(pattern))); // names a bad pattern on its own
    return [{ kind, regex: compile(list.map((pattern) => `(?:${expand(pattern)})`).join('|')), severity: () => severity, addressed, alsoInsult: false }];
  };
  return {
    matchers: [
      words('insult', lexicon.insult),
      words('profanity', lexicon.profanity),
      words('identity_attack', lexicon.identityAttack),
      ...patterns('insult', lexicon.insultPatterns, 2, false),
      ...patterns('insult', lexicon.addressedPatterns, 2, true),
      ...patterns('profanity', lexicon.profanityPatterns, 2, false),
      ...patterns('threat', lexicon.threatPatterns, 3, false),
      ...patterns('identity_attack', lexicon.identityPatterns, 2, false),
    ],
    secondPerson: bounded(lexicon.secondPerson),
    figure: compile(`${LETTER_BEFORE}(?:${figures})(?:'s)?${LETTER_AFTER}`, ''),
    title: bounded(lexicon.titles),
    group: bounded(lexicon.groups),
    negator: bounded(lexicon.negators),
    stillLands: bounded(lexicon.stillLands),
  };
}

let defaultCompiled: CompiledIncivility | null = null;

/** The built-in lexicon, compiled on first use. */
export function defaultIncivility(): CompiledIncivility {
  return (defaultCompiled ??= compileIncivilityLexicon());
}

/** Lower case, except characters whose lower-case form has another length ("İ"), which stay as they are. */
function lowerCaseKeepingLength(text: string): string {
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
  for (const match of text.matchAll(/(?<![\p{L}\p{N}])'([^'\n]{1,120})'(?![\p{L}\p{N}])|"([^"\n]{1,400})"/gu)) {
    spans.push([match.index, match.index + match[0].length]);
  }
  return spans;
}

/** The sentence around a position: from the previous . ! ? or line break to the next. */
function sentenceAt(text: string, start: number, end: number): { text: string; start: number } {
  let from = start;
  while (from > 0 && !/[.!?\n]/.test(text[from - 1]!)) from--;
  let to = end;
  while (to < text.length && !/[.!?\n]/.test(text[to]!)) to++;
  return { text: text.slice(from, to), start: from };
}

/**
 * Flags insults, profanity, threats and identity attacks in one comment, and
 * says whom they are aimed at. `isReply`: the comment answers another, so an
 * opening `@name` or `Name,` addresses a fellow commenter.
 */
export function scoreIncivility(text: string, isReply: boolean, compiled: CompiledIncivility = defaultIncivility()): IncivilityScore {
  const original = normaliseText(text);
  // Every lexicon regex runs on lower case (see compileIncivilityLexicon), at the same positions as the original.
  const normalised = lowerCaseKeepingLength(original);
  const quoted = quotedSpans(normalised);
  const inQuote = (index: number): boolean => quoted.some(([from, to]) => index > from && index < to);
  const addressesSomeone = isReply && addressedName(original) !== null;
  const found: Array<{ index: number; kind: IncivilityKind; phrase: string; severity: number; target: IncivilityTarget }> = [];

  for (const matcher of compiled.matchers) {
    matcher.regex.lastIndex = 0;
    for (const match of normalised.matchAll(matcher.regex)) {
      const phrase = match[0];
      const index = match.index;
      if (inQuote(index)) continue;
      const sentence = sentenceAt(normalised, index, index + phrase.length);
      const before = sentence.text.slice(0, index - sentence.start);
      if (matcher.kind !== 'threat' && isNegatedBefore(before, compiled) && !compiled.stillLands.test(sentence.text)) continue;
      const target = targetOf(matcher, sentence.text, normalised, isReply, addressesSomeone, compiled);
      const severity = matcher.severity(phrase.toLowerCase());
      found.push({ index, kind: matcher.kind, phrase, severity, target });
      if (matcher.alsoInsult) found.push({ index, kind: 'insult', phrase, severity, target });
    }
  }
  if (found.length === 0) return { kinds: [], target: null, severity: 0, cues: [] };
  found.sort((a, b) => a.index - b.index);
  const kinds = INCIVILITY_KINDS.filter((kind) => found.some((cue) => cue.kind === kind));
  const targets = new Set(found.map((cue) => cue.target));
  const target: IncivilityTarget = targets.has('commenter') ? 'commenter' : targets.has('public_figure') ? 'public_figure' : 'other';
  const cues = [...new Set(found.map((cue) => cue.phrase))];
  return { kinds, target, severity: Math.max(...found.map((cue) => cue.severity)), cues };
}

/** A negator among the three words before the cue ("not an idiot", "nobody here is stupid"). */
function isNegatedBefore(before: string, compiled: CompiledIncivility): boolean {
  const lastWords = before.split(/\s+/).filter(Boolean).slice(-3).join(' ');
  return compiled.negator.test(lastWords);
}

/**
 * Whom one cue is aimed at, from its sentence: a second person (or "this
 * poster") means a fellow commenter; a named figure or a title, or he/she with
 * a figure named elsewhere in the comment, a public figure. In a reply, an
 * insult or threat that names nobody is taken as aimed at the person answered.
 */
function targetOf(matcher: Matcher, sentence: string, whole: string, isReply: boolean, addressesSomeone: boolean, compiled: CompiledIncivility): IncivilityTarget {
  const namesFigure = compiled.figure.test(sentence) || compiled.title.test(sentence);
  if (matcher.addressed || compiled.secondPerson.test(sentence) || (addressesSomeone && !namesFigure)) return 'commenter';
  if (namesFigure) return 'public_figure';
  if (/\b(?:he|him|his|she|her)\b/i.test(sentence) && compiled.figure.test(whole)) return 'public_figure';
  if (isReply && (matcher.kind === 'insult' || matcher.kind === 'threat') && !compiled.group.test(sentence)) return 'commenter';
  return 'other';
}
