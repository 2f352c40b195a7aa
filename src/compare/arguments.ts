import type { Cluster, Problem, RunSettings } from '../model/index.js';

/**
 * Clusters of different runs are matched by what they argue, never by their
 * run-local ids: a frame's cluster by the frame's id, a discovered cluster by
 * its label or most of its top terms.
 */
export function sameArgument(a: Cluster, b: Cluster): boolean {
  if (a.source !== b.source) return false;
  if (a.source === 'frame') return a.identity === b.identity;
  if (a.label === b.label) return true;
  const theirs = new Set(b.topTerms);
  const shared = a.topTerms.filter((term) => theirs.has(term)).length;
  return shared > 0 && shared / Math.min(a.topTerms.length, b.topTerms.length) >= MOST_TERMS;
}

/** Share of the shorter list of top terms two discovered clusters must share to be the same argument. */
const MOST_TERMS = 0.6;

/**
 * Names the arguments of several runs with one key each, in the order they
 * are first seen: `frame:<id>` for frames, the first matching cluster's
 * identity for discovered ones.
 */
export class ArgumentKeys {
  private readonly known: Array<{ key: string; cluster: Cluster }> = [];

  key(cluster: Cluster): string {
    const found = this.known.find((entry) => sameArgument(entry.cluster, cluster));
    if (found) return found.key;
    const key = cluster.source === 'frame' ? cluster.identity : uniqueKey(cluster.identity, this.known);
    this.known.push({ key, cluster });
    return key;
  }

  label(key: string): string {
    return this.known.find((entry) => entry.key === key)?.cluster.label ?? key;
  }

  /** Whether a run made with `settings` could have found the argument behind `key`: its frame was in the run, or it is a discovered argument. */
  static frameInRun(key: string, settings: RunSettings): boolean {
    return !key.startsWith('frame:') || settings.frames.some((frame) => `frame:${frame.id}` === key);
  }
}

function uniqueKey(identity: string, known: Array<{ key: string }>): string {
  let key = identity;
  for (let n = 2; known.some((entry) => entry.key === key); n++) key = `${identity} #${n}`;
  return key;
}

/**
 * Warnings when two runs' figures are not comparable one for one: made with
 * other frames, or other settings, lexicon or models. `names` say which input
 * is which in the messages.
 */
export function settingsWarnings(a: RunSettings, b: RunSettings, names: [string, string]): Problem[] {
  if (a.fingerprint === b.fingerprint) return [];
  const warnings: Problem[] = [];
  const frameList = (settings: RunSettings): string => settings.frames.map((frame) => frame.id).join(', ') || 'none';
  if (JSON.stringify(a.frames) !== JSON.stringify(b.frames)) {
    warnings.push({
      severity: 'warning',
      code: 'different-frames',
      message: `expected snapshots made with the same frames, found ${names[0]}: ${frameList(a)}; ${names[1]}: ${frameList(b)} — arguments present in only one are not compared`,
      line: null,
      column: null,
    });
  }
  const parts: string[] = [];
  if (a.extraClusters !== b.extraClusters) parts.push(`extra clusters ${a.extraClusters} vs ${b.extraClusters}`);
  if (JSON.stringify(a.clustering) !== JSON.stringify(b.clustering)) parts.push('clusterer settings');
  if (a.lexicon !== b.lexicon) parts.push('incivility lexicon');
  if (a.models.sentiment !== b.models.sentiment) parts.push('sentiment model');
  if (a.models.stance !== b.models.stance) parts.push('stance model');
  if (a.models.incivility !== b.models.incivility) parts.push('incivility model');
  if (parts.length > 0) {
    warnings.push({
      severity: 'warning',
      code: 'different-settings',
      message: `expected snapshots made with the same settings, found a different ${parts.join(', ')} (${names[0]} vs ${names[1]}): shifts may come from the settings, not the readers`,
      line: null,
      column: null,
    });
  }
  return warnings;
}
