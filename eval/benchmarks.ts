/**
 * Readers for the human-labelled benchmarks in ../shared/benchmarks (see its
 * README): rows are read at run time, never copied into the project.
 */
import { existsSync, readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Stance } from '../src/model/index.js';
import { STANCES } from '../src/analyse/stance.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `--benchmarks DIR`, else $THREADLENS_BENCHMARKS, else ../shared/benchmarks beside the repo. */
export function benchmarksDir(argv: string[] = process.argv): string {
  const flag = argv.indexOf('--benchmarks');
  if (flag !== -1 && argv[flag + 1]) return path.resolve(argv[flag + 1]!);
  return path.resolve(process.env['THREADLENS_BENCHMARKS'] ?? path.join(ROOT, '..', 'shared', 'benchmarks'));
}

export function requireBenchmarks(dir: string): void {
  if (!existsSync(dir)) {
    throw new Error(`expected the benchmarks folder at ${dir}, found nothing; pass --benchmarks DIR or set THREADLENS_BENCHMARKS`);
  }
}

export const VADER_SETS = ['tweets', 'nytEditorialSnippets', 'movieReviewSnippets', 'amazonReviewSnippets'] as const;
export type VaderSet = (typeof VADER_SETS)[number];

export interface VaderRow {
  id: string;
  mean: number;
  text: string;
}

/** Rows of one VADER set; odd 1-based line numbers are `train`, even are `test`. */
export function vaderRows(dir: string, set: VaderSet, split: 'train' | 'test'): VaderRow[] {
  const lines = readFileSync(path.join(dir, 'vader', `${set}_GroundTruth.txt`), 'utf8').split(/\r?\n/);
  const rows: VaderRow[] = [];
  lines.forEach((line, index) => {
    if (line === '' || (index % 2 === 0) !== (split === 'train')) return;
    const [id, mean, ...text] = line.split('\t');
    rows.push({ id: id!, mean: Number(mean), text: text.join('\t') });
  });
  return rows;
}

export { STANCES, type Stance };
const STANCE_OF_LABEL: Record<string, Stance> = { support: 'agree', deny: 'disagree', query: 'query', comment: 'neutral' };

export interface StanceRow {
  split: 'train' | 'dev' | 'test';
  event: string;
  text: string;
  parentText: string;
  stance: Stance;
}

/** RumourEval 2017 direct replies to the source tweet, labels mapped to reply stance. */
export function rumourEvalReplies(dir: string, split: StanceRow['split']): StanceRow[] {
  const rows: StanceRow[] = [];
  for (const line of readFileSync(path.join(dir, 'rumoureval2017', 'rumoureval2017_subtaskA_sdqc.jsonl'), 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    const row = JSON.parse(line) as { split: string; event: string; is_source: number; parent_id: string; thread_id: string; label: string; text: string; parent_text: string };
    if (row.split !== split || row.is_source !== 0 || row.parent_id !== row.thread_id) continue;
    rows.push({ split, event: row.event, text: row.text, parentText: row.parent_text, stance: STANCE_OF_LABEL[row.label]! });
  }
  return rows;
}

/** Rows of one of the project's own labelled sets (test/fixtures/labelled/NAME.jsonl) in one split. */
export function labelledRows<Row extends { split: string }>(name: string, split: 'dev' | 'test'): Row[] {
  return readFileSync(path.join(ROOT, 'test', 'fixtures', 'labelled', `${name}.jsonl`), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Row)
    .filter((row) => row.split === split);
}

/** One DEBAGREEMENT pair: a Reddit comment, a direct reply, and the reply's stance towards it. */
export interface DebagreementRow {
  stance: Extract<Stance, 'agree' | 'disagree' | 'neutral'>;
  parent: string;
  reply: string;
  subreddit: string;
  authorParent: string;
  authorReply: string;
}

const DEBAGREEMENT_LABELS = { '0': 'disagree', '1': 'neutral', '2': 'agree' } as const;

/** DEBAGREEMENT `dev.csv`: every row may be used to train, tune and cross-validate (its test part is held back). */
export function debagreementRows(dir: string): DebagreementRow[] {
  const records = parseCsv(readFileSync(path.join(dir, 'debagreement', 'dev.csv')), { columns: true, relax_quotes: true }) as Array<Record<string, string>>;
  return records.map((record, i) => {
    const stance = DEBAGREEMENT_LABELS[record['label'] as keyof typeof DEBAGREEMENT_LABELS];
    if (stance === undefined) throw new Error(`debagreement/dev.csv row ${i + 1}: expected label 0, 1 or 2, found ${JSON.stringify(record['label'])}`);
    return { stance, parent: record['body_parent'] ?? '', reply: record['body_child'] ?? '', subreddit: record['subreddit'] ?? '', authorParent: record['author_parent'] ?? '', authorReply: record['author_child'] ?? '' };
  });
}
