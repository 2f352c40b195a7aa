import { describe, expect, it } from 'vitest';
import { compileIncivilityLexicon, extendIncivilityLexicon, scoreIncivility, ThreadlensError } from '../src/index.js';

describe('incivility', () => {
  it('flags an insult at a fellow commenter as aimed at the commenter', () => {
    expect(scoreIncivility('Learn to read, you moron. It says plan, not agreed.', true)).toMatchObject({ kinds: ['insult'], target: 'commenter' });
  });

  it('flags harsh words about a leader as aimed at a public figure', () => {
    expect(scoreIncivility('Putin is a nut job and a coward.', false)).toMatchObject({ kinds: ['insult'], target: 'public_figure' });
  });

  it('does not flag military vocabulary, quoted insults or negated ones', () => {
    for (const text of [
      'The kill chain from drone to artillery is down to minutes.',
      'Strike deep into Russia and take out the radar sites.',
      'Medvedev called Britain "pathetic idiots" again.',
      "Nobody here is stupid, we just weigh the risk differently.",
      'Poking the bear is exactly what they want us to think.',
      'The Russian regime is evil.',
    ]) {
      expect(scoreIncivility(text, false).kinds, text).toEqual([]);
    }
  });

  it('needs a person for a threat', () => {
    expect(scoreIncivility('Destroy the bridge and hit them hard.', false).kinds).toEqual([]);
    expect(scoreIncivility('I hope you get shot.', true)).toMatchObject({ kinds: ['threat'], target: 'commenter', severity: 3 });
  });

  it('counts obfuscated swearing as profanity', () => {
    expect(scoreIncivility('What a f***ing shambles.', false)).toMatchObject({ kinds: ['profanity'], target: 'other' });
  });

  it('takes additions from a user lexicon, and names a bad pattern', () => {
    const extended = compileIncivilityLexicon(extendIncivilityLexicon({ insult: { gobshite: 2 } }));
    expect(scoreIncivility('What a gobshite.', false, extended).kinds).toEqual(['insult']);
    expect(() => compileIncivilityLexicon(extendIncivilityLexicon({ threatPatterns: ['(unclosed'] }), 'my.json')).toThrow(ThreadlensError);
  });
});
