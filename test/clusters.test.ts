import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { analyseThreads, parse, parseFrames, renderCommentsCsv, ThreadlensError } from '../src/index.js';
import { readBytes, runCli } from './helpers.js';

const SAMPLE = 'corpus/003_d568973889bbf5ad.txt';
const sample = () => parse(readBytes(SAMPLE), { file: SAMPLE });

describe('argument clusters on the sample thread with the default frames', () => {
  const { clustering } = analyseThreads([sample()]);
  const thread = sample();
  const clusterOf = (start: string) => clustering.assignments[0]![thread.comments.findIndex((comment) => comment.text.startsWith(start))];

  it('puts the buffer-zone and protectorate arguments in the buffer-zone frame', () => {
    expect(clusterOf('I think any buffer zone would be taken by Russia')).toBe('buffer-zone');
    expect(clusterOf('I said something like that two years ago')).toBe('buffer-zone');
    expect(clusterOf('Irreversible seems the wrong words')).toBe('buffer-zone');
  });

  it('puts appeasement and concessions in the appeasement frame', () => {
    expect(clusterOf('Sounds like appeasement Martin')).toBe('appeasement');
    expect(clusterOf('When there is peace')).toBe('appeasement');
  });

  it('puts nuclear and NATO–Russia escalation in the escalation frame', () => {
    expect(clusterOf('Absolutely none practically')).toBe('escalation');
    expect(clusterOf('Hopefully this pointless war ends soon')).toBe('escalation');
  });

  it('finds the other recurring arguments', () => {
    expect(clusterOf('Surrounded by NATO?')).toBe('encirclement');
    expect(clusterOf('And every nato nation has to agree')).toBe('nato-membership');
    expect(clusterOf('Shame on the US Republicans')).toBe('aid-and-weapons');
  });

  it('describes every cluster: label, terms, quote from a member, figures that add up', () => {
    const placed = clustering.assignments[0]!.filter((id) => id !== null).length;
    expect(clustering.clusters.reduce((sum, cluster) => sum + cluster.size, 0)).toBe(placed);
    for (const cluster of clustering.clusters.filter((entry) => entry.size > 0)) {
      expect(cluster.label).not.toBe('');
      expect(cluster.topTerms.length).toBeGreaterThan(0);
      const quoted = thread.comments.find((comment) => comment.id === cluster.quote!.commentId)!;
      expect(clustering.assignments[0]![thread.comments.indexOf(quoted)]).toBe(cluster.id);
      expect(Object.values(cluster.stanceMix).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
      expect(cluster.prevalence.threads).toBe(1);
    }
    const sizes = clustering.clusters.map((cluster) => cluster.size);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });
});

describe('clustering is deterministic', () => {
  it('gives the same clusters and CSV bytes on every run', () => {
    const first = analyseThreads([sample()], { extraClusters: 2 });
    const second = analyseThreads([sample()], { extraClusters: 2 });
    expect(second.clustering).toEqual(first.clustering);
    expect(renderCommentsCsv(second.scored, second.clustering)).toBe(renderCommentsCsv(first.scored, first.clustering));
  });

  it('discovers clusters without frames, numbered extra-1… in order of size', () => {
    const { clustering } = analyseThreads([sample()], { frames: [], extraClusters: 3 });
    expect(clustering.clusters.map((cluster) => cluster.id)).toEqual(['extra-1', 'extra-2', 'extra-3'].slice(0, clustering.clusters.length));
    expect(clustering.clusters.every((cluster) => cluster.source === 'discovered')).toBe(true);
  });

  it('leaves comments with too little content unplaced', () => {
    const thread = parse('3 COMMENTS\n\n  1. Buffer zone in western Ukraine, a protectorate under NATO.\n\n    • Yes.\n\n  2. Appeasement never works, concessions reward aggression.\n', { file: 'short.txt' });
    const { clustering } = analyseThreads([thread], { extraClusters: 0 });
    expect(clustering.assignments[0]).toEqual(['buffer-zone', null, 'appeasement']);
  });
});

describe('frames files', () => {
  it('reads a frames file and refuses a bad one with its name', () => {
    expect(parseFrames('{"frames":[{"id":"a","label":"A"}]}', 'f.json')).toEqual([{ id: 'a', label: 'A', description: '', terms: [] }]);
    for (const bad of ['{"frames":[{"id":"none","label":"x"}]}', '{"frames":[{"id":"a","label":"A"},{"id":"a","label":"B"}]}', '{"frames":{}}', '{']) {
      expect(() => parseFrames(bad, 'f.json')).toThrow(ThreadlensError);
    }
  });

  it('export takes --frames and --extra-clusters and fills the cluster columns', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'threadlens-frames-'));
    writeFileSync(path.join(dir, 'frames.json'), JSON.stringify({ frames: [{ id: 'nukes', label: 'Nuclear risk', terms: ['nuclear', 'nukes', 'tactical nukes'] }] }));
    const { code, stdout } = await runCli(['export', path.resolve(SAMPLE), '--frames', 'frames.json', '--extra-clusters', '0'], dir);
    expect(code).toBe(0);
    const rows = parseCsv(stdout, { columns: true }) as Array<Record<string, string>>;
    expect(new Set(rows.map((row) => row['cluster_id']))).toEqual(new Set(['nukes', '']));
    expect(rows.find((row) => row['cluster_id'] === 'nukes')!['cluster_label']).not.toBe('');
    expect((await runCli(['export', SAMPLE, '--extra-clusters', 'lots'])).code).toBe(2);
    expect((await runCli(['export', SAMPLE, '--frames', 'missing.json'])).code).toBe(2);
  });
});
