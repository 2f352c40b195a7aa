/** Stance figures on RumourEval 2017 test direct replies and on the project's labelled comment pairs. */
import type { Stance } from '../src/model/index.js';
import { DEFAULT_STANCE_MODEL, scoreStance, STANCES } from '../src/analyse/stance.js';
import { committedTraining, crossValidate, MODEL_CLASSES, predictions, reliabilityTable } from '../train/stance.js';
import { debagreementRows, labelledRows, rumourEvalReplies } from './benchmarks.js';
import { classification, confusion, round3 } from './metrics.js';

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

/** One stance set's figures: per predictor macro-F1 and accuracy; for threadlens, per class P/R/F1 and the confusion matrix. */
export interface StanceSetFigures {
  rows: number;
  classes: readonly string[];
  macroF1: Record<string, number>;
  accuracy: Record<string, number>;
  perClass: Record<string, { precision: number; recall: number; f1: number; support: number }>;
  /** threadlens: `confusion[gold][predicted]`. */
  confusion: Record<string, Record<string, number>>;
}

export interface StanceFigures {
  rumourEval: StanceSetFigures;
  /** DEBAGREEMENT dev.csv, three classes (query counts as neutral): threadlens cross-validated, the baselines on every row. */
  debagreement: StanceSetFigures;
  /** How the DEBAGREEMENT figure was cross-validated, and confidence against accuracy on its held-out folds. */
  debagreementCrossValidation: { folds: number; seed: number; reliability: ReturnType<typeof reliabilityTable> };
  comments: StanceSetFigures;
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

/** Runs every predictor on one set; `fold` maps a predicted stance onto the set's classes. */
function evaluateSet(
  rows: Array<{ reply: string; parent: string | null; isArticle: boolean; gold: Stance }>,
  classes: readonly Stance[],
  fold: (stance: Stance) => Stance = (stance) => stance,
  threadlens?: Stance[],
): StanceSetFigures {
  const figures: StanceSetFigures = { rows: rows.length, classes, macroF1: {}, accuracy: {}, perClass: {}, confusion: {} };
  const gold = rows.map((row) => row.gold);
  for (const [name, predict] of Object.entries(STANCE_PREDICTORS)) {
    const predicted = name === 'threadlens' && threadlens !== undefined ? threadlens : rows.map((row) => fold(predict(row.reply, row.parent, row.isArticle)));
    const report = classification(gold, predicted, classes);
    figures.macroF1[name] = round3(report.macroF1);
    figures.accuracy[name] = round3(report.accuracy);
    if (name !== 'threadlens') continue;
    for (const stance of classes) {
      const { precision, recall, f1, support } = report.perClass[stance]!;
      figures.perClass[stance] = { precision: round3(precision), recall: round3(recall), f1: round3(f1), support };
    }
    figures.confusion = confusion(gold, predicted, classes);
  }
  return figures;
}

export function evaluateStance(dir: string): StanceFigures {
  const replies = rumourEvalReplies(dir, 'test').map((row) => ({ reply: row.text, parent: row.parentText, isArticle: false, gold: row.stance }));
  const pairs = labelledPairs('test').map((pair) => ({ reply: pair.reply, parent: pair.parent, isArticle: pair.parent_is_article === true, gold: pair.label }));
  const reddit = debagreementRows(dir).map((row) => ({ reply: row.reply, parent: row.parent, isArticle: false, gold: row.stance as Stance }));
  // The model is fitted on DEBAGREEMENT: its figure there is cross-validated, each
  // fold scored by a model refitted on the other folds with the committed settings.
  const training = committedTraining();
  const outOfFold = crossValidate(dir, training);
  const ruleWeight = DEFAULT_STANCE_MODEL.ruleWeight;
  return {
    rumourEval: evaluateSet(replies, STANCES),
    debagreement: evaluateSet(reddit, ['agree', 'disagree', 'neutral'], (stance) => (stance === 'query' ? 'neutral' : stance), predictions(outOfFold, ruleWeight).map((c) => MODEL_CLASSES[c]!)),
    debagreementCrossValidation: { folds: training.folds, seed: training.seed, reliability: reliabilityTable(outOfFold, ruleWeight, DEFAULT_STANCE_MODEL.temperature) },
    comments: evaluateSet(pairs, STANCES),
  };
}

/** The stance section of `npm run eval`'s text output. */
export function formatStance(stance: StanceFigures): string[] {
  const out: string[] = [];
  const predictors = Object.keys(stance.rumourEval.macroF1);
  out.push('Stance — macro-F1 / accuracy');
  out.push(`  ${'data'.padEnd(44)}${'rows'.padStart(6)}  ${predictors.map((name) => name.padStart(18)).join('')}`);
  const sets: Array<[string, StanceSetFigures]> = [
    ['RumourEval 2017 test, direct replies', stance.rumourEval],
    [`DEBAGREEMENT dev.csv (${stance.debagreementCrossValidation.folds}-fold CV)`, stance.debagreement],
    ['labelled comment pairs, test part', stance.comments],
  ];
  for (const [name, figure] of sets) {
    out.push(`  ${name.padEnd(44)}${String(figure.rows).padStart(6)}  ${predictors.map((p) => `${figure.macroF1[p]!.toFixed(3)} / ${figure.accuracy[p]!.toFixed(3)}`.padStart(18)).join('')}`);
  }
  for (const [name, figure] of sets) {
    out.push('', `  threadlens on ${name}: per class precision / recall / F1 (support); confusion, gold rows × predicted columns`);
    for (const stance of figure.classes) {
      const row = figure.perClass[stance]!;
      const counts = figure.classes.map((column) => String(figure.confusion[stance]![column]).padStart(9)).join('');
      out.push(`    ${stance.padEnd(9)} ${row.precision.toFixed(3)} / ${row.recall.toFixed(3)} / ${row.f1.toFixed(3)} (${row.support})   ${counts}`);
    }
    out.push(`    ${''.padEnd(9)} ${''.padEnd(29)}   ${figure.classes.map((column) => column.padStart(9)).join('')}`);
  }
  const cv = stance.debagreementCrossValidation;
  out.push('', `  threadlens confidence on the DEBAGREEMENT held-out folds (seed ${cv.seed}): bin, rows, mean confidence, accuracy`);
  for (const bin of cv.reliability) out.push(`    ${bin.from.toFixed(1)}–${bin.to.toFixed(1)}  ${String(bin.rows).padStart(5)}  ${bin.confidence.toFixed(3)}  ${bin.accuracy.toFixed(3)}`);
  return out;
}
