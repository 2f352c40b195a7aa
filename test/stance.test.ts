import { describe, expect, it } from 'vitest';
import { scoreStance } from '../src/index.js';

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
