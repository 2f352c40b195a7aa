import { describe, expect, it } from 'vitest';
import { scoreSentiment } from '../src/index.js';
import { lexiconScore, prepareText, DEFAULT_SENTIMENT_MODEL } from '../src/analyse/sentiment.js';
import { tokenize, normaliseText } from '../src/analyse/text.js';

const lexicon = (text: string) => lexiconScore(prepareText(text), DEFAULT_SENTIMENT_MODEL).score;

describe('sentiment', () => {
  it('scores in [-1, 1] with a label and the cues that moved it', () => {
    const result = scoreSentiment('This is a brilliant, excellent plan!');
    expect(result.score).toBeGreaterThan(0.3);
    expect(result.score).toBeLessThanOrEqual(1);
    expect(result.label).toBe('positive');
    expect(result.cues.map((cue) => cue.text)).toEqual(expect.arrayContaining(['brilliant', 'excellent']));
    expect(scoreSentiment('A terrible, disastrous decision.').label).toBe('negative');
  });

  it('reads curly apostrophes, tabs and no-break spaces like their plain forms', () => {
    expect(scoreSentiment('I don’t\tlike\u00a0it').score).toBe(scoreSentiment("I don't like it").score);
  });

  it('sees emoji glued to words', () => {
    expect(tokenize(normaliseText('great😀')).map((token) => token.kind)).toEqual(['word', 'emoji']);
    expect(lexicon('ok😀')).toBeGreaterThan(0);
  });

  it('negates within a few words, not just the one before', () => {
    expect(lexicon('not very good')).toBeLessThan(0);
    expect(lexicon('very good')).toBeGreaterThan(0);
    expect(lexicon('not good. Great!')).toBeGreaterThan(0);
  });

  it('weighs the clause after "but" more', () => {
    expect(lexicon('The plan is good but the execution is terrible')).toBeLessThan(0);
    expect(lexicon('The execution is terrible but the plan is good')).toBeGreaterThan(0);
  });

  it('boosts shouted words and exclamation marks', () => {
    expect(lexicon('this is GOOD')).toBeGreaterThan(lexicon('this is good'));
    expect(lexicon('this is good!!!')).toBeGreaterThan(lexicon('this is good'));
  });

  it('reads regular inflections of lexicon words the lexicon lacks', () => {
    expect(lexicon('the cruelties of war')).toBeLessThan(lexicon('war'));
    expect(lexicon('the nicest people')).toBeGreaterThan(0);
    expect(lexicon('playground bullies')).toBeLessThan(0);
    expect(lexicon('she smiled happily')).toBeGreaterThan(0);
    // a dampener is not a form of the word it contains
    expect(lexicon('fairly')).toBe(0);
  });

  it('knows common polar words AFINN lacks', () => {
    expect(lexicon('a massacre')).toBeLessThan(0);
    expect(lexicon('the hypocrisy')).toBeLessThan(0);
    expect(lexicon('a tasty meal')).toBeGreaterThan(0);
  });

  it('rates a short exclamation more strongly than the same word in a long sentence', () => {
    const short = scoreSentiment('Fun!!').score;
    const long = scoreSentiment('We went to the fair with the children on Sunday and it was fun, then we drove home.').score;
    expect(short).toBeGreaterThan(long);
    expect(long).toBeGreaterThan(0);
  });

  it('treats defence-news vocabulary as neutral', () => {
    for (const text of ['NATO support for Ukraine', 'the strike on the airfield', 'the allies send forces']) expect(lexicon(text)).toBe(0);
    expect(lexicon('Russia is like a bear')).toBe(0);
    expect(lexicon('I like it')).toBeGreaterThan(0);
  });

  it('copes with words that are Object.prototype keys, and with hostile input', () => {
    for (const text of ['constructor', '__proto__', 'hasOwnProperty toString', '']) expect(Number.isFinite(scoreSentiment(text).score)).toBe(true);
    expect(scoreSentiment('a.'.repeat(20_000)).label).toBe('neutral');
    expect(Number.isFinite(scoreSentiment('sooooo gooooood '.repeat(10_000)).score)).toBe(true);
  });
});
