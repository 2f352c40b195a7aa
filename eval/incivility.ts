/**
 * Incivility figures (`npm run eval`), each beside the baselines run in the
 * same process: the SFU-CTC test rows, the Toxic Spans test part, and the
 * test part of the project's labelled reader comments. Training
 * (train/incivility.ts) uses the same measures on the train/dev parts.
 */
import type { IncivilityKind, IncivilityScore } from '../src/model/index.js';
import { incivilityTokens, INCIVILITY_KINDS, lowerCaseKeepingLength, scoreIncivility, type CompiledIncivility } from '../src/analyse/incivility.js';
import { normaliseText } from '../src/analyse/text.js';
import { KIND_OF_SPAN_TYPE, labelledComments, sfuRows, SPAN_TYPES, toxicSpansComments, type LabelledComment, type SfuRow, type SpanType, type ToxicSpansComment } from './incivility-data.js';
import { round3 } from './metrics.js';

export { labelledComments, type LabelledComment };

/** Anything that scores one comment: threadlens, or a baseline. */
export type IncivilityScorer = (text: string, isReply: boolean) => Pick<IncivilityScore, 'kinds' | 'target'>;

export interface Detection {
  precision: number;
  recall: number;
  f1: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);

function detection(predicted: boolean[], gold: boolean[]): Detection {
  let both = 0;
  let predictedCount = 0;
  let goldCount = 0;
  predicted.forEach((p, i) => {
    if (p) predictedCount++;
    if (gold[i]) goldCount++;
    if (p && gold[i]) both++;
  });
  const precision = ratio(both, predictedCount);
  const recall = ratio(both, goldCount);
  return { precision: round3(precision), recall: round3(recall), f1: round3(precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)) };
}

export interface SfuFigures {
  rows: number;
  /** Rows at level ≥ 2 and ≥ 3. */
  uncivil: { level2: number; level3: number };
  level2: Detection;
  level3: Detection;
}

/** Any incivility against SFU-CTC's majority toxicity level (≥ 2, and ≥ 3). Comments there are top-level. */
export function sfuFigures(rows: SfuRow[], scorer: IncivilityScorer): SfuFigures {
  const flagged = rows.map((row) => scorer(row.text, false).kinds.length > 0);
  return {
    rows: rows.length,
    uncivil: { level2: rows.filter((row) => row.level >= 2).length, level3: rows.filter((row) => row.level >= 3).length },
    level2: detection(flagged, rows.map((row) => row.level >= 2)),
    level3: detection(flagged, rows.map((row) => row.level >= 3)),
  };
}

export interface ToxicSpansFigures {
  /** Comments with a majority span. */
  comments: number;
  /** Share of them flagged at all. */
  recall: number;
  /** Share of them flagged with the kind of a majority span (Other Toxicity: any kind). */
  kindRight: number;
  /** The same share among the flagged ones only. */
  kindRightOfFlagged: number;
  /** Per span type: comments with a majority span of that type, and the share given its kind. */
  perType: Record<string, { comments: number; kindRight: number }>;
}

/** The kinds a comment's majority spans call for; null where one is Other Toxicity (any kind is right). */
function spanKinds(comment: ToxicSpansComment): Set<IncivilityKind> | null {
  const kinds = new Set<IncivilityKind>();
  for (const span of comment.spans) {
    const kind = KIND_OF_SPAN_TYPE[span.type];
    if (kind === null) return null;
    kinds.add(kind);
  }
  return kinds;
}

export function toxicSpansFigures(comments: ToxicSpansComment[], scorer: IncivilityScorer): ToxicSpansFigures {
  const marked = comments.filter((comment) => comment.spans.length > 0);
  let flagged = 0;
  let right = 0;
  const perType = new Map<SpanType, { comments: number; right: number }>(SPAN_TYPES.map((type) => [type, { comments: 0, right: 0 }]));
  for (const comment of marked) {
    const kinds = scorer(comment.text, false).kinds;
    if (kinds.length > 0) flagged++;
    const wanted = spanKinds(comment);
    const isRight = kinds.length > 0 && (wanted === null || kinds.some((kind) => wanted.has(kind)));
    if (isRight) right++;
    for (const type of new Set(comment.spans.map((span) => span.type))) {
      const row = perType.get(type)!;
      row.comments++;
      const kind = KIND_OF_SPAN_TYPE[type];
      if (kinds.length > 0 && (kind === null || kinds.includes(kind))) row.right++;
    }
  }
  return {
    comments: marked.length,
    recall: round3(ratio(flagged, marked.length)),
    kindRight: round3(ratio(right, marked.length)),
    kindRightOfFlagged: round3(ratio(right, flagged)),
    perType: Object.fromEntries([...perType].map(([type, row]) => [type, { comments: row.comments, kindRight: round3(ratio(row.right, row.comments)) }])),
  };
}

export interface LabelledFigures {
  rows: number;
  uncivil: { precision: number; recall: number; f1: number };
  perKind: Record<IncivilityKind, { precision: number; recall: number; support: number }>;
  /** Among comments both the labels and the scorer call uncivil: share with the right target. */
  targetAccuracy: number;
  /** Attacks on commenters: precision and recall of target = commenter. */
  commenterTarget: { precision: number; recall: number };
}

export function labelledFigures(rows: LabelledComment[], scorer: IncivilityScorer): LabelledFigures {
  const predictions = rows.map((row) => scorer(row.text, row.parent !== null));
  const count = (test: (i: number) => boolean): number => rows.filter((_, i) => test(i)).length;
  const goldUncivil = (i: number) => rows[i]!.kinds.length > 0;
  const predictedUncivil = (i: number) => predictions[i]!.kinds.length > 0;
  const perKind = {} as LabelledFigures['perKind'];
  for (const kind of INCIVILITY_KINDS) {
    const gold = (i: number) => rows[i]!.kinds.includes(kind);
    const predicted = (i: number) => predictions[i]!.kinds.includes(kind);
    perKind[kind] = { precision: round3(ratio(count((i) => gold(i) && predicted(i)), count(predicted))), recall: round3(ratio(count((i) => gold(i) && predicted(i)), count(gold))), support: count(gold) };
  }
  const both = (i: number) => goldUncivil(i) && predictedUncivil(i);
  const goldCommenter = (i: number) => rows[i]!.target === 'commenter';
  const predictedCommenter = (i: number) => predictions[i]!.target === 'commenter';
  return {
    rows: rows.length,
    uncivil: detection(rows.map((_, i) => predictedUncivil(i)), rows.map((_, i) => goldUncivil(i))),
    perKind,
    targetAccuracy: round3(ratio(count((i) => both(i) && predictions[i]!.target === rows[i]!.target), count(both))),
    commenterTarget: { precision: round3(ratio(count((i) => goldCommenter(i) && predictedCommenter(i)), count(predictedCommenter))), recall: round3(ratio(count((i) => goldCommenter(i) && predictedCommenter(i)), count(goldCommenter))) },
  };
}

/** Token keys of a text the way the scorer reads it. */
export function tokenKeys(text: string): string[] {
  return incivilityTokens(lowerCaseKeepingLength(normaliseText(text))).keys;
}

/**
 * The baseline: a plain one-word lexicon induced from the Toxic Spans train
 * part — every word seen at least 5 times whose occurrences fall inside a
 * majority span at least `share` of the time, with the span type it has most
 * often there. `share` is chosen on the SFU-CTC dev rows (best F1).
 */
export function inducedWordLexicon(dir: string): { share: number; scorer: IncivilityScorer } {
  const train = toxicSpansComments(dir, 'train');
  const seen = new Map<string, number>();
  const inSpan = new Map<string, number[]>();
  for (const comment of train) {
    const lower = lowerCaseKeepingLength(comment.text);
    const tokens = incivilityTokens(lower);
    tokens.keys.forEach((key, i) => {
      seen.set(key, (seen.get(key) ?? 0) + 1);
      const type = tokenSpanType(comment, tokens.starts[i]!, tokens.ends[i]!);
      if (type === null) return;
      const counts = inSpan.get(key) ?? [0, 0, 0, 0, 0];
      counts[SPAN_TYPES.indexOf(type)]!++;
      inSpan.set(key, counts);
    });
  }
  const make = (share: number): IncivilityScorer => {
    const words = new Map<string, IncivilityKind>();
    for (const [key, counts] of inSpan) {
      const total = seen.get(key)!;
      const spanned = counts.reduce((sum, n) => sum + n, 0);
      if (total < 5 || spanned / total < share) continue;
      const best = counts.slice(0, 4).reduce((top, n, k) => (n > counts[top]! ? k : top), 0);
      words.set(key, KIND_OF_SPAN_TYPE[SPAN_TYPES[best]!] ?? 'insult');
    }
    return (text) => {
      const kinds = new Set<IncivilityKind>();
      for (const key of tokenKeys(text)) {
        const kind = words.get(key);
        if (kind) kinds.add(kind);
      }
      return { kinds: INCIVILITY_KINDS.filter((kind) => kinds.has(kind)), target: kinds.size > 0 ? 'other' : null };
    };
  };
  const dev = sfuRows(dir, 'dev');
  let best = { share: 0.5, f1: -1 };
  for (const share of [0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5]) {
    const f1 = sfuFigures(dev, make(share)).level2.f1;
    if (f1 > best.f1 + 1e-9) best = { share, f1 };
  }
  return { share: best.share, scorer: make(best.share) };
}

/** The type of the majority span covering most of a token's characters, or null. */
export function tokenSpanType(comment: ToxicSpansComment, start: number, end: number): SpanType | null {
  const votes = new Map<SpanType, number>();
  let covered = 0;
  for (const span of comment.spans) {
    const overlap = Math.min(end, span.end) - Math.max(start, span.start);
    if (overlap <= 0) continue;
    covered += overlap;
    votes.set(span.type, (votes.get(span.type) ?? 0) + overlap);
  }
  if (covered * 2 <= end - start) return null;
  let best: SpanType | null = null;
  for (const type of SPAN_TYPES) if ((votes.get(type) ?? 0) > (best === null ? 0 : votes.get(best)!)) best = type;
  return best;
}

/** Majority "civil": flags nothing. */
const civil: IncivilityScorer = () => ({ kinds: [], target: null });

export interface IncivilityFigures {
  sfuCtc: { threadlens: SfuFigures; wordLexicon: SfuFigures; civil: SfuFigures };
  toxicSpans: { threadlens: ToxicSpansFigures; wordLexicon: ToxicSpansFigures; civil: ToxicSpansFigures };
  labelled: { threadlens: LabelledFigures; wordLexicon: LabelledFigures; civil: LabelledFigures };
  /** The baseline's span share, chosen on the SFU-CTC dev rows. */
  wordLexiconShare: number;
  /** Milliseconds to score 1,000 comments (the SFU-CTC and Toxic Spans test texts; best of three runs), threadlens and the baseline. */
  msPerThousand: { threadlens: number; wordLexicon: number };
}

/** `dir` is the benchmarks folder. Test parts only (`split` 'dev' reads the dev parts, for training logs). */
export function evaluateIncivility(dir: string, split: 'dev' | 'test' = 'test', compiled?: CompiledIncivility): IncivilityFigures {
  const threadlens: IncivilityScorer = (text, isReply) => scoreIncivility(text, isReply, compiled);
  const baseline = inducedWordLexicon(dir);
  const sfu = sfuRows(dir, split);
  const spans = split === 'test' ? toxicSpansComments(dir, 'test') : toxicSpansComments(dir, 'train').filter((comment) => comment.id % 5 === 1);
  const labelled = labelledComments(split);
  const texts = [...sfu.map((row) => row.text), ...spans.map((comment) => comment.text)];
  // Best of three runs: the first also pays for compiling the lexicon and warming up.
  const timed = (scorer: IncivilityScorer): number => {
    let best = Infinity;
    for (let run = 0; run < 3; run++) {
      const start = performance.now();
      for (const text of texts) scorer(text, false);
      best = Math.min(best, performance.now() - start);
    }
    return Math.round((best / texts.length) * 1000 * 10) / 10;
  };
  return {
    sfuCtc: { threadlens: sfuFigures(sfu, threadlens), wordLexicon: sfuFigures(sfu, baseline.scorer), civil: sfuFigures(sfu, civil) },
    toxicSpans: { threadlens: toxicSpansFigures(spans, threadlens), wordLexicon: toxicSpansFigures(spans, baseline.scorer), civil: toxicSpansFigures(spans, civil) },
    labelled: { threadlens: labelledFigures(labelled, threadlens), wordLexicon: labelledFigures(labelled, baseline.scorer), civil: labelledFigures(labelled, civil) },
    wordLexiconShare: baseline.share,
    msPerThousand: { threadlens: timed(threadlens), wordLexicon: timed(baseline.scorer) },
  };
}

/** The incivility section of `npm run eval`'s text output. */
export function formatIncivility(figures: IncivilityFigures): string[] {
  const out: string[] = [];
  const names = ['threadlens', 'wordLexicon', 'civil'] as const;
  const label = { threadlens: 'threadlens', wordLexicon: `one-word lexicon (share ≥ ${figures.wordLexiconShare})`, civil: 'majority "civil"' };
  const sfu = figures.sfuCtc.threadlens;
  out.push(`Incivility — SFU-CTC test rows (${sfu.rows} comments; ${sfu.uncivil.level2} at level ≥ 2, ${sfu.uncivil.level3} at level ≥ 3): precision / recall / F1 of any incivility`);
  for (const name of names) {
    const row = figures.sfuCtc[name];
    out.push(`  ${label[name].padEnd(34)} level ≥ 2: ${row.level2.precision} / ${row.level2.recall} / ${row.level2.f1}   level ≥ 3: ${row.level3.precision} / ${row.level3.recall} / ${row.level3.f1}`);
  }
  out.push(`Incivility — Toxic Spans test part (${figures.toxicSpans.threadlens.comments} comments with a majority span): recall / kind right (of all; of the flagged)`);
  for (const name of names) {
    const row = figures.toxicSpans[name];
    out.push(`  ${label[name].padEnd(34)} ${row.recall} / ${row.kindRight}; ${row.kindRightOfFlagged}   per type: ${Object.entries(row.perType).map(([type, cell]) => `${type} ${cell.kindRight} (${cell.comments})`).join(', ')}`);
  }
  const own = figures.labelled.threadlens;
  out.push(`Incivility — the project's labelled reader comments, test part (${own.rows} comments)`);
  for (const name of names) {
    const row = figures.labelled[name];
    out.push(`  ${label[name].padEnd(34)} any incivility: precision ${row.uncivil.precision}, recall ${row.uncivil.recall}, F1 ${row.uncivil.f1}`);
  }
  for (const [kind, row] of Object.entries(own.perKind)) out.push(`    ${kind.padEnd(16)} precision ${row.precision}, recall ${row.recall} (${row.support} labelled)`);
  out.push(`    target right on ${own.targetAccuracy} of the comments flagged by both; attacks on commenters: precision ${own.commenterTarget.precision}, recall ${own.commenterTarget.recall}`);
  out.push(`  speed, ms per 1,000 comments: threadlens ${figures.msPerThousand.threadlens}, one-word lexicon ${figures.msPerThousand.wordLexicon}`);
  return out;
}
