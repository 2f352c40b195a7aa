/**
 * A run: one analysis of a set of threads with one set of settings. What is
 * run-wide lives here once — the clusters, the settings, the run's id — and
 * never in a per-thread copy; what belongs to a comment lives on the comment.
 *
 * ## Example
 *
 * `threadlens analyse corpus` yields (abridged):
 *
 * ```json
 * { "id": "9d1c4a0b7e2f3a5c",
 *   "settings": { "frames": [{ "id": "escalation", "label": "Escalation fears", … }, …],
 *                 "extraClusters": "auto", "clustering": { "minTerms": 3, … },
 *                 "fingerprint": "0b4e…" },
 *   "threads": [{ "id": "003_d568973889bbf5ad", "comments": [{ "id": "c1", …, "data": { … } }, …], … }],
 *   "clusters": [{ "id": "buffer-zone", "identity": "frame:buffer-zone", "label": "Buffer zones and protectorates",
 *                  "source": "frame", "size": 5, … }] }
 * ```
 */
import type { AnalysedComment, Stance } from './annotations.js';
import type { Thread } from './thread.js';

/** An argument the user (or the built-in list) names in advance; it seeds one cluster. */
export interface Frame {
  id: string;
  label: string;
  description: string;
  /** Words or phrases that widen what the label and description say. */
  terms: string[];
}

/** A comment that states a cluster's argument best: the sentence closest to its centre. */
export interface ClusterQuote {
  threadId: string;
  commentId: string;
  text: string;
}

/**
 * One group of comments arguing the same thing, across the whole run.
 *
 * - `id`: the frame's id for a frame's cluster, `extra-1`, `extra-2`, … for
 *   clusters found in the data (numbered by size): meaningful within the run.
 * - `identity`: what names the argument across runs: `frame:<frame id>` for
 *   a frame's cluster, `terms:<top terms>` for a discovered one (two runs'
 *   discovered clusters are the same argument when their labels or most of
 *   their top terms agree; see `compare`).
 * - `label`: the frame's label while the cluster is still about the frame,
 *   else its top terms.
 * - `size`: placed comments; `prevalence`: share of placed comments, and of
 *   threads with at least one member.
 * - `stanceMix`: share of the cluster's comments per stance.
 * - `quote`: the run-wide representative sentence.
 */
export interface Cluster {
  id: string;
  identity: string;
  label: string;
  source: 'frame' | 'discovered';
  topTerms: string[];
  size: number;
  prevalence: { comments: number; threads: number };
  stanceMix: Record<Stance, number>;
  meanSentiment: number;
  quote: ClusterQuote | null;
  /** What to check about a frame's cluster (a frame of stop words only, one that takes most of the comments); empty when all is well. */
  warnings: string[];
}

/**
 * The normalised settings a run was made with, as plain data: enough to tell
 * whether two runs (or two snapshots) can be compared figure by figure.
 * `fingerprint` is a hash of all of them together with the lexicon and the
 * fitted models: equal fingerprints, comparable figures.
 */
export interface RunSettings {
  frames: Frame[];
  extraClusters: number | 'auto';
  clustering: { minTerms: number; minSimilarity: number; frameAnchor: number; maxSample: number; seed: number; vectorWeight: number };
  /** Hash of the incivility lexicon in use (built-in plus any additions). */
  lexicon: string;
  /** Hashes of the fitted models (and their cue data). */
  models: { sentiment: string; stance: string; incivility: string; sentence: string };
  fingerprint: string;
}

/** A thread after the analysis: every comment annotated. */
export interface AnalysedThread extends Thread {
  comments: AnalysedComment[];
}

/**
 * One analysis: its threads (ids unique within the run), the clusters once,
 * the settings, and an id derived from the threads' contents and the
 * settings (same input and settings, same id). `threads` is an array, or
 * for a run assembled on disk a sequence read back thread by thread on each
 * pass (what every report writer takes: {@link AnyRun}).
 */
export interface Run<Threads extends Iterable<AnalysedThread> = AnalysedThread[]> {
  id: string;
  settings: RunSettings;
  threads: Threads;
  clusters: Cluster[];
}

/** A run whose threads may only be gone through in order. */
export type AnyRun = Run<Iterable<AnalysedThread>>;
