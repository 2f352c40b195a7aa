import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers.js';

/** A reply chain 10,000 levels deep, through every command (the guide's reliability promise). */
const DEPTH = 10_000;
function chain(): string {
  const out = [`${DEPTH + 1} COMMENTS`, '', '  1. Start of an argument about buffer zones in Ukraine.', ''];
  for (let level = 1; level <= DEPTH; level++) out.push(`${' '.repeat(2 + 2 * level)}• No, that is wrong, reply ${level}.`, '');
  return out.join('\n');
}

describe('a 10,000-level reply chain', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'threadlens-deep-'));
  writeFileSync(path.join(dir, 'chain.txt'), chain());
  writeFileSync(path.join(dir, 'good.txt'), '2 COMMENTS\n\n  1. First comment.\n\n    • A reply.\n\nLEAVE A REPLY\n');

  it('analyse writes a report with the whole chain, a snapshot and a CSV row per comment', { timeout: 300_000 }, async () => {
    const { code } = await runCli(['analyse', 'chain.txt', 'good.txt', '--out', 'out', '--quiet'], dir);
    expect(code).toBe(0);
    const snapshot = JSON.parse(readFileSync(path.join(dir, 'out', 'chain.json'), 'utf8'));
    expect(snapshot.thread.comments).toHaveLength(DEPTH + 1);
    expect(snapshot.thread.comments.at(-1)).toMatchObject({ depth: DEPTH, parentId: `c${DEPTH}` });
    // Every reply contradicts the one before it: one chain runs from the top to the bottom.
    expect(snapshot.metrics.heated.some((heated: { commentIds: string[] }) => heated.commentIds.length > DEPTH / 2)).toBe(true);
    const report = readFileSync(path.join(dir, 'out', 'chain.md'), 'utf8');
    expect(report).toContain(`**c${DEPTH + 1}** L`);
    const rows = parseCsv(readFileSync(path.join(dir, 'out', 'comments.csv')), { columns: true }) as Array<Record<string, string>>;
    expect(rows.filter((row) => row['thread_id'] === 'chain')).toHaveLength(DEPTH + 1);
  });

  it('compare diffs the chain against itself with one reply more', { timeout: 300_000 }, async () => {
    writeFileSync(path.join(dir, 'chain-later.txt'), `${chain()}\n${' '.repeat(2 + 2 * (DEPTH + 1))}• And one more.\n`);
    const { code, stdout } = await runCli(['compare', 'chain.txt', 'chain-later.txt', '--same-thread', '--json'], dir);
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.mode).toBe('snapshots');
    expect(result.added).toEqual([expect.objectContaining({ id: `c${DEPTH + 2}`, parentId: `c${DEPTH + 1}`, text: 'And one more.' })]);
    expect(result.removed).toEqual([]);
  });
});
