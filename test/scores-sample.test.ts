import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { analyseThread, incivilityStage, keyStage, parse, sentimentStage, stanceStage, type Thread } from '../src/index.js';
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

describe('analyseThread on a thread larger than its scoring blocks and memos', () => {
  it('gives every comment the scores the stages give one after another', () => {
    // 3,000 comments from the sample corpus's texts (each made distinct), whose replies answer comments up to
    // 2,500 places back: parents long gone from the memos must be read again, with the same result.
    const texts = readdirSync('corpus')
      .filter((name) => name.endsWith('.txt'))
      .sort()
      .flatMap((name) => parse(readBytes(`corpus/${name}`), { file: name }).comments.map((comment) => comment.text));
    const base = parse(readBytes('corpus/003_d568973889bbf5ad.txt'), { file: 'big.txt' });
    const comments = Array.from({ length: 3000 }, (_, i) => {
      const parent = i % 3 === 0 ? null : i % 3 === 1 ? i - 1 : Math.max(0, i - 2500 + (i % 7)) + 1;
      return { ...base.comments[0]!, id: `c${i}`, parentId: parent === null ? null : `c${parent}`, number: i + 1, text: `${texts[i % texts.length]} (${i})`, data: undefined };
    });
    const make = (): Thread => ({ ...base, comments: comments.map((comment) => ({ ...comment })) });
    const whole = analyseThread(make());
    const staged = incivilityStage(stanceStage(sentimentStage(keyStage(make()))));
    expect(new Set(whole.comments.map((comment) => comment.data.stance.stance)).size).toBeGreaterThan(1);
    expect(whole.comments.map((comment) => comment.data)).toEqual(staged.comments.map((comment) => ({ ...comment.data, cluster: null })));
  });
});
