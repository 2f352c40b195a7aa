import { describe, expect, it } from 'vitest';
import { DEFAULT_STANCE_MODEL, scoreStance } from '../src/index.js';
import { softmax, stanceFeatures, stanceLogits } from '../src/analyse/stance.js';

describe('reply stance', () => {
  it('reads opening agreement', () => {
    const result = scoreStance('Spot on. Russia broke the rules, Russia pays for the damage.', 'The EU should seize the frozen Russian assets.', 'parent');
    expect(result).toMatchObject({ stance: 'agree', target: 'parent' });
    expect(result.confidence).toBeGreaterThan(0.25);
    expect(result.cues.join(' ')).toContain('spot on');
  });

  it('reads sarcasm as disagreement, not agreement', () => {
    expect(scoreStance('Yeah right, because that worked so well in 2014.', 'Sanctions will stop them this time.', 'parent').stance).toBe('disagree');
  });

  it('tells a real question from a rhetorical one', () => {
    expect(scoreStance('Where did you get that figure from?', 'Russia has lost 600k men.', 'parent').stance).toBe('query');
    expect(scoreStance('Are you serious? That is complete nonsense.', 'NATO provoked the war.', 'parent').stance).toBe('disagree');
  });

  it('judges a top-level comment against the article', () => {
    expect(scoreStance('Good. About time.', 'Britain sends more air defence to Ukraine.', 'article').target).toBe('article');
  });
});

describe('reply stance internals', () => {
  it('scores character n-grams from hashes exactly as from the n-gram strings the model was fitted on', () => {
    const texts = [
      ['I said something like that two years ago and was shot down.', 'European countries could put boots on the ground in the west of Ukraine.'],
      ['Ça dépend — naïve café “quotes” and emoji 😂😂 repeated repeated repeated', 'Parent text?'],
      ['x'.repeat(400), 'y'],
      ['', 'Nothing to answer.'],
      ['  \tLeading SPACE,\r\n\r\nline breaks\vand\ftabs\t\t ', 'Parent.'],
      [`${'Plain ASCII opening. '.repeat(15)}then “curly” quotes after the window`, 'Parent.'],
      ['İstanbul ISTANBUL istanbul', 'Parent.'],
    ] as const;
    for (const [reply, parent] of texts) {
      const { features } = stanceFeatures(reply, parent, 'parent');
      const expected = softmax(stanceLogits(features, DEFAULT_STANCE_MODEL).map((logit) => logit / DEFAULT_STANCE_MODEL.temperature));
      const best = Math.max(...expected);
      const scored = scoreStance(reply, parent, 'parent');
      expect(scored.confidence).toBeCloseTo(best, 3);
    }
  });

  it('keeps query for a reply that opens with a real question, not for a rhetorical one', () => {
    expect(stanceFeatures('Do you think they will hold the line? I doubt it myself.', 'The front is stable.', 'parent').asks).toBe('opens');
    expect(stanceFeatures('Who says? That is nonsense.', 'The front is stable.', 'parent').asks).toBeNull();
  });
});
