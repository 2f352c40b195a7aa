/** Stance figures on RumourEval 2017 test direct replies and on the project's labelled comment pairs. */
import type { Stance } from '../src/model/index.js';
import { scoreStance, STANCES } from '../src/analyse/stance.js';
import { labelledRows, rumourEvalReplies } from './benchmarks.js';
import { classification, round3 } from './metrics.js';

type Predictor = (reply: string, parent: string | null, isArticle: boolean) => Stance;

/** The trivial reference: the commonest class in the train part (comment → neutral). */
const majority: Predictor = () => 'neutral';

/** The naive reference: the reply's opening word, else a question mark, else neutral. */
const openingCue: Predictor = (reply) => {
  const first = reply.replace(/^(?:\s*@\w+)+/, '').trim().toLowerCase().match(/^[a-z']+/)?.[0] ?? '';
  if (['yes', 'yeah', 'yep', 'true', 'exactly', 'agree', 'agreed', 'right', 'indeed', 'correct'].includes(first)) return 'agree';
  if (['no', 'nope', 'not', 'wrong', 'false', 'fake', 'lies', 'lie', 'untrue', 'nonsense'].includes(first)) return 'disagree';
  return reply.includes('?') ? 'query' : 'neutral';
};

export const STANCE_PREDICTORS: Record<string, Predictor> = {
  threadlens: (reply, parent, isArticle) => scoreStance(reply, parent, isArticle ? 'article' : 'parent').stance,
  'majority class': majority,
  'opening cue': openingCue,
};

export interface StanceFigures {
  rumourEval: { rows: number; macroF1: Record<string, number>; accuracy: Record<string, number>; perClassF1: Record<string, number> };
  comments: { rows: number; macroF1: Record<string, number>; accuracy: Record<string, number> };
}

interface Pair {
  split: string;
  parent: string;
  reply: string;
  label: Stance;
  parent_is_article?: boolean;
}

export function labelledPairs(split: 'dev' | 'test'): Pair[] {
  return labelledRows<Pair>('stance-pairs', split);
}

function score(gold: Stance[], predict: (i: number) => Stance) {
  const predicted = gold.map((_, i) => predict(i));
  return classification(gold, predicted, STANCES);
}

export function evaluateStance(dir: string): StanceFigures {
  const replies = rumourEvalReplies(dir, 'test');
  const pairs = labelledPairs('test');
  const figures: StanceFigures = {
    rumourEval: { rows: replies.length, macroF1: {}, accuracy: {}, perClassF1: {} },
    comments: { rows: pairs.length, macroF1: {}, accuracy: {} },
  };
  for (const [name, predict] of Object.entries(STANCE_PREDICTORS)) {
    const onTweets = score(replies.map((row) => row.stance), (i) => predict(replies[i]!.text, replies[i]!.parentText, false));
    figures.rumourEval.macroF1[name] = round3(onTweets.macroF1);
    figures.rumourEval.accuracy[name] = round3(onTweets.accuracy);
    if (name === 'threadlens') for (const stance of STANCES) figures.rumourEval.perClassF1[stance] = round3(onTweets.perClass[stance]!.f1);
    const onComments = score(pairs.map((pair) => pair.label), (i) => predict(pairs[i]!.reply, pairs[i]!.parent, pairs[i]!.parent_is_article === true));
    figures.comments.macroF1[name] = round3(onComments.macroF1);
    figures.comments.accuracy[name] = round3(onComments.accuracy);
  }
  return figures;
}

/** The stance section of `npm run eval`'s text output. */
export function formatStance(stance: StanceFigures): string[] {
  const out: string[] = [];
  const predictors = Object.keys(stance.rumourEval.macroF1);
  out.push('Stance — macro-F1 / accuracy over agree, disagree, query, neutral');
  out.push(`  ${'data'.padEnd(36)}${'rows'.padStart(6)}  ${predictors.map((name) => name.padStart(18)).join('')}`);
  const line = (name: string, rows: number, figure: { macroF1: Record<string, number>; accuracy: Record<string, number> }) =>
    `  ${name.padEnd(36)}${String(rows).padStart(6)}  ${predictors.map((p) => `${figure.macroF1[p]!.toFixed(3)} / ${figure.accuracy[p]!.toFixed(3)}`.padStart(18)).join('')}`;
  out.push(line('RumourEval 2017 test, direct replies', stance.rumourEval.rows, stance.rumourEval));
  out.push(line('labelled comment pairs, test part', stance.comments.rows, stance.comments));
  out.push(`  threadlens per-class F1 on RumourEval: ${Object.entries(stance.rumourEval.perClassF1).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  return out;
}
