import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { FIXTURES, ROOT, runCli } from './helpers.js';

const scratch = (prefix: string) => mkdtempSync(path.join(tmpdir(), prefix));

describe('threadlens analyse on the sample corpus', () => {
  it('writes exactly the reports committed in reports/ (regenerate with npm start)', async () => {
    const out = scratch('threadlens-reports-');
    const { code } = await runCli(['analyse', 'corpus', '--out', out, '--quiet']);
    expect(code).toBe(0);
    const committed = readdirSync(path.join(ROOT, 'reports')).sort();
    expect(readdirSync(out).sort()).toEqual(committed);
    for (const name of committed) {
      expect(readFileSync(path.join(out, name)).equals(readFileSync(path.join(ROOT, 'reports', name))), `reports/${name} differs from what analyse writes now`).toBe(true);
    }
  });

  const report = readFileSync(path.join(ROOT, 'reports', '003_d568973889bbf5ad.md'), 'utf8');

  it('names the declared and parsed counts, the clusters with quotes, a moderation queue and charts', () => {
    expect(report).toContain('| Comments | 24 parsed of 33 declared — 9 not shown or not captured |');
    for (const label of ['Escalation fears', 'Appeasement and concessions', 'Buffer zones and protectorates']) expect(report).toContain(`### ${label}`);
    expect(report).toMatch(/### Buffer zones and protectorates\n\n.*\n\n> .+\n> — \*\*c\d+\*\*/);
    expect(report).toContain('## Moderation queue');
    expect(report).toMatch(/\| \*\*c17\*\* \| 90 \| \*\*c16\*\* \|/);
    expect(report).toMatch(/\| \*\*c8\*\* \| 59 \| the article \|/);
    expect(report).toMatch(/\| 1 \| \*\*c4\*\* \| 34 \| harsh words about a public figure \|/);
    expect(report.match(/```mermaid/g)?.length).toBeGreaterThanOrEqual(2);
    // Sentiment by depth is a table with bars from zero (a Mermaid bar chart draws them from the axis's bottom).
    expect(report).not.toContain('Mean sentiment by reply depth"');
    expect(report).toContain('| Reply depth | Comments | Mean sentiment | −1 … 0 … +1 |');
    expect(report).toMatch(/\| 0 \| \d+ \| [−+]?\d\.\d\d \| [\u2007▓]{10}│[\u2007▓]{10} \|/);
    expect(report).toContain('## Thread outline');
  });

  it('writes comments.csv and clusters.csv that parse back to the right counts', () => {
    const comments = parseCsv(readFileSync(path.join(ROOT, 'reports', 'comments.csv')), { columns: true }) as Array<Record<string, string>>;
    expect(comments).toHaveLength(24);
    expect(comments.filter((row) => row['cluster_id'] !== '').length).toBeGreaterThan(18);
    const clusters = parseCsv(readFileSync(path.join(ROOT, 'reports', 'clusters.csv')), { columns: true }) as Array<Record<string, string>>;
    const overall = clusters.filter((row) => row['scope'] === 'overall');
    const perThread = clusters.filter((row) => row['scope'] === 'thread');
    expect(overall.map((row) => row['cluster_id'])).toContain('buffer-zone');
    expect(perThread.reduce((sum, row) => sum + Number(row['comments']), 0)).toBe(comments.filter((row) => row['cluster_id'] !== '').length);
  });

  it('writes snapshots (version 2): the annotated thread, only the clusters it uses, the run and its settings', () => {
    const snapshot = JSON.parse(readFileSync(path.join(ROOT, 'reports', '003_d568973889bbf5ad.json'), 'utf8'));
    expect(snapshot).toMatchObject({ schema: 'threadlens-snapshot', version: 2, thread: { id: '003_d568973889bbf5ad' } });
    expect(snapshot.thread.comments).toHaveLength(24);
    for (const comment of snapshot.thread.comments) expect(Object.keys(comment.data).sort()).toEqual(['cluster', 'incivility', 'key', 'sentiment', 'stance']);
    const used = new Set(snapshot.thread.comments.map((comment: { data: { cluster: { id: string } | null } }) => comment.data.cluster?.id).filter(Boolean));
    expect(new Set(snapshot.clusters.map((cluster: { id: string }) => cluster.id))).toEqual(used);
    expect(snapshot.clusters.every((cluster: Record<string, unknown>) => typeof cluster['identity'] === 'string' && !('perThread' in cluster))).toBe(true);
    expect(snapshot.run.settings.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    // A page without comments uses no cluster.
    expect(JSON.parse(readFileSync(path.join(ROOT, 'reports', '000_71864af123683f1b.json'), 'utf8')).clusters).toEqual([]);
  });

  it('names every file of a thread after its id, as comments.csv has it', async () => {
    const dir = scratch('threadlens-names-');
    const inputs = path.join(dir, 'in');
    mkdirSync(inputs);
    const page = readFileSync(path.join(ROOT, 'corpus', '003_d568973889bbf5ad.txt'));
    for (const name of ['=cmd.txt', 'A.txt', 'a.txt', 'summary.txt', '..odd name & co.txt']) writeFileSync(path.join(inputs, name), page);
    const out = path.join(dir, 'out');
    expect((await runCli(['analyse', inputs, '--out', out, '--quiet', '--extra-clusters', '0'])).code).toBe(0);
    const rows = parseCsv(readFileSync(path.join(out, 'comments.csv')), { columns: true }) as Array<Record<string, string>>;
    const ids = [...new Set(rows.map((row) => row['thread_id']!))];
    expect(ids).toEqual(['odd-name-co', 'cmd', 'A', 'a-2', 'summary-thread']);
    for (const id of ids) {
      expect(readdirSync(out)).toContain(`${id}.md`);
      expect(JSON.parse(readFileSync(path.join(out, `${id}.json`), 'utf8')).thread.id).toBe(id);
    }
  });

  it('links every thread from the summary', () => {
    const summary = readFileSync(path.join(ROOT, 'reports', 'summary.md'), 'utf8');
    for (const name of readdirSync(path.join(ROOT, 'corpus')).filter((file) => file.endsWith('.txt'))) {
      expect(summary).toContain(`](${name.replace(/\.txt$/, '.md')})`);
    }
  });
});

describe('hostile comments through the Markdown and CSV writers', () => {
  const out = scratch('threadlens-hostile-');
  const hostile = path.join(FIXTURES, 'hostile', 'formulas-and-markup.txt');

  it('keeps user text as text in Markdown and inert in CSV', async () => {
    const { code } = await runCli(['analyse', hostile, '--out', out, '--quiet']);
    expect(code).toBe(0);
    const report = readFileSync(path.join(out, 'formulas-and-markup.md'), 'utf8');
    expect(report).not.toContain('<script>');
    expect(report).toContain('\\<script\\>');
    expect(report).not.toMatch(/(?<!\\)\[a link\]\(/);
    expect(report).toContain('`@mention`');
    expect(report).toContain('`http://x.example)`');
    const queue = report.split('\n').filter((row) => /^\| \d+ \| \*\*c\d+\*\*/.test(row));
    for (const row of queue) expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(10);
    const rows = parseCsv(readFileSync(path.join(out, 'comments.csv')), { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(6);
    for (const row of rows) expect(row['text']).not.toMatch(/^[\s\u3000]*[=+\-@\uff1d\uff0b\uff0d\uff20]/);
  });

  it('shows an entity typed in a comment as typed', async () => {
    const dir = scratch('threadlens-entity-');
    writeFileSync(path.join(dir, 'entity.txt'), '1 COMMENTS\n\n  1. Spending on R&amp;D &lt;matters&gt; &amp; so does A&B.\n');
    expect((await runCli(['analyse', path.join(dir, 'entity.txt'), '--out', path.join(dir, 'out'), '--quiet'])).code).toBe(0);
    const report = readFileSync(path.join(dir, 'out', 'entity.md'), 'utf8');
    // An entity's & escaped, so a Markdown renderer shows "R&amp;D" and not "R&D"; a lone & means itself.
    expect(report).toContain('R\\&amp;D \\&lt;matters\\&gt; \\&amp; so does A&B.');
  });

  it('escapes pipes in outline and table cells so rows keep their columns', () => {
    const report = readFileSync(path.join(out, 'formulas-and-markup.md'), 'utf8');
    expect(report).toContain('\\| pipe \\| table');
  });
});

describe('writing', () => {
  it('replaces a previous report set as a whole, even one holding a folder named like a report', async () => {
    const out = scratch('threadlens-atomic-');
    expect((await runCli(['analyse', FIXTURES + '/hostile/formulas-and-markup.txt', '--out', out, '--quiet'])).code).toBe(0);
    rmSync(path.join(out, 'summary.md'));
    mkdirSync(path.join(out, 'summary.md'));
    const { code } = await runCli(['analyse', 'corpus', '--out', out, '--quiet']);
    expect(code).toBe(0);
    expect(readFileSync(path.join(out, 'summary.md'), 'utf8')).toBe(readFileSync(path.join(ROOT, 'reports', 'summary.md'), 'utf8'));
    expect(readdirSync(out).sort()).toEqual(readdirSync(path.join(ROOT, 'reports')).sort());
    expect(readdirSync(path.dirname(out)).filter((name) => name.startsWith(`.${path.basename(out)}.`))).toEqual([]);
  });

  it('refuses to replace a folder holding files it did not write, and leaves it as it was', async () => {
    const out = scratch('threadlens-foreign-');
    writeFileSync(path.join(out, 'notes.txt'), 'my notes\n');
    const { code, stderr } = await runCli(['analyse', 'corpus', '--out', out, '--quiet']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/notes\.txt.* \[unwritable\]$/m);
    expect(readdirSync(out)).toEqual(['notes.txt']);
    expect(readFileSync(path.join(out, 'notes.txt'), 'utf8')).toBe('my notes\n');
    // Nor a report set with something of the user's added to it.
    const set = scratch('threadlens-added-');
    expect((await runCli(['analyse', 'corpus', '--out', set, '--quiet'])).code).toBe(0);
    writeFileSync(path.join(set, 'my-notes.md'), 'mine\n');
    expect((await runCli(['analyse', 'corpus', '--out', set, '--quiet'])).code).toBe(1);
    expect(readFileSync(path.join(set, 'my-notes.md'), 'utf8')).toBe('mine\n');
  });

  it('writes a ConvoKit corpus folder with --format convokit', async () => {
    const out = scratch('threadlens-convokit-');
    const { code } = await runCli(['analyse', 'corpus', '--out', out, '--format', 'convokit', '--quiet']);
    expect(code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['.threadlens-set.json', 'conversations.json', 'corpus.json', 'index.json', 'speakers.json', 'utterances.jsonl']);
    const utterances = readFileSync(path.join(out, 'utterances.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(utterances).toHaveLength(5 + 24);
    const ids = new Set(utterances.map((utterance) => utterance.id));
    for (const utterance of utterances) {
      expect(Object.keys(utterance)).toEqual(expect.arrayContaining(['id', 'speaker', 'conversation_id', 'reply_to', 'timestamp', 'text']));
      if (utterance.reply_to !== null) expect(ids.has(utterance.reply_to)).toBe(true);
      expect(ids.has(utterance.conversation_id)).toBe(true);
    }
    const conversations = JSON.parse(readFileSync(path.join(out, 'conversations.json'), 'utf8'));
    expect(Object.keys(conversations)).toHaveLength(5);
  });

  it('gives a WordPress export’s ConvoKit corpus one speaker per author and a timestamp on every utterance', async () => {
    const out = scratch('threadlens-convokit-wxr-');
    const input = path.join(ROOT, 'test', 'fixtures', 'formats', 'wxr-theme-test.xml');
    expect((await runCli(['analyse', input, '--out', out, '--format', 'convokit', '--quiet'])).code).toBe(0);
    const utterances = readFileSync(path.join(out, 'utterances.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    const parsed = JSON.parse((await runCli(['parse', input, '--json'])).stdout) as Array<{ comments: Array<{ author: string | null }> }>;
    const authors = new Set(parsed.flatMap((thread) => thread.comments.map((comment) => comment.author)));
    expect(authors.has(null)).toBe(false);
    const speakers = Object.keys(JSON.parse(readFileSync(path.join(out, 'speakers.json'), 'utf8')));
    const articleAuthors = new Set(utterances.filter((utterance) => utterance.meta.kind === 'article').map((utterance) => utterance.speaker));
    expect(new Set(speakers)).toEqual(new Set(['unknown', ...authors, ...articleAuthors]));
    expect(utterances.filter((utterance) => utterance.meta.kind === 'comment').map((utterance) => utterance.speaker).sort()).toEqual(
      parsed.flatMap((thread) => thread.comments.map((comment) => comment.author)).sort(),
    );
    expect(utterances.every((utterance) => Number.isInteger(utterance.timestamp))).toBe(true);
  });

  it('reads a folder of pages and exports in one run, authors.csv included', async () => {
    const out = scratch('threadlens-mixed-');
    const { code } = await runCli(['analyse', path.join(ROOT, 'test', 'fixtures', 'formats'), '--out', out, '--quiet']);
    expect(code).toBe(0);
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['authors.csv', 'comments.csv', 'summary.md', 'escort-ship-order-slips.md', 'wp-page-saved.md']));
    const rows = parseCsv(readFileSync(path.join(out, 'comments.csv'), 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(rows.filter((row) => row.author !== '' && row.time !== '').length).toBeGreaterThan(rows.length / 2);
  });

  it('refuses an unknown format with exit 2', async () => {
    expect((await runCli(['analyse', 'corpus', '--format', 'pdf'])).code).toBe(2);
  });
});
