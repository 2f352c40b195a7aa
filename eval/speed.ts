/**
 * Scoring speed (`npm run eval`): vader-sentiment's polarity_scores against
 * threadlens's three judgements — sentiment, stance and incivility — on the
 * same texts: every SFU-CTC comment and the Toxic Spans test comments, in
 * file order. For stance each text answers the one before it (the first
 * answers no article). Each judgement is timed alone, and all three together
 * as the analyse stage runs them on a comment; the passes are interleaved
 * (their order turns from run to run) and each keeps its best run.
 *
 * threadlens memoises per text (a comment is read as a reply and as a
 * parent), so every timed pass gets its own copy of the texts, each with a
 * short marker appended that no other pass used: no pass finds another's
 * work in a cache. The markers are the same for every scorer in a pass.
 */
import vader from 'vader-sentiment';
import { scoreIncivility } from '../src/analyse/incivility.js';
import { scoreSentiment } from '../src/analyse/sentiment.js';
import { scoreStance } from '../src/analyse/stance.js';
import { sfuRows, toxicSpansComments } from './incivility-data.js';
import { round3 } from './metrics.js';

/** One pass: score every text (`parents[i]` is what text i answers, or null). */
type Pass = (texts: readonly string[], parents: ReadonlyArray<string | null>) => void;

const stance = (texts: readonly string[], parents: ReadonlyArray<string | null>, i: number) =>
  parents[i] === null ? scoreStance(texts[i]!, null, 'article') : scoreStance(texts[i]!, parents[i]!, 'parent');

const PASSES = {
  vader: (texts) => {
    for (const text of texts) vader.SentimentIntensityAnalyzer.polarity_scores(text);
  },
  sentiment: (texts) => {
    for (const text of texts) scoreSentiment(text);
  },
  stance: (texts, parents) => {
    for (let i = 0; i < texts.length; i++) stance(texts, parents, i);
  },
  incivility: (texts, parents) => {
    for (let i = 0; i < texts.length; i++) scoreIncivility(texts[i]!, parents[i] !== null);
  },
  allThree: (texts, parents) => {
    for (let i = 0; i < texts.length; i++) {
      scoreSentiment(texts[i]!);
      stance(texts, parents, i);
      scoreIncivility(texts[i]!, parents[i] !== null);
    }
  },
} satisfies Record<string, Pass>;

export type SpeedPass = keyof typeof PASSES;
const JUDGEMENTS = ['sentiment', 'stance', 'incivility', 'allThree'] as const;

export interface SpeedFigures {
  texts: number;
  /** Mean length of the texts, in characters. */
  meanChars: number;
  runs: number;
  /** Best run of each pass, in milliseconds per 1,000 texts. */
  msPerThousand: Record<SpeedPass, number>;
  /** vader-sentiment's time over each judgement's (and over all three together): how many times faster threadlens is. */
  timesFasterThanVader: Record<(typeof JUDGEMENTS)[number], number>;
}

/** The fixed sample: every SFU-CTC comment (dev rows, then test rows) and the Toxic Spans test comments. */
export function speedTexts(dir: string): string[] {
  return [...sfuRows(dir, 'dev'), ...sfuRows(dir, 'test')].map((row) => row.text).concat(toxicSpansComments(dir, 'test').map((comment) => comment.text));
}

export function evaluateSpeed(dir: string, runs = 4): SpeedFigures {
  const base = speedTexts(dir);
  const names = Object.keys(PASSES) as SpeedPass[];
  const best = Object.fromEntries(names.map((name) => [name, Infinity])) as Record<SpeedPass, number>;
  let marker = 0;
  for (let run = 0; run < runs; run++) {
    for (let k = 0; k < names.length; k++) {
      const name = names[(run + k) % names.length]!;
      const tag = ` ~${(marker++).toString(36)}`;
      const texts = base.map((text) => text + tag);
      const parents = texts.map((_, i) => (i === 0 ? null : texts[i - 1]!));
      const start = performance.now();
      PASSES[name](texts, parents);
      best[name] = Math.min(best[name], performance.now() - start);
    }
  }
  const msPerThousand = Object.fromEntries(names.map((name) => [name, round3((best[name] / base.length) * 1000)])) as Record<SpeedPass, number>;
  return {
    texts: base.length,
    meanChars: Math.round(base.reduce((sum, text) => sum + text.length, 0) / base.length),
    runs,
    msPerThousand,
    timesFasterThanVader: Object.fromEntries(JUDGEMENTS.map((name) => [name, round3(msPerThousand.vader / msPerThousand[name])])) as SpeedFigures['timesFasterThanVader'],
  };
}

/** The speed section of `npm run eval`'s text output. */
export function formatSpeed(figures: SpeedFigures): string[] {
  const ms = figures.msPerThousand;
  const times = figures.timesFasterThanVader;
  return [
    `Speed — ${figures.texts} texts (SFU-CTC and Toxic Spans test comments, ${figures.meanChars} characters on average), best of ${figures.runs} interleaved runs, cold caches: ms per 1,000 texts (× faster than vader-sentiment)`,
    `  vader-sentiment polarity_scores ${ms.vader}`,
    `  threadlens sentiment ${ms.sentiment} (×${times.sentiment}), stance ${ms.stance} (×${times.stance}), incivility ${ms.incivility} (×${times.incivility})`,
    `  threadlens all three on each text ${ms.allThree} (×${times.allThree}; the target is ×10)`,
  ];
}
