/** Sentiment figures on the VADER test rows, beside vader-sentiment and plain `sentiment`. */
import Sentiment from 'sentiment';
import vader from 'vader-sentiment';
import { scoreSentiment } from '../src/analyse/sentiment.js';
import { vaderRows, VADER_SETS, type VaderSet } from './benchmarks.js';
import { classification, pearson, round3 } from './metrics.js';

type Scorer = (text: string) => number;

const afinn = new Sentiment();
export const SENTIMENT_SCORERS: Record<string, Scorer> = {
  threadlens: (text) => scoreSentiment(text).score,
  'vader-sentiment': (text) => vader.SentimentIntensityAnalyzer.polarity_scores(text).compound,
  sentiment: (text) => afinn.analyze(text).comparative,
};

export interface SentimentFigures {
  sets: Record<VaderSet, { rows: number; pearson: Record<string, number>; signMacroF1: Record<string, number> }>;
  throughput: { texts: number; msPerThousand: Record<string, number>; speedupOverVader: number };
}

/** Pearson r and sign macro-F1 (human mean > 0 vs ≤ 0) per set and scorer, and scoring speed. */
export function evaluateSentiment(dir: string): SentimentFigures {
  const sets = {} as SentimentFigures['sets'];
  const allTexts: string[] = [];
  for (const set of VADER_SETS) {
    const rows = vaderRows(dir, set, 'test');
    allTexts.push(...rows.map((row) => row.text));
    const gold = rows.map((row) => row.mean);
    const goldSign = gold.map((mean) => (mean > 0 ? 'pos' : 'neg'));
    const figures = { rows: rows.length, pearson: {} as Record<string, number>, signMacroF1: {} as Record<string, number> };
    for (const [name, scorer] of Object.entries(SENTIMENT_SCORERS)) {
      const scores = rows.map((row) => scorer(row.text));
      figures.pearson[name] = round3(pearson(scores, gold));
      figures.signMacroF1[name] = round3(classification(goldSign, scores.map((score) => (score > 0 ? 'pos' : 'neg')), ['pos', 'neg']).macroF1);
    }
    sets[set] = figures;
  }
  return { sets, throughput: throughput(allTexts) };
}

function throughput(texts: string[]): SentimentFigures['throughput'] {
  const msPerThousand: Record<string, number> = {};
  for (const [name, scorer] of Object.entries(SENTIMENT_SCORERS)) {
    const runs: number[] = [];
    for (let run = 0; run < 3; run++) {
      const start = performance.now();
      for (const text of texts) scorer(text);
      runs.push(performance.now() - start);
    }
    msPerThousand[name] = round3((Math.min(...runs) / texts.length) * 1000);
  }
  return { texts: texts.length, msPerThousand, speedupOverVader: round3(msPerThousand['vader-sentiment']! / msPerThousand['threadlens']!) };
}
