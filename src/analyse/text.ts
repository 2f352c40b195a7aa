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
  return text
    .replace(/[\u2018\u2019\u201b\u02bc\u2032\uff07]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033\uff02]/g, '"')
    .replace(/[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g, ' ')
    .replace(/[\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g, '');
}

/** One alternative per token kind, in the order of {@link KINDS}; the first that matches wins. */
const TOKEN = new RegExp(
  [
    String.raw`((?:[:;=8]['"]?-?[()\[\]DdPpOo/\\|*3]|<3|\(:|[Dd]:)(?![\p{L}\p{N}]))`,
    String.raw`(\p{Extended_Pictographic}\uFE0F?)`,
    String.raw`([\p{L}\p{N}]+(?:'[\p{L}]+)*)`,
    String.raw`(!+)`,
    String.raw`(\?+)`,
    String.raw`([.,;:]+|\s[-–—]\s)`,
  ].join('|'),
  'gu',
);
const KINDS: readonly TokenKind[] = ['emoticon', 'emoji', 'word', 'exclamation', 'question', 'break'];

/**
 * Splits text into words, emoticons, emoji and the punctuation that matters.
 * Pass text already normalised by {@link normaliseText}. A letter repeated
 * three or more times is cut to two in `lower` ("soooo" → "soo").
 */
export function tokenize(normalised: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(normalised); match !== null; match = TOKEN.exec(normalised)) {
    let group = 1;
    while (match[group] === undefined) group++;
    const kind = KINDS[group - 1]!;
    const value = kind === 'break' ? match[0].trim() : match[0];
    const lower = value.toLowerCase();
    const elongated = kind === 'word' && ELONGATED.test(lower);
    tokens.push({ text: value, lower: elongated ? lower.replace(ELONGATED_ALL, '$1$1') : lower, kind, elongated });
  }
  return tokens;
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
