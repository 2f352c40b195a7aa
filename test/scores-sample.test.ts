import { describe, expect, it } from 'vitest';
import { analyseThread, parse } from '../src/index.js';
import { readBytes } from './helpers.js';

describe('scores on the sample thread', () => {
  const file = 'corpus/003_d568973889bbf5ad.txt';
  const thread = analyseThread(parse(readBytes(file), { file }));
  const scores = thread.comments.map((comment) => comment.data);
  const byStart = (start: string) => thread.comments.find((comment) => comment.text.startsWith(start))!.data;

  it('scores every comment', () => {
    expect(scores).toHaveLength(24);
    expect(new Set(scores.map((score) => score.key)).size).toBe(24);
    for (const score of scores) {
      expect(score.sentiment.score).toBeGreaterThanOrEqual(-1);
      expect(score.sentiment.score).toBeLessThanOrEqual(1);
      expect(score.stance.confidence).toBeGreaterThan(0);
    }
  });

  it('aims "nut job" and "evil bastards" at public figures, not at commenters', () => {
    expect(byStart('Absolutely none practically').incivility).toMatchObject({ target: 'public_figure' });
    expect(byStart('Absolutely none practically').incivility.cues).toContain('nut job');
    expect(byStart('I feel two ways about this').incivility).toMatchObject({ target: 'public_figure' });
    expect(byStart('I feel two ways about this').incivility.cues).toContain('bastards');
    expect(scores.filter((score) => score.incivility.target === 'commenter')).toEqual([]);
  });

  it('judges top-level comments against the article and replies against their parent', () => {
    for (const comment of thread.comments) expect(comment.data.stance.target).toBe(comment.parentId === null ? 'article' : 'parent');
  });

  it('reads the questions and the rebuttals', () => {
    expect(byStart('Do you feel this war will last').stance.stance).toBe('query');
    expect(byStart('Surrounded by NATO?').stance.stance).toBe('disagree');
    expect(byStart('The being surrounded by nato is a bit of a myth').stance.stance).toBe('disagree');
  });

  it('hears the agreement and the rebuttals a careful reader hears', () => {
    // c10 has said the same before, c15 adds to its parent's point, c23 backs the
    // article's call for aid, c11 builds on its parent's proposal: three at least.
    const agreeing = ['I said something like that', 'And every nato nation', 'Shame on the US Republicans', 'I’d go for Nato troops'].filter((start) => byStart(start).stance.stance === 'agree');
    expect(agreeing.length).toBeGreaterThanOrEqual(3);
    // c2 answers with a counter-question, c9 concedes and then objects, c19 calls the parent's idea appeasement.
    for (const start of ['Hi Mike, what’s the difference', 'There’s something to be said for this', 'Sounds like appeasement Martin']) expect(byStart(start).stance.stance, start).toBe('disagree');
  });
});
