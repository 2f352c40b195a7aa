/**
 * Readers for the incivility benchmarks in ../shared/benchmarks (see its
 * README): Toxic Spans (typed toxic spans in news comments) and the SFU
 * Constructiveness and Toxicity Corpus. Rows are read at run time, never
 * copied into the project. Training reads only the train/dev parts named
 * here; `npm run eval` reads the test parts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type { IncivilityKind } from '../src/model/index.js';
import { labelledRows } from './benchmarks.js';

/** Toxic Spans span types, in the data set's spelling. */
export const SPAN_TYPES = ['Insult', 'Profane/Obscene', 'Identity based Attack', 'Threat', 'Other Toxicity'] as const;
export type SpanType = (typeof SPAN_TYPES)[number];

/** The threadlens kind of a span type; `Other Toxicity` has none (any kind counts for it). */
export const KIND_OF_SPAN_TYPE: Record<SpanType, IncivilityKind | null> = {
  Insult: 'insult',
  'Profane/Obscene': 'profanity',
  'Identity based Attack': 'identity_attack',
  Threat: 'threat',
  'Other Toxicity': null,
};

export interface MajoritySpan {
  start: number;
  end: number;
  type: SpanType;
}

export interface ToxicSpansComment {
  id: number;
  text: string;
  /** Runs of characters that most of the comment's annotators marked, each with the type most of them gave it. */
  spans: MajoritySpan[];
}

/** A type name as written in spans.csv, with the few truncated ones ("Insu") read by their prefix; '' has no type. */
function spanType(name: string): SpanType | null {
  const trimmed = name.trim();
  if (trimmed === '') return null;
  return SPAN_TYPES.find((type) => type.startsWith(trimmed)) ?? null;
}

const toxicSpansCache = new Map<string, ToxicSpansComment[]>();

/**
 * Toxic Spans comments of one part: `train` is `comment_id % 5 != 0`, `test`
 * is `comment_id % 5 == 0`. A character is in a majority span when more than
 * half of the comment's annotations (one per annotator) cover it; its type is
 * the type most of those annotations gave it (ties: the order of {@link SPAN_TYPES}).
 */
export function toxicSpansComments(dir: string, part: 'train' | 'test'): ToxicSpansComment[] {
  const key = `${dir}\u0000${part}`;
  const cached = toxicSpansCache.get(key);
  if (cached) return cached;
  const folder = path.join(dir, 'toxicspans');
  const read = (name: string) => parseCsv(readFileSync(path.join(folder, name)), { columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  const comments = read('comments.csv');
  const annotations = read('annotations.csv');
  const spans = read('spans.csv');
  const inPart = (id: number): boolean => (id % 5 === 0) === (part === 'test');

  const annotators = new Map<number, number>();
  const commentOf = new Map<string, number>();
  for (const row of annotations) {
    const id = Number(row['comment_id']);
    commentOf.set(row['annotation']!, id);
    annotators.set(id, (annotators.get(id) ?? 0) + 1);
  }
  const spansOf = new Map<number, Array<{ annotation: string; type: SpanType | null; start: number; end: number }>>();
  for (const row of spans) {
    const id = commentOf.get(row['annotation']!);
    if (id === undefined || !inPart(id)) continue;
    const list = spansOf.get(id) ?? [];
    list.push({ annotation: row['annotation']!, type: spanType(row['type'] ?? ''), start: Number(row['start']), end: Number(row['end']) });
    spansOf.set(id, list);
  }

  const out: ToxicSpansComment[] = [];
  for (const row of comments) {
    const id = Number(row['comment_id']);
    if (!inPart(id)) continue;
    const text = row['comment_text'] ?? '';
    const marks = spansOf.get(id) ?? [];
    const total = annotators.get(id) ?? 0;
    // Per character: the annotations covering it, and per type how many gave it that type.
    const cover: Array<Set<string> | undefined> = [];
    const typeVotes: Array<Map<SpanType, Set<string>> | undefined> = [];
    for (const mark of marks) {
      for (let i = Math.max(0, mark.start); i < Math.min(mark.end, text.length); i++) {
        (cover[i] ??= new Set()).add(mark.annotation);
        if (mark.type !== null) {
          const votes = (typeVotes[i] ??= new Map());
          const set = votes.get(mark.type) ?? new Set<string>();
          set.add(mark.annotation);
          votes.set(mark.type, set);
        }
      }
    }
    const majority: MajoritySpan[] = [];
    for (let i = 0; i < text.length; i++) {
      const covered = cover[i];
      if (covered === undefined || covered.size * 2 <= total) continue;
      const votes = typeVotes[i];
      let type: SpanType = 'Other Toxicity';
      let best = 0;
      for (const candidate of SPAN_TYPES) {
        const count = votes?.get(candidate)?.size ?? 0;
        if (count > best) {
          best = count;
          type = candidate;
        }
      }
      const last = majority[majority.length - 1];
      if (last && last.end === i && last.type === type) last.end = i + 1;
      else majority.push({ start: i, end: i + 1, type });
    }
    out.push({ id, text, spans: majority });
  }
  toxicSpansCache.set(key, out);
  return out;
}

export interface SfuRow {
  /** 1-based data row (header not counted): odd rows are `dev`, even rows `test`. */
  row: number;
  text: string;
  /** `is_toxic_popular_answer_1`: 1 not toxic, 2 mildly toxic, 3 toxic, 4 very toxic. */
  level: number;
}

/** SFU-CTC comments of one part, read as UTF-8 with bad bytes replaced. */
export function sfuRows(dir: string, part: 'dev' | 'test'): SfuRow[] {
  const bytes = readFileSync(path.join(dir, 'sfu-ctc', 'SFU_constructiveness_toxicity.csv'));
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  const rows = parseCsv(text, { columns: true, skip_empty_lines: true, bom: true }) as Array<Record<string, string>>;
  return rows
    .map((row, i) => ({ row: i + 1, text: row['comment'] ?? '', level: Number(row['is_toxic_popular_answer_1']) }))
    .filter((row) => (row.row % 2 === 1) === (part === 'dev'));
}

export interface LabelledComment {
  id: string;
  split: 'dev' | 'test';
  text: string;
  parent: string | null;
  kinds: IncivilityKind[];
  target: 'commenter' | 'public_figure' | 'other' | null;
}

/** The project's labelled comments: `test` is the test part of incivility.jsonl; `dev` its dev part plus the two further dev sets. */
export function labelledComments(split: 'dev' | 'test'): LabelledComment[] {
  if (split === 'test') return labelledRows<LabelledComment>('incivility', 'test');
  return ['incivility', 'incivility-dev2', 'incivility-dev3'].flatMap((name) => labelledRows<LabelledComment>(name, 'dev'));
}
