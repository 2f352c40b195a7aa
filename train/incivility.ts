/**
 * Fits the incivility n-gram table on the Toxic Spans *train* part
 * (`comment_id % 5 != 0`) and writes src/analyse/models/incivility.json.
 * Test parts are never read here.
 *
 * Every word, word pair and word triple (within a sentence) is counted once
 * per comment it appears in, and so is whether it lies there inside a
 * majority toxic span, by span type. Its share per type is smoothed towards
 * the type's share of all words: (comments with it in spans of type k +
 * a · prior_k) / (comments with it + a), for n-grams seen in at least `m`
 * comments; the total is then cut to its lower confidence bound, z standard
 * errors down (a word seen five times is not trusted like one seen five
 * hundred times). Pairs and triples are kept only where they say more than
 * their words ("shut up"). A phrase too weak to count on its own, which counts
 * only when said to someone ("you … troll"), must have been seen in at least
 * 20 comments.
 *
 * The smoothing a, the minimum count m, the confidence z, the cue threshold,
 * the lower threshold for words said to someone and the share that makes a
 * second kind are chosen with the table fitted on three train folds
 * (`comment_id % 5` in 2, 3, 4), measured on the fourth (`% 5 == 1`), the
 * SFU-CTC dev rows and the dev part of the project's labelled comments: among
 * the settings with Toxic Spans recall ≥ 0.81, kind right ≥ 0.72 and labelled
 * precision ≥ 0.92 (the targets with a margin), the best SFU-CTC F1 plus
 * labelled F1, a bolder table having to add 0.01 to beat a more cautious one.
 * The table is then refitted on the whole train part.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchmarksDir, requireBenchmarks } from '../eval/benchmarks.js';
import { labelledComments, sfuRows, SPAN_TYPES, toxicSpansComments, type ToxicSpansComment } from '../eval/incivility-data.js';
import { labelledFigures, sfuFigures, tokenSpanType, toxicSpansFigures } from '../eval/incivility.js';
import { BASE_INCIVILITY_LEXICON, compileIncivilityLexicon, incivilityTokens, lowerCaseKeepingLength, scoreIncivility, type IncivilityModel } from '../src/analyse/incivility.js';

const OUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'analyse', 'models', 'incivility.json');
const MAX_N = 3;
/** Phrases whose summed share is below this are not stored (no threshold tried goes lower). */
const STORE_FLOOR = 0.1;
/** A phrase that is a cue only when said to someone must have been seen in this many comments. */
const WEAK_MIN_COUNT = 20;
/** How much a bolder setting must add to the tuning objective to be chosen. */
const MIN_GAIN = 0.01;
/** A pair or triple needs at least this many occurrences (and the minimum count of words). */
const PHRASE_MIN_COUNT = 10;
/** A pair or triple is stored only if its share beats each of its words' by this much. */
const PHRASE_GAIN = 0.05;

/** Occurrences, then occurrences inside a majority span of each type (SPAN_TYPES order). */
type Counts = Map<string, number[]>;

/** Lower case at the same character offsets as the data set's spans (no character removed or added). */
function spanText(text: string): string {
  return lowerCaseKeepingLength(
    text
      .replace(/[\u2018\u2019\u201b\u02bc\u2032\uff07]/g, "'")
      .replace(/[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g, ' '),
  );
}

/**
 * Counts per comment, not per occurrence (a phrase repeated in one comment
 * counts once): comments holding the phrase, and comments holding it inside a
 * majority span, by the span type most of its words have there.
 */
function count(comments: ToxicSpansComment[]): { counts: Counts; tokens: number; typed: number[] } {
  const counts: Counts = new Map();
  let tokens = 0;
  const typed = [0, 0, 0, 0, 0];
  for (const comment of comments) {
    const { keys, starts, ends, sentences } = incivilityTokens(spanText(comment.text));
    const types = keys.map((_, i) => tokenSpanType(comment, starts[i]!, ends[i]!));
    // Per phrase in this comment: -1 seen outside spans only, else the span type index.
    const seen = new Map<string, number>();
    for (let i = 0; i < keys.length; i++) {
      for (let n = 1; n <= MAX_N && i + n <= keys.length; n++) {
        if (sentences[i + n - 1] !== sentences[i]) break;
        const key = n === 1 ? keys[i]! : keys.slice(i, i + n).join(' ');
        const window = types.slice(i, i + n);
        let type = -1;
        if (window.every((t) => t !== null)) {
          // The type most of the phrase's words have (ties: SPAN_TYPES order).
          const votes = [0, 0, 0, 0, 0];
          for (const t of window) votes[SPAN_TYPES.indexOf(t!)]!++;
          type = votes.reduce((top, v, k) => (v > votes[top]! ? k : top), 0);
        }
        const before = seen.get(key);
        if (before === undefined || (before === -1 && type !== -1)) seen.set(key, type);
      }
    }
    for (const [key, type] of seen) {
      let row = counts.get(key);
      if (!row) counts.set(key, (row = [0, 0, 0, 0, 0, 0]));
      row[0]!++;
      if (type !== -1) row[1 + type]!++;
      if (!key.includes(' ')) {
        tokens++;
        if (type !== -1) typed[type]!++;
      }
    }
  }
  return { counts, tokens, typed };
}

const round = (value: number): number => Math.round(value * 1000) / 1000;

/**
 * Wilson's lower confidence bound on a share seen in n trials (z standard
 * errors below): a word seen 5 times, twice in a span, is not trusted like
 * one seen 500 times, 200 in spans.
 */
function lowerBound(share: number, n: number, z: number): number {
  if (z === 0 || n === 0) return share;
  const z2 = z * z;
  const centre = share + z2 / (2 * n);
  const spread = z * Math.sqrt((share * (1 - share)) / n + z2 / (4 * n * n));
  return Math.max(0, (centre - spread) / (1 + z2 / n));
}

/** Fitted shares per phrase, with the number of comments it was seen in. */
type Table = Map<string, { shares: IncivilityModel['ngrams'][string]; seen: number }>;

function table(fitted: ReturnType<typeof count>, smoothing: number, minCount: number, confidence = 0, phraseMinCount = PHRASE_MIN_COUNT): Table {
  const prior = fitted.typed.map((n) => n / fitted.tokens);
  // Smoothed towards each type's share of all words, then the total cut to its lower bound (the kinds keep their proportions).
  const shares = (row: number[]): number[] => {
    const smoothed = prior.map((p, k) => (row[1 + k]! + smoothing * p) / (row[0]! + smoothing));
    const total = smoothed.reduce((sum, value) => sum + value, 0);
    const scale = total === 0 ? 0 : lowerBound(total, row[0]!, confidence) / total;
    return smoothed.map((value) => value * scale);
  };
  const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);
  const priorTotal = sum(prior);
  const wordTotal = (word: string): number => {
    const row = fitted.counts.get(word);
    return row && row[0]! >= minCount ? sum(shares(row)) : priorTotal;
  };
  const out: Table = new Map();
  for (const [key, row] of fitted.counts) {
    const words = key.split(' ');
    if (row[0]! < (words.length > 1 ? Math.max(minCount, phraseMinCount) : minCount)) continue;
    // Numbers and single letters are no words to flag.
    if (words.length === 1 && (key.length < 2 || /^[0-9]+$/.test(key))) continue;
    const values = shares(row);
    const total = sum(values);
    if (total < STORE_FLOOR) continue;
    if (words.length > 1 && words.some((word) => total < wordTotal(word) + PHRASE_GAIN)) continue;
    out.set(key, { shares: values.map(round) as IncivilityModel['ngrams'][string], seen: row[0]! });
  }
  return out;
}

interface Setting {
  smoothing: number;
  minCount: number;
  confidence: number;
  cue: number;
  addressed: number;
  secondKind: number;
}

export function trainIncivility(log: (line: string) => void): void {
  const dir = benchmarksDir();
  requireBenchmarks(dir);
  const train = toxicSpansComments(dir, 'train');
  const fitPart = train.filter((comment) => comment.id % 5 !== 1);
  const heldPart = train.filter((comment) => comment.id % 5 === 1);
  const sfuDev = sfuRows(dir, 'dev');
  const labelledDev = labelledComments('dev');
  log(`incivility: Toxic Spans train ${train.length} comments (${train.filter((c) => c.spans.length > 0).length} with a majority span); tuning on fold %5==1 (${heldPart.length}), SFU-CTC dev ${sfuDev.length}, labelled dev ${labelledDev.length}`);

  const fitted = count(fitPart);
  const measure = (model: IncivilityModel) => {
    const compiled = compileIncivilityLexicon(BASE_INCIVILITY_LEXICON, 'the incivility lexicon', model);
    const scorer = (text: string, isReply: boolean) => scoreIncivility(text, isReply, compiled);
    return { spans: toxicSpansFigures(heldPart, scorer), sfu: sfuFigures(sfuDev, scorer), labelled: labelledFigures(labelledDev, scorer) };
  };
  // A phrase too weak to be a cue alone (it counts only when said to someone) needs more evidence.
  const modelOf = (ngrams: Table, setting: Setting): IncivilityModel => ({
    types: ['insult', 'profanity', 'identity_attack', 'threat', 'other'],
    parameters: { cue: setting.cue, addressed: setting.addressed, secondKind: setting.secondKind, severity: severityCuts(setting.cue) },
    ngrams: Object.fromEntries([...ngrams].filter(([, row]) => row.seen >= WEAK_MIN_COUNT || row.shares.reduce((sum, share) => sum + share, 0) >= setting.cue).map(([key, row]) => [key, row.shares])),
  });

  // From the most cautious table (heavy smoothing, high minimum count) to the boldest: a bolder one
  // must beat the best so far by MIN_GAIN, so that rare words with a lucky share do not get in for nothing.
  let best: { setting: Setting; objective: number; feasible: boolean; figures: ReturnType<typeof measure> } | null = null;
  for (const confidence of [2, 1, 0]) {
    for (const minCount of [20, 10, 5]) {
      for (const smoothing of [3, 1]) {
        const ngrams = table(fitted, smoothing, minCount, confidence);
        for (let cue = 0.2; cue <= 0.4501; cue += 0.025) {
          for (const drop of [0, 0.05, 0.1]) {
            const setting: Setting = { smoothing, minCount, confidence, cue: round(cue), addressed: round(Math.max(STORE_FLOOR, cue - drop)), secondKind: 0.5 };
            const figures = measure(modelOf(ngrams, setting));
            const feasible = meetsTargets(figures);
            const objective = figures.sfu.level2.f1 + figures.labelled.uncivil.f1;
            if (best === null || (feasible && !best.feasible) || (feasible === best.feasible && objective > best.objective + MIN_GAIN)) best = { setting, objective, feasible, figures };
          }
        }
        log(`incivility:   z ${confidence}, m ${minCount}, a ${smoothing}: ${ngrams.size} phrases; best so far ${describe(best!)}`);
      }
    }
  }
  // The share that makes a second kind, with the rest fixed.
  const ngrams = table(fitted, best!.setting.smoothing, best!.setting.minCount, best!.setting.confidence);
  for (const secondKind of [0.3, 0.5, 0.8, 1]) {
    const setting = { ...best!.setting, secondKind };
    const figures = measure(modelOf(ngrams, setting));
    const feasible = meetsTargets(figures);
    const objective = figures.sfu.level2.f1 + figures.labelled.uncivil.f1 + figures.spans.kindRight;
    const current = best!.figures.sfu.level2.f1 + best!.figures.labelled.uncivil.f1 + best!.figures.spans.kindRight;
    if (feasible >= best!.feasible && objective > current + 1e-9) best = { setting, objective, feasible, figures };
  }
  log(`incivility: chose ${describe(best!)}${best!.feasible ? '' : ' (no setting met every dev target)'}`);

  const model = modelOf(table(count(train), best!.setting.smoothing, best!.setting.minCount, best!.setting.confidence), best!.setting);
  // Phrases below the lower threshold are never used: left out of the file.
  const used = Object.entries(model.ngrams).filter(([, shares]) => shares.reduce((sum, share) => sum + share, 0) >= model.parameters.addressed);
  const sorted = Object.fromEntries(used.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const out = {
    $comment:
      'Fitted by `npm run train` (train/incivility.ts) on the Toxic Spans train part (comment_id % 5 != 0): per word, pair or triple, the smoothed share of its occurrences inside a majority toxic span of each type, in the order of `types`. ' +
      `Smoothing ${best!.setting.smoothing}, minimum count ${best!.setting.minCount}, shares cut to their lower bound ${best!.setting.confidence} standard errors down; thresholds chosen on a train fold, the SFU-CTC dev rows and the labelled dev comments.`,
    types: model.types,
    parameters: model.parameters,
    ngrams: sorted,
  };
  const lines = JSON.stringify(out, null, 1).replace(/\[\n\s+([^\]]*?)\n\s+\]/g, (_, inner: string) => `[${inner.replace(/\s*\n\s*/g, ' ')}]`);
  writeFileSync(OUT, lines + '\n');
  log(`incivility: wrote ${OUT} (${Object.keys(sorted).length} phrases)`);
}

/**
 * The targets with a small margin, so that they still hold on the
 * test parts: Toxic Spans recall ≥ 0.8 and kind right ≥ 0.7, labelled precision ≥ 0.9.
 */
function meetsTargets(figures: { spans: { recall: number; kindRight: number }; labelled: { uncivil: { precision: number } } }): boolean {
  return figures.spans.recall >= 0.81 && figures.spans.kindRight >= 0.72 && figures.labelled.uncivil.precision >= 0.92;
}

/** Severity 2 from a little above the cue threshold, 3 where most uses are in a toxic span. */
function severityCuts(cue: number): [number, number] {
  return [round(Math.min(0.5, cue + 0.1)), 0.5];
}

function describe(best: { setting: Setting; figures: { spans: { recall: number; kindRight: number }; sfu: { level2: { precision: number; recall: number; f1: number } }; labelled: { uncivil: { precision: number; recall: number; f1: number } } } }): string {
  const { setting, figures } = best;
  return (
    `z ${setting.confidence}, m ${setting.minCount}, a ${setting.smoothing}, cue ${setting.cue}, addressed ${setting.addressed}, second kind ${setting.secondKind}: ` +
    `Toxic Spans fold recall ${figures.spans.recall}, kind ${figures.spans.kindRight}; SFU-CTC dev P/R/F1 ${figures.sfu.level2.precision}/${figures.sfu.level2.recall}/${figures.sfu.level2.f1}; ` +
    `labelled dev P/R/F1 ${figures.labelled.uncivil.precision}/${figures.labelled.uncivil.recall}/${figures.labelled.uncivil.f1}`
  );
}
