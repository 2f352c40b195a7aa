/**
 * Text normalisation and tokenising shared by the analysis stages. Everything
 * here is linear in the text: one global regex pass, no backtracking.
 */

export type TokenKind = 'word' | 'emoticon' | 'emoji' | 'exclamation' | 'question' | 'break';

export interface Token {
  /** The token as written (after normalisation). */
  text: string;
  /** Lower-case form, the lexicon key. */
  lower: string;
  kind: TokenKind;
  /** A letter was repeated three or more times ("soooo"): emphasis, and `lower` has it cut to two. */
  elongated: boolean;
}

/**
 * Straight apostrophes and quotes, plain spaces for tabs and no-break spaces,
 * no zero-width or bidi control characters: what lexicon lookups need.
 */
export function normaliseText(text: string): string {
  // Most comments need none of it: one scan says so.
  if (!NEEDS_NORMALISING.test(text)) return text;
  return text.replace(APOSTROPHES, "'").replace(QUOTES, '"').replace(SPACES, ' ').replace(INVISIBLES, '');
}

const APOSTROPHES = /[\u2018\u2019\u201b\u02bc\u2032\uff07]/g;
const QUOTES = /[\u201c\u201d\u201e\u201f\u2033\uff02]/g;
const SPACES = /[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
const INVISIBLES = /[\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;
const NEEDS_NORMALISING = new RegExp([APOSTROPHES, QUOTES, SPACES, INVISIBLES].map((pattern) => pattern.source).join('|'));

/** Every run of whitespace as one space, none at either end: `text.replace(/\s+/g, ' ').trim()`, without a new string for the many texts it leaves as they are. */
export function foldSpaces(text: string): string {
  return hasLooseSpace(text) ? text.replace(/\s+/g, ' ').trim() : text;
}

/**
 * What folding would change: a space other than U+0020, two in a row, one at
 * either end. (One class scan and a substring search: half the time of a
 * regex with those four alternatives.)
 */
function hasLooseSpace(text: string): boolean {
  return OTHER_SPACE.test(text) || text.includes('  ') || text.charCodeAt(0) === 32 || text.charCodeAt(text.length - 1) === 32;
}

const OTHER_SPACE = /[^\S ]/;

/**
 * Splits text into words, emoticons, emoji and the punctuation that matters.
 * Pass text already normalised by {@link normaliseText}. A letter repeated
 * three or more times is cut to two in `lower` ("soooo" → "soo").
 *
 * At each position the first of these that matches is taken (as the regex
 * alternation `emoticon|emoji|word|!+|\?+|break` would, tried left to right);
 * else the position is skipped:
 * - emoticon: `[:;=8]['"]?-?[()[\]DdPpOo/\\|*3]`, `<3`, `(:`, `[Dd]:`, not followed by a letter or digit;
 * - emoji: an Extended_Pictographic character, with its variation selector U+FE0F if one follows;
 * - word: letters and digits, then any number of (apostrophe, letters): "don't", "rock'n'roll";
 * - `!`s, `?`s;
 * - break: a run of `. , ; :`, or a dash between two spaces (its text is the dash).
 * Read one character at a time rather than by a regex: several times faster.
 */
export function tokenize(normalised: string): Token[] {
  const tokens: Token[] = [];
  scanTokens(normalised, (kind, start, end) => {
    const value = normalised.slice(start, end);
    const lower = value.toLowerCase();
    const elongated = kind === 'word' && isElongated(lower);
    tokens.push({ text: value, lower: elongated ? cutElongation(lower) : lower, kind, elongated });
  });
  return tokens;
}

/**
 * The words of a normalised text as {@link tokenize} gives their `lower`, in
 * order, with null for each token that is not a word (what separates
 * phrases): the same reading without a Token made per word.
 */
export function scanWords(normalised: string, visit: (lower: string | null) => void): void {
  scanWordsAsWritten(normalised, (word) => visit(word === null ? null : lowerWord(word)));
}

/** {@link scanWords} with each word as written: a caller that caches by it skips lower-casing the words it has seen. */
export function scanWordsAsWritten(normalised: string, visit: (word: string | null) => void): void {
  scanTokens(normalised, (kind, start, end) => visit(kind === 'word' ? normalised.slice(start, end) : null));
}

/** A word's `lower`, as {@link tokenize} gives it. */
export function lowerWord(word: string): string {
  const lower = word.toLowerCase();
  return isElongated(lower) ? cutElongation(lower) : lower;
}

/** The tokeniser itself: each token's kind and where its text starts and ends. */
function scanTokens(text: string, visit: (kind: TokenKind, start: number, end: number) => void): void {
  const length = text.length;
  let i = 0;
  while (i < length) {
    const code = text.charCodeAt(i);
    let end = emoticonEnd(text, i, code);
    if (end !== -1) {
      visit('emoticon', i, end);
      i = end;
      continue;
    }
    const point = codePointAt(text, i, code);
    const size = point > 0xffff ? 2 : 1;
    const classes = classesOf(point);
    if (classes & PICTOGRAPHIC) {
      end = text.charCodeAt(i + size) === 0xfe0f ? i + size + 1 : i + size;
      visit('emoji', i, end);
    } else if (classes & (LETTER | NUMBER)) {
      end = wordEnd(text, i);
      visit('word', i, end);
    } else if (code === 33 || code === 63) {
      end = i + 1;
      while (text.charCodeAt(end) === code) end++;
      visit(code === 33 ? 'exclamation' : 'question', i, end);
    } else if (isClauseMark(code)) {
      end = i + 1;
      while (isClauseMark(text.charCodeAt(end))) end++;
      visit('break', i, end);
    } else if (isSpace(code) && isDash(text.charCodeAt(i + 1)) && isSpace(text.charCodeAt(i + 2))) {
      end = i + 3;
      visit('break', i + 1, i + 2);
    } else {
      end = i + size;
    }
    i = end;
  }
}

const cutElongation = (lower: string): string => lower.replace(ELONGATED_ALL, '$1$1');

/** Where an emoticon starting at `i` ends, or -1. */
function emoticonEnd(text: string, i: number, code: number): number {
  let end = -1;
  if (code === 58 || code === 59 || code === 61 || code === 56) {
    // : ; = 8, an optional ' or ", an optional -, then the mouth.
    let j = i + 1;
    if (text.charCodeAt(j) === 39 || text.charCodeAt(j) === 34) j++;
    if (text.charCodeAt(j) === 45) j++;
    if (EMOTICON_MOUTHS.has(text.charCodeAt(j))) end = j + 1;
  } else if (code === 60) end = text.charCodeAt(i + 1) === 51 ? i + 2 : -1; // <3
  else if (code === 40) end = text.charCodeAt(i + 1) === 58 ? i + 2 : -1; // (:
  else if (code === 68 || code === 100) end = text.charCodeAt(i + 1) === 58 ? i + 2 : -1; // D:
  if (end === -1 || end >= text.length) return end;
  return classesOf(codePointAt(text, end, text.charCodeAt(end))) & (LETTER | NUMBER) ? -1 : end;
}

const EMOTICON_MOUTHS = new Set([...'()[]DdPpOo/\\|*3'].map((char) => char.charCodeAt(0)));

/** The end of a word starting at `i`: letters and digits, then (apostrophe, letters) runs. */
function wordEnd(text: string, i: number): number {
  let end = runEnd(text, i, LETTER | NUMBER);
  while (text.charCodeAt(end) === 39 && end + 1 < text.length && classesOf(codePointAt(text, end + 1, text.charCodeAt(end + 1))) & LETTER) {
    end = runEnd(text, end + 1, LETTER);
  }
  return end;
}

/** The end of the run of characters from `i` that are all of `wanted` classes. */
function runEnd(text: string, i: number, wanted: number): number {
  let end = i;
  while (end < text.length) {
    const code = text.charCodeAt(end);
    const point = codePointAt(text, end, code);
    if ((classesOf(point) & wanted) === 0) break;
    end += point > 0xffff ? 2 : 1;
  }
  return end;
}

function codePointAt(text: string, i: number, code: number): number {
  if (code < 0xd800 || code > 0xdbff) return code;
  const next = text.charCodeAt(i + 1);
  return next >= 0xdc00 && next <= 0xdfff ? (code - 0xd800) * 0x400 + next - 0xdc00 + 0x10000 : code;
}

const isClauseMark = (code: number): boolean => code === 46 || code === 44 || code === 59 || code === 58;
const isDash = (code: number): boolean => code === 45 || code === 0x2013 || code === 0x2014;
/** What `\s` matches. */
const isSpace = (code: number): boolean =>
  code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff;

const LETTER = 1;
const NUMBER = 2;
const PICTOGRAPHIC = 4;
/** Classes of the characters up to U+FFFF, filled in as they are met (0: not yet known; else classes + 8). */
const BMP_CLASSES = new Uint8Array(0x10000);
const ASTRAL_CLASSES = new Map<number, number>();

/** Which of \p{L}, \p{N}, \p{Extended_Pictographic} a code point is. */
function classesOf(point: number): number {
  if (point < 128) return (point >= 97 && point <= 122) || (point >= 65 && point <= 90) ? LETTER : point >= 48 && point <= 57 ? NUMBER : 0;
  if (point <= 0xffff) {
    const known = BMP_CLASSES[point]!;
    if (known !== 0) return known - 8;
    const classes = computeClasses(point);
    BMP_CLASSES[point] = classes + 8;
    return classes;
  }
  let classes = ASTRAL_CLASSES.get(point);
  if (classes === undefined) {
    // Bounded: text made of many distinct rare characters must not grow it without end.
    if (ASTRAL_CLASSES.size >= 4096) ASTRAL_CLASSES.clear();
    ASTRAL_CLASSES.set(point, (classes = computeClasses(point)));
  }
  return classes;
}

function computeClasses(point: number): number {
  const char = String.fromCodePoint(point);
  return (/\p{L}/u.test(char) ? LETTER : 0) | (/\p{N}/u.test(char) ? NUMBER : 0) | (/\p{Extended_Pictographic}/u.test(char) ? PICTOGRAPHIC : 0);
}

/** A letter three times in a row; the regex runs only where three equal code units, or a surrogate pair, are seen. */
function isElongated(lower: string): boolean {
  for (let k = 0; k < lower.length; k++) {
    const code = lower.charCodeAt(k);
    if ((code >= 0xd800 && code <= 0xdfff) || (k + 2 < lower.length && code === lower.charCodeAt(k + 1) && code === lower.charCodeAt(k + 2))) return ELONGATED.test(lower);
  }
  return false;
}

const ELONGATED = /(\p{L})\1\1/u;
const ELONGATED_ALL = /(\p{L})\1{2,}/gu;

/** Whether a word is written in capitals for emphasis (two or more letters, no lower case). */
export function isShouted(word: string): boolean {
  return word.length >= 2 && /\p{Lu}/u.test(word) && !/\p{Ll}/u.test(word) && !/\p{N}/u.test(word);
}

/** Words that open a comment with a comma without being anyone's name ("Absolutely, …"). */
const NOT_NAMES = new Set(
  'yes yeah yep yup no nope nah absolutely exactly indeed well hmm ok okay sorry sure right true agreed actually honestly frankly look listen mate sir madam guys folks everyone anyway so and but or also still again then now oh ah hi hey thanks cheers sadly surely clearly obviously unfortunately fortunately interesting agree disagree'.split(' '),
);

/**
 * The person a comment opens by addressing — "Mike, …", "Hi Mike, …",
 * "@mike …" — or null. The page shows no authors, so this is the only name
 * a reply gives for whom it answers.
 */
export function addressedName(text: string): string | null {
  const match = /^\s*(?:(?:hi|hey|sorry|well|oh|ok|okay|thanks|cheers)\s+)?(?:(@\w+)|(\p{Lu}\p{Ll}+)\s*,)/iu.exec(text);
  const name = match?.[1] ?? match?.[2];
  if (name === undefined || NOT_NAMES.has(name.toLowerCase())) return null;
  return name;
}
