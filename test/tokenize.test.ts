import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalisedText } from '../src/analyse/keys.js';
import { excerpt } from '../src/report/markdown.js';
import { scanWords, scanWordsAsWritten, tokenize, type Token, type TokenKind } from '../src/analyse/text.js';

/** The tokenizer's definition as one regex alternation (what tokenize reads character by character). */
const DEFINITION = new RegExp(
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

function byDefinition(text: string): Token[] {
  return [...text.matchAll(DEFINITION)].map((match) => {
    let group = 1;
    while (match[group] === undefined) group++;
    const kind = KINDS[group - 1]!;
    const value = kind === 'break' ? match[0].trim() : match[0];
    const lower = value.toLowerCase();
    const elongated = kind === 'word' && /(\p{L})\1\1/u.test(lower);
    return { text: value, lower: elongated ? lower.replace(/(\p{L})\1{2,}/gu, '$1$1') : lower, kind, elongated };
  });
}

/** Characters where the rules meet: emoticon parts, apostrophes, dashes, spaces, astral letters, emoji, surrogates. */
const PIECES = [...'aZé8Dd3:;=\'"-–—()[]/\\|*<!?., \t\n\u00a0\u2028xİΣß٣', '😀', '😂', '\uFE0F', '🙄', '©', '𝐀', '𝟏', '\uD800', '\uDC00', 'ﬁ', 'soooo', "don't", 'rock\'n\'roll'];

describe('tokenize', () => {
  it('splits as its regex definition does', () => {
    for (const text of ["I don't like it :-) <3 D: 8) 83 days", 'great😀 ❤️ sooo goood!!! Why?? Well... yes - no — maybe', 'Ça dépend: naïve café; İstanbul ΣΟΦΙΑ']) {
      expect(tokenize(text)).toEqual(byDefinition(text));
    }
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 14 }), (pieces) => {
        const text = pieces.join('');
        expect(tokenize(text)).toEqual(byDefinition(text));
      }),
      { numRuns: 3000, seed: 11 },
    );
  });

  it('reads the same words without making tokens (scanWords, scanWordsAsWritten)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 14 }), (pieces) => {
        const text = pieces.join('');
        const lower: Array<string | null> = [];
        const written: Array<string | null> = [];
        scanWords(text, (word) => lower.push(word));
        scanWordsAsWritten(text, (word) => written.push(word));
        const tokens = tokenize(text);
        expect(lower).toEqual(tokens.map((token) => (token.kind === 'word' ? token.lower : null)));
        expect(written).toEqual(tokens.map((token) => (token.kind === 'word' ? token.text : null)));
      }),
      { numRuns: 2000, seed: 12 },
    );
  });

  it('folds whitespace for keys as the regex does, whichever spaces a text has (normalisedText)', () => {
    const spaces = [' ', '  ', '\t', '\n', '\r\n', '\u00a0', '\u2003', '\u2028', '\u3000', '\ufeff', '\u200b'];
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...spaces), fc.constantFrom('a', 'Word', 'é', '.')), { maxLength: 10 }), (pieces) => {
        const text = pieces.join('');
        expect(normalisedText(text)).toBe(text.replace(/\s+/g, ' ').trim());
      }),
      { numRuns: 3000, seed: 13 },
    );
  });

  it('cuts an excerpt from a long text as from the whole text folded (excerpt)', () => {
    const byDefinition = (text: string, length: number): string => {
      const flat = text.replace(/\s+/g, ' ').trim();
      if (flat.length <= length) return flat;
      const cut = flat.slice(0, length);
      return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), length * 0.6)).trimEnd()}…`;
    };
    const pieces = fc.constantFrom(' ', '          ', '\n\n', '\t', 'word', 'a', 'longerword', '.');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), fc.integer({ min: 1, max: 30 }), (parts, length) => {
        const text = parts.join('');
        expect(excerpt(text, length)).toBe(byDefinition(text, length));
      }),
      { numRuns: 3000, seed: 14 },
    );
  });
});
