import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileIncivilityLexicon, extendIncivilityLexicon, normalizeAnalyseOptions, scoreIncivility, ThreadlensError } from '../src/index.js';
import { BASE_INCIVILITY_LEXICON, defaultIncivilityModel, incivilityTokens } from '../src/analyse/incivility.js';
import { firstWords, PatternIndex } from '../src/analyse/incivility-patterns.js';

describe('incivility: whom it is aimed at', () => {
  it('flags the attacks on a fellow commenter that the hand lexicon missed, aimed at the commenter', () => {
    for (const text of [
      'Go back to Moscow, you Kremlin troll',
      'Only a complete moron would write that',
      'Someone should shut you up permanently',
      'People like you are why this country is finished',
    ]) {
      const score = scoreIncivility(text, true);
      expect(score.kinds.length, text).toBeGreaterThan(0);
      expect(score.target, text).toBe('commenter');
    }
    const bot = scoreIncivility('Typical Russian bot talking points again', true);
    expect(bot.kinds).toContain('insult');
    expect(['commenter', 'other']).toContain(bot.target);
  });

  it('reads a threat of lasting harm as a threat', () => {
    expect(scoreIncivility('Someone should shut you up permanently', true).kinds).toContain('threat');
    expect(scoreIncivility('I hope you get shot.', true)).toMatchObject({ kinds: ['threat'], target: 'commenter', severity: 3 });
    expect(scoreIncivility('Traitors like that should be hanged.', false).kinds).toContain('threat');
  });

  it('takes an opening name or @name as the person addressed', () => {
    expect(scoreIncivility('Martin, that is the dumbest thing posted all week.', false).target).toBe('commenter');
    expect(scoreIncivility('@dave what a load of idiotic drivel.', false).target).toBe('commenter');
    // A name that is a public figure's is not a fellow commenter.
    expect(scoreIncivility('Putin, what an idiot.', false).target).toBe('public_figure');
    // An exclamation is no name.
    expect(scoreIncivility('Shit, that convoy took a pounding.', true)).toMatchObject({ kinds: ['profanity'], target: 'other' });
  });

  it('aims harsh words about a named leader or a title at a public figure, and about groups at no one in the thread', () => {
    expect(scoreIncivility('Putin is a nut job and a coward.', false)).toMatchObject({ kinds: ['insult'], target: 'public_figure' });
    expect(scoreIncivility('The defence secretary is a clueless buffoon.', true).target).toBe('public_figure');
    expect(scoreIncivility('Those generals are a bunch of useless idiots.', true).target).toBe('other');
  });

  it('takes an unnamed insult in a reply as aimed at the person answered, and in a top-level comment at no one', () => {
    expect(scoreIncivility('What a moron.', true).target).toBe('commenter');
    expect(scoreIncivility('What a moron.', false).target).toBe('other');
  });
});

describe('incivility: general constructions', () => {
  it('reads symbols standing for letters as a mask', () => {
    expect(scoreIncivility('What a load of sh!t.', false).kinds).toEqual(['profanity']);
    expect(scoreIncivility('Typical tw@t move.', false).kinds).toContain('profanity');
    expect(scoreIncivility('pi$$ed off with the MoD', false).kinds).toEqual(['profanity']);
    // A sentence that ends with "!" is not joined to the next word.
    expect(incivilityTokens('great! next').keys).toEqual(['great', 'next']);
  });

  it('takes words of bigotry as insults when said of a person, not when a view or a policy is discussed', () => {
    expect(scoreIncivility('He is a racist and always was.', false)).toMatchObject({ kinds: ['insult'] });
    expect(scoreIncivility('You racist.', true)).toMatchObject({ kinds: ['insult'], target: 'commenter' });
    expect(scoreIncivility('Is the tax racist, or just badly designed?', false).kinds).toEqual([]);
    expect(scoreIncivility('The province has a racist past it must face.', false).kinds).toEqual([]);
  });

  it('reads wished harm and generalisations about groups', () => {
    expect(scoreIncivility("I wouldn't shed a tear if Shoigu caught a bullet.", false).kinds).toContain('threat');
    expect(scoreIncivility('Someone should take Putin out.', false).kinds).toContain('threat');
    expect(scoreIncivility('Lying comes naturally to them, the whole lot.', false).kinds).toContain('identity_attack');
    expect(scoreIncivility('Sunak has the backbone of a jellyfish.', false).kinds).toContain('insult');
    // Sarcastic titles, as in the labelling notes ("the Clausewitz of the comments section"); "if it isn't" negates nothing.
    expect(scoreIncivility("Well, if it isn't the Clausewitz of the comments section.", true)).toMatchObject({ kinds: ['insult'], target: 'commenter' });
    for (const text of ['The depth of the river makes crossing hard.', 'Russians have been fighting in that region for centuries.', 'Putin should face trial at The Hague.']) {
      expect(scoreIncivility(text, false).kinds, text).toEqual([]);
    }
  });
});

describe('incivility: what does not count', () => {
  it('does not flag military vocabulary, quoted insults, reported ones or negated ones', () => {
    for (const text of [
      'The kill chain from drone to artillery is down to minutes.',
      'Strike deep into Russia and take out the radar sites.',
      'Storm Shadow hit the command post; the kill zone is 15km deep now.',
      'They shot down six drones overnight.',
      'Medvedev called Britain "pathetic idiots" again.',
      "The minister's 'useful idiots' line went down badly.",
      'Nobody here is stupid, we just weigh the risk differently.',
      "You're not an idiot, you just have older figures.",
      'He called me a liar on the radio.',
      'Poking the bear is exactly what they want us to think.',
      'The Russian regime is evil.',
      'Dumb bombs with glide kits are cheap and effective.',
    ]) {
      expect(scoreIncivility(text, false).kinds, text).toEqual([]);
    }
  });

  it('keeps a negated insult that still lands', () => {
    expect(scoreIncivility("Not calling you a moron, but you're giving it a good go.", true)).toMatchObject({ kinds: ['insult'], target: 'commenter' });
    expect(scoreIncivility('Criminals are not the only stupid people here.', false).kinds).toEqual(['insult']);
  });

  it('needs a person for a threat', () => {
    expect(scoreIncivility('Destroy the bridge and hit them hard.', false).kinds).toEqual([]);
    expect(scoreIncivility('Artillery is there to kill the guns before they fire.', false).kinds).toEqual([]);
  });

  it('reads Markdown emphasis as emphasis, and masked swearing as swearing', () => {
    expect(scoreIncivility('Storm Shadow** and ATACMS', false).kinds).toEqual([]);
    expect(scoreIncivility('**bold**', false).kinds).toEqual([]);
    expect(scoreIncivility('__init__ and **really** important', false).kinds).toEqual([]);
    expect(scoreIncivility('What a f***ing shambles.', false)).toMatchObject({ kinds: ['profanity'], target: 'other' });
    expect(scoreIncivility('Holy sh*t, look at that.', false).kinds).toEqual(['profanity']);
    expect(scoreIncivility('f*** this procurement system', false).kinds).toEqual(['profanity']);
    expect(scoreIncivility('Shoigu is a useless c*nt.', false).kinds).toEqual(['insult', 'profanity']);
  });
});

describe('incivility: the fitted table and the lexicon', () => {
  const model = defaultIncivilityModel();

  it('finds insults from the table fitted on Toxic Spans when the word lists are empty', () => {
    const bare = compileIncivilityLexicon({ ...BASE_INCIVILITY_LEXICON, insult: {}, profanity: {}, identityAttack: {} });
    expect(scoreIncivility('What an idiot.', false, bare).kinds).toEqual(['insult']);
    expect(Object.keys(model.ngrams).length).toBeGreaterThan(100);
    expect(model.parameters.addressed).toBeLessThanOrEqual(model.parameters.cue);
  });

  it('counts a weaker word when it is said to someone ("you … troll"), not otherwise', () => {
    const bare = compileIncivilityLexicon({ ...BASE_INCIVILITY_LEXICON, insult: {}, profanity: {}, identityAttack: {}, addressedPatterns: [], insultPatterns: [] });
    const total = (shares: number[]): number => shares.reduce((sum, share) => sum + share, 0);
    const weak = Object.entries(model.ngrams).find(([phrase, shares]) => /^[a-z]+$/.test(phrase) && shares[0]! === Math.max(...shares.slice(0, 4)) && total(shares) >= model.parameters.addressed && total(shares) < model.parameters.cue);
    expect(weak, 'a word between the two thresholds').toBeDefined();
    expect(scoreIncivility(`you ${weak![0]}`, true, bare).kinds).toContain('insult');
    expect(scoreIncivility(`the ${weak![0]}`, true, bare).kinds).toEqual([]);
  });

  it('takes additions from a user lexicon, and names a bad pattern', () => {
    const extended = compileIncivilityLexicon(extendIncivilityLexicon({ insult: { mumpsimus: 2 } }));
    expect(scoreIncivility('What a mumpsimus.', false, extended).kinds).toEqual(['insult']);
    expect(scoreIncivility('What a mumpsimus.', false).kinds).toEqual([]);
    const threat = compileIncivilityLexicon(extendIncivilityLexicon({ threatPatterns: ['\\bfeed (?:him|her|you) to the sharks\\b'] }));
    expect(scoreIncivility('Feed him to the sharks.', false, threat).kinds).toEqual(['threat']);
    const safe = compileIncivilityLexicon(extendIncivilityLexicon({ safePhrases: ['nut job'] }));
    expect(scoreIncivility('Putin is a nut job.', false, safe).kinds).toEqual([]);
    expect(() => compileIncivilityLexicon(extendIncivilityLexicon({ threatPatterns: ['(unclosed'] }), 'my.json')).toThrow(ThreadlensError);
  });

  it('checks the new lexicon fields of an option', () => {
    expect(() => normalizeAnalyseOptions({ incivilityLexicon: { safePhrases: ['kill box'], reporting: ['slammed as'] } })).not.toThrow();
    expect(() => normalizeAnalyseOptions({ incivilityLexicon: { safePhrases: 'kill box' } as never })).toThrow(ThreadlensError);
  });
});

/** A pattern's source without `\\b` and lookarounds, `\\w` as a letter: what fast-check can generate strings for. */
function withoutAssertions(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    if (source.startsWith('(?=', i) || source.startsWith('(?!', i) || source.startsWith('(?<=', i) || source.startsWith('(?<!', i)) {
      let depth = 0;
      for (; i < source.length; i++) {
        if (source[i] === '\\') i++;
        else if (source[i] === '[') while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
        else if (source[i] === '(') depth++;
        else if (source[i] === ')' && --depth === 0) break;
      }
      continue;
    }
    if (source[i] === '\\') {
      const next = source[++i];
      out += next === 'b' ? '' : next === 'w' ? '[a-z]' : next === 's' ? ' ' : next === 'd' ? '[0-9]' : `\\${next}`;
      continue;
    }
    if (source[i] === '^' || source[i] === '$') continue;
    out += source[i];
  }
  return out;
}

describe('incivility: patterns tried where their first word is', () => {
  const lexicon = BASE_INCIVILITY_LEXICON;
  const sources = [...lexicon.insultPatterns, ...lexicon.addressedPatterns, ...lexicon.threatPatterns, ...lexicon.identityPatterns].map((pattern) =>
    pattern.replaceAll('{group}', '(?:russians|the poles|chinese)').replaceAll('{figure}', '(?:putin|kim jong un)').replaceAll('{person}', '(?:you|him|putin)'),
  );

  it('reads the first words of a pattern', () => {
    expect(firstWords('\\b(?:hope|wish)s? you die\\b')!.map((lead) => lead.text).sort()).toEqual(['hope', 'hopes', 'wish', 'wishs']);
    expect(firstWords('\\bexterminat(?:e|ed)\\b')!.map((lead) => `${lead.text}${lead.whole ? '' : '…'}`).sort()).toEqual(['exterminate', 'exterminated']);
    expect(firstWords('(?:^|, )comrade')).toBeNull();
    expect(firstWords('\\w+ idiot')).toBeNull();
  });

  it('finds the same matches as scanning the whole text with each pattern', () => {
    const index = new PatternIndex<number>();
    sources.forEach((source, id) => index.add(source, new RegExp(source, 'g'), id));
    // Text near each pattern: strings of the pattern without its boundaries and lookarounds (fast-check
    // cannot build those), between words and punctuation, so that the patterns do match, and near-miss.
    const near = sources.map((source) => fc.stringMatching(new RegExp(`^(?:${withoutAssertions(source)})$`)));
    const filler = fc.constantFrom('you', 'him', 'the', 'a', 'putin', 'russians', 'idiot', 'of', 'to', 'is', 'are', 'hope', 'never', 'not');
    const part = fc.oneof(fc.oneof(...near), filler, filler);
    const text = fc.array(fc.tuple(part, fc.constantFrom(' ', ' ', ', ', '. ', '! ', '\n', ' - ')), { minLength: 1, maxLength: 8 }).map((parts) => parts.map(([words, gap]) => words + gap).join(''));
    let matched = 0;
    fc.assert(
      fc.property(text, (input) => {
        const tokens = incivilityTokens(input);
        const indexed = index.matches(input, tokens.raws, tokens.starts).map((match) => `${match.value}@${match.index}:${match.text}`).sort();
        const scanned = sources.flatMap((source, id) => [...input.matchAll(new RegExp(source, 'g'))].filter((match) => match[0].length > 0).map((match) => `${id}@${match.index}:${match[0]}`)).sort();
        expect(indexed).toEqual(scanned);
        if (scanned.length > 0) matched++;
      }),
      { numRuns: 2000, seed: 12 },
    );
    // The inputs did exercise the patterns.
    expect(matched).toBeGreaterThan(1000);
  });
});

describe('incivility on hostile text', () => {
  const timed = (text: string, isReply = true): number => {
    const start = performance.now();
    scoreIncivility(text, isReply);
    return performance.now() - start;
  };

  it('stays linear on a 10 MB comment, full of cues or of none', () => {
    scoreIncivility('warm up, you idiot', true);
    for (const text of ['word '.repeat(2 * 1024 * 1024), 'you absolute idiot '.repeat(550_000), 'f*f*f*f*f*f*f*f*f*f*f*f*'.repeat(440_000), '"a \'b '.repeat(1_750_000)]) {
      expect(timed(text)).toBeLessThan(20_000);
    }
    const many = scoreIncivility('you absolute idiot, '.repeat(100_000), true);
    expect(many).toMatchObject({ kinds: ['insult'], target: 'commenter' });
    expect(many.cues.length).toBeLessThanOrEqual(100);
  }, 120_000);

  it('reads "a." 20,000 times quickly', () => {
    scoreIncivility('warm up', false);
    expect(timed('a.'.repeat(20_000), false)).toBeLessThan(1000);
    expect(timed('a. '.repeat(20_000) + 'you idiot', true)).toBeLessThan(1000);
  });
});
