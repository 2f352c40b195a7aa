/** Incivility figures on the project's labelled reader comments (test part). */
import type { IncivilityKind, IncivilityTarget } from '../src/model/index.js';
import { INCIVILITY_KINDS, scoreIncivility } from '../src/analyse/incivility.js';
import { labelledRows } from './benchmarks.js';
import { round3 } from './metrics.js';

export interface LabelledComment {
  id: string;
  split: 'dev' | 'test';
  text: string;
  parent: string | null;
  kinds: IncivilityKind[];
  target: IncivilityTarget | null;
}

export function labelledComments(split: 'dev' | 'test'): LabelledComment[] {
  return labelledRows<LabelledComment>('incivility', split);
}

export interface IncivilityFigures {
  rows: number;
  uncivil: { precision: number; recall: number };
  perKind: Record<IncivilityKind, { precision: number; recall: number; support: number }>;
  /** Among comments both the labels and threadlens call uncivil: share with the right target. */
  targetAccuracy: number;
  /** Attacks on commenters: precision and recall of target = commenter. */
  commenterTarget: { precision: number; recall: number };
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : round3(a / b));

/** `dir` is the benchmarks folder (unused by the project's own labelled set). */
export function evaluateIncivility(_dir: string, split: 'dev' | 'test' = 'test'): IncivilityFigures {
  const rows = labelledComments(split);
  const predictions = rows.map((row) => scoreIncivility(row.text, row.parent !== null));
  const count = (test: (i: number) => boolean): number => rows.filter((_, i) => test(i)).length;
  const goldUncivil = (i: number) => rows[i]!.kinds.length > 0;
  const predictedUncivil = (i: number) => predictions[i]!.kinds.length > 0;
  const perKind = {} as IncivilityFigures['perKind'];
  for (const kind of INCIVILITY_KINDS) {
    const gold = (i: number) => rows[i]!.kinds.includes(kind);
    const predicted = (i: number) => predictions[i]!.kinds.includes(kind);
    perKind[kind] = { precision: ratio(count((i) => gold(i) && predicted(i)), count(predicted)), recall: ratio(count((i) => gold(i) && predicted(i)), count(gold)), support: count(gold) };
  }
  const both = (i: number) => goldUncivil(i) && predictedUncivil(i);
  const goldCommenter = (i: number) => rows[i]!.target === 'commenter';
  const predictedCommenter = (i: number) => predictions[i]!.target === 'commenter';
  return {
    rows: rows.length,
    uncivil: { precision: ratio(count(both), count(predictedUncivil)), recall: ratio(count(both), count(goldUncivil)) },
    perKind,
    targetAccuracy: ratio(count((i) => both(i) && predictions[i]!.target === rows[i]!.target), count(both)),
    commenterTarget: { precision: ratio(count((i) => goldCommenter(i) && predictedCommenter(i)), count(predictedCommenter)), recall: ratio(count((i) => goldCommenter(i) && predictedCommenter(i)), count(goldCommenter)) },
  };
}

/** The incivility section of `npm run eval`'s text output. */
export function formatIncivility(incivility: IncivilityFigures): string[] {
  const out: string[] = [];
  out.push(`Incivility — the project's labelled reader comments, test part (${incivility.rows} comments)`);
  out.push(`  any incivility: precision ${incivility.uncivil.precision}, recall ${incivility.uncivil.recall}`);
  for (const [kind, row] of Object.entries(incivility.perKind)) out.push(`  ${kind.padEnd(16)} precision ${row.precision}, recall ${row.recall} (${row.support} labelled)`);
  out.push(`  target right on ${incivility.targetAccuracy} of the comments flagged by both; attacks on commenters: precision ${incivility.commenterTarget.precision}, recall ${incivility.commenterTarget.recall}`);
  return out;
}
