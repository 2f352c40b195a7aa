import type { AnalysedThread, Cluster, ClusterAssignment, ClusterQuote, Frame, Stance } from '../../model/index.js';
import { STANCES } from '../stance.js';
import { TextList } from '../text-list.js';
import { foldSpaces } from '../text.js';
import { assignTexts, cosine, fitClusters, resultOf, type Assignment, type EngineOptions, type EngineResult, type FittedClusters, type Texts } from './engine.js';
import type { SentenceModel } from './sentence-vectors.js';
import type { SparseVector } from './vectors.js';
import { termsOf, type SurfaceCounts } from './vectors.js';

/** Options of the clustering stage, after `normalizeAnalyseOptions` filled the defaults. */
export type ClusterSettings = Omit<EngineOptions, 'frames'> & { frames: Frame[] };

const TOP_TERMS = 5;
/**
 * Words that say nothing of an argument on their own, left out of labels and
 * top terms (they still count for the similarity): general verbs, hedges and
 * fillers of everyday writing.
 */
const GENERIC_TERMS = new Set(
  'guess actually go going gone give given get getting make made know say said want need see look come take put keep let seem sure course point fact anyway maybe probably perhaps quite rather pretty thing stuff time people back way right good bad better best new old lot bit kind sort mean happen use try tell ask feel agree true yeah ok okay'
    .split(' ')
    .flatMap((word) => termsOf(word)),
);
/** A frame's cluster with more than this share of all the comments gets a warning: its words may be too broad. */
const FRAME_SHARE_WARNING = 0.5;
/** Openings of a sentence that hedges rather than argues; such a sentence is not chosen as a quote while another is at hand. */
const HEDGE = /^(?:hopefully|maybe|perhaps|possibly|probably|who knows|i (?:guess|suppose|hope|wonder|think|feel|reckon)|not sure|just a (?:guess|thought))\b/i;
const QUOTE_LENGTH = 280;
/**
 * How many of a cluster's comments closest to its centre are searched for its
 * quote: overall, and in each thread (there, the closest comment's best sentence).
 */
const QUOTE_CANDIDATES = 50;
const QUOTE_CANDIDATES_PER_THREAD = 1;

interface Draft {
  engineIndex: number;
  frame: Frame | null;
  /** The comments placed in it, by their index in the run. */
  members: number[];
  topTerms: string[];
  label: string;
}

/**
 * What clustering reads of a run's comments, one entry per comment in run
 * order (thread by thread): gathered as threads are analysed, so that a large
 * run need not keep its threads in memory while it is clustered.
 */
export class ClusterInput {
  readonly texts = new TextList();
  /** Per comment: the index of its thread among `threadIds`. */
  readonly threadOf: number[] = [];
  readonly commentIds: string[] = [];
  readonly stances: Stance[] = [];
  readonly sentiments: number[] = [];
  readonly threadIds: string[] = [];

  add(thread: AnalysedThread): void {
    const t = this.threadIds.push(thread.id) - 1;
    for (const comment of thread.comments) {
      this.texts.push(comment.text);
      this.threadOf.push(t);
      this.commentIds.push(comment.id);
      this.stances.push(comment.data.stance.stance);
      this.sentiments.push(comment.data.sentiment.score);
    }
  }
}

/**
 * Where each comment of a run was placed, by its index in the run: `of(i)`
 * is the comment's `data.cluster` (a new object each call).
 */
export interface Placements {
  of(comment: number): ClusterAssignment | null;
}

/**
 * Clusters the comments of all threads together (the same cluster ids in
 * every thread): frames first, then what the data shows, then per-cluster
 * labels, quotes and figures. Each comment's `data.cluster` says where it was
 * placed (or `null`); the clusters are returned once, for the run.
 */
export function clusterStage(threads: AnalysedThread[], settings: ClusterSettings): Cluster[] {
  const input = new ClusterInput();
  for (const thread of threads) input.add(thread);
  const { clusters, placements } = clusterComments(input, settings);
  let i = 0;
  for (const thread of threads) for (const comment of thread.comments) comment.data.cluster = placements.of(i++);
  return clusters;
}

/** {@link clusterStage} on what was gathered of the comments: the clusters, and where each comment went. */
export function clusterComments(input: ClusterInput, settings: ClusterSettings): ClusteredComments {
  const fitted = fitComments(input, settings);
  return clusteredComments(input, settings, fitted, placeComments(fitted, input.texts, (comment) => input.threadOf[comment]!, 0, input.texts.length, settings.sentenceModel));
}

/**
 * Where the comments from `from` to `to` (exclusive, whole threads) went
 * among the fitted clusters, and in each of those threads, for each cluster
 * it has comments in, the sentence of its comment closest to the cluster's
 * centre that states the argument best (by the comment's index in the run).
 * Comments are placed each on its own, and a thread's quotes read only its
 * comments: any split of a run into ranges of whole threads gives the same.
 */
export interface PlacedComments {
  assignment: Assignment;
  quotes: Array<[number, string]>;
}

export function placeComments(fitted: FittedClusters, texts: Texts, threadOf: (comment: number) => number, from: number, to: number, sentenceModel?: SentenceModel): PlacedComments {
  const assignment = assignTexts(fitted, texts, from, to, sentenceModel);
  const { represent } = resultOf(fitted, assignment, sentenceModel);
  const quotes: Array<[number, string]> = [];
  for (let start = from; start < to; ) {
    let end = start + 1;
    while (end < to && threadOf(end) === threadOf(start)) end++;
    // The thread's comment closest to each cluster's centre (the first of equals).
    const closest = new Map<number, number>();
    for (let doc = start; doc < end; doc++) {
      const k = assignment.assignments[doc - from]!;
      const best = closest.get(k);
      if (k >= 0 && (best === undefined || assignment.similarities[doc - from]! > assignment.similarities[best - from]!)) closest.set(k, doc);
    }
    for (const [k, doc] of closest) {
      const best = bestSentence([doc], (member) => texts.at(member)!, fitted.centroids[k]!, represent);
      if (best !== null) quotes.push([doc, best.text]);
    }
    start = end;
  }
  return { assignment, quotes };
}

export interface ClusteredComments {
  clusters: Cluster[];
  placements: Placements;
}

/** The first half of {@link clusterComments}: the clusters fitted on a sample of the comments, each comment still to be placed (see assignTexts). */
export function fitComments(input: ClusterInput, settings: ClusterSettings): FittedClusters {
  return fitClusters(input.texts, engineOptions(settings));
}

function engineOptions(settings: ClusterSettings): EngineOptions {
  return { ...settings, frames: settings.frames.map((frame) => ({ text: [frame.label, frame.description, ...frame.terms], phrases: frame.terms })) };
}

/**
 * The second half of {@link clusterComments}: given where every comment went
 * and the threads' quotes (by placeComments, on one thread or on several, the
 * ranges joined in order), the clusters labelled and summed up, and each
 * comment's placement.
 */
export function clusteredComments(input: ClusterInput, settings: ClusterSettings, fitted: FittedClusters, where: PlacedComments): ClusteredComments {
  const result = resultOf(fitted, where.assignment, settings.sentenceModel);
  const surface = surfaceForms(result.surfaces);
  const drafts: Draft[] = result.centroids.map((_, k) => ({
    engineIndex: k,
    frame: k < result.frameCount ? settings.frames[k]! : null,
    members: [],
    topTerms: [],
    label: '',
  }));
  result.assignments.forEach((k, doc) => {
    if (k >= 0) drafts[k]!.members.push(doc);
  });
  labelDrafts(drafts, result, surface);

  const kept = drafts
    .filter((draft) => draft.frame !== null || draft.members.length > 0)
    .sort((a, b) => b.members.length - a.members.length || compare(a.label, b.label) || a.engineIndex - b.engineIndex);
  let discovered = 0;
  const ids = kept.map((draft) => draft.frame?.id ?? `extra-${++discovered}`);
  const placed = result.assignments.filter((k) => k >= 0).length;
  const idByEngineIndex = new Map(kept.map((draft, i) => [draft.engineIndex, ids[i]!]));

  const count = input.texts.length;
  const clusterOf = new Array<string | null>(count).fill(null);
  const similarities = new Float64Array(count);
  result.assignments.forEach((k, doc) => {
    const id = k >= 0 ? idByEngineIndex.get(k) : undefined;
    if (id === undefined) return;
    clusterOf[doc] = id;
    similarities[doc] = Math.round(Math.max(0, result.similarities[doc]!) * 1000) / 1000;
  });
  const quotes = new Map(where.quotes);
  const clusters = kept.map((draft, i) => summarise(draft, ids[i]!, input, result, placed));
  return { clusters, placements: placementsOf(clusterOf, similarities, quotes) };
}

/** (Made apart so that what it keeps alive is only what it reads, not the engine's vectors.) */
function placementsOf(clusterOf: Array<string | null>, similarities: Float64Array, quotes: Map<number, string>): Placements {
  return {
    of: (doc) => {
      const id = clusterOf[doc];
      return id === null || id === undefined ? null : { id, similarity: similarities[doc]!, quote: quotes.get(doc) ?? null };
    },
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Top terms by class-based TF-IDF (a term's share of the cluster's terms,
 * times log(1 + average cluster size in terms / the term's count over all
 * clusters)), generic words left out. A frame's cluster keeps the frame's
 * label while the frame still describes its members: at least half of them
 * are closer to this frame's own vector than to any other frame's (the
 * centroid drifts with its members; a cluster that drifted away from its
 * frame is named by its top terms instead).
 */
function labelDrafts(drafts: Draft[], result: EngineResult, surface: Map<string, string>): void {
  // How many members use each term: counted by the term's index, named after.
  const vocabulary = result.model.terms;
  const counts = drafts.map((draft) => {
    const byIndex = result.termCounts[draft.engineIndex]!;
    const count = new Map<string, number>();
    byIndex.forEach((n, index) => n > 0 && count.set(vocabulary[index]!, n));
    return count;
  });
  const overall = new Map<string, number>();
  for (const count of counts) for (const [term, n] of count) overall.set(term, (overall.get(term) ?? 0) + n);
  const totals = counts.map((count) => [...count.values()].reduce((a, b) => a + b, 0));
  const average = totals.reduce((a, b) => a + b, 0) / Math.max(1, totals.filter((total) => total > 0).length);
  drafts.forEach((draft, k) => {
    const ranked = [...counts[k]!]
      .map(([term, n]) => ({ term, weight: (n / Math.max(1, totals[k]!)) * Math.log(1 + average / overall.get(term)!) }))
      .sort((a, b) => b.weight - a.weight || compare(a.term, b.term))
      .map((entry) => entry.term)
      .filter((term) => !GENERIC_TERMS.has(term));
    draft.topTerms = ranked.slice(0, TOP_TERMS).map((term) => displayTerm(term, surface));
    draft.label = draft.frame !== null && frameStillFits(draft, result) ? draft.frame.label : draft.topTerms.slice(0, 3).join(', ') || '(no terms)';
  });
}

function frameStillFits(draft: Draft, result: EngineResult): boolean {
  if (draft.members.length === 0) return true;
  let fitting = 0;
  for (const member of draft.members) if (result.nearestFrames[member] === draft.engineIndex) fitting++;
  return fitting * 2 >= draft.members.length;
}

/** The commonest written form of each stem in this run's texts ("escal" → "escalation"), for labels. */
function surfaceForms(counts: SurfaceCounts): Map<string, string> {
  const best = new Map<string, string>();
  for (const [term, forms] of counts) best.set(term, [...forms].sort((a, b) => b[1] - a[1] || compare(a[0], b[0]))[0]![0]);
  return best;
}

function displayTerm(term: string, surface: Map<string, string>): string {
  return term
    .split('_')
    .map((part) => surface.get(part) ?? part)
    .join(' ');
}

function summarise(draft: Draft, id: string, input: ClusterInput, result: EngineResult, placed: number): Cluster {
  const stanceCounts = Object.fromEntries(STANCES.map((stance) => [stance, 0])) as Record<Stance, number>;
  let sentiment = 0;
  const withMembers = new Set<number>();
  for (const member of draft.members) {
    stanceCounts[input.stances[member]!]++;
    sentiment += input.sentiments[member]!;
    withMembers.add(input.threadOf[member]!);
  }
  const size = draft.members.length;
  const share = (n: number, of: number): number => (of === 0 ? 0 : Math.round((n / of) * 1000) / 1000);
  return {
    id,
    identity: draft.frame ? `frame:${draft.frame.id}` : `terms:${draft.topTerms.join(', ')}`,
    label: draft.label,
    source: draft.frame ? 'frame' : 'discovered',
    topTerms: draft.topTerms,
    size,
    prevalence: { comments: share(size, placed), threads: share(withMembers.size, input.threadIds.length) },
    stanceMix: Object.fromEntries(STANCES.map((stance) => [stance, share(stanceCounts[stance], size)])) as Record<Stance, number>,
    meanSentiment: size === 0 ? 0 : Math.round((sentiment / size) * 1000) / 1000,
    quote: representativeQuote(draft.members, draft.engineIndex, input, result, QUOTE_CANDIDATES)?.quote ?? null,
    warnings: frameWarnings(draft, input.texts.length),
  };
}

/** What a moderator should know about a frame's cluster: a frame without content words, or one that takes most comments. (One that no comment fits shows as size 0.) */
function frameWarnings(draft: Draft, comments: number): string[] {
  const frame = draft.frame;
  if (frame === null) return [];
  const warnings: string[] = [];
  const words = [frame.label, frame.description, ...frame.terms].flatMap((text) => termsOf(text));
  if (words.length === 0) warnings.push(`frame "${frame.id}" has only stop words in its label, description and terms: it matches comments by their sentence vectors alone`);
  if (draft.members.length / comments > FRAME_SHARE_WARNING) {
    warnings.push(`frame "${frame.id}" takes ${draft.members.length} of the ${comments} comments (more than half): its words may be too broad to tell arguments apart`);
  }
  return warnings;
}

/**
 * The member sentence closest to the cluster's centre (earliest on ties),
 * preferring one that does not open with a hedge ("Hopefully …").
 * Only the `candidates` members closest to the centre are split into
 * sentences: the best sentence is almost always in one of them, and large
 * clusters stay cheap.
 */
function representativeQuote(
  members: number[],
  engineIndex: number,
  input: ClusterInput,
  result: EngineResult,
  candidates: number,
): { member: number; quote: ClusterQuote } | null {
  const closest = closestMembers(members, (member) => result.similarities[member]!, candidates);
  const best = bestSentence(closest, (member) => input.texts.at(member)!, result.centroids[engineIndex]!, result.represent);
  if (best === null) return null;
  return { member: best.member, quote: { threadId: input.threadIds[input.threadOf[best.member]!]!, commentId: input.commentIds[best.member]!, text: best.text } };
}

/**
 * The `count` members most similar to the centre (the earlier of equals), in
 * the members' order: kept in a short list as the members go by, so a
 * cluster of a million comments is read once, not sorted.
 */
function closestMembers(members: readonly number[], similarityOf: (member: number) => number, count: number): number[] {
  // Most similar first; among equals, the earlier member first.
  const kept: Array<{ member: number; order: number; similarity: number }> = [];
  members.forEach((member, order) => {
    const similarity = similarityOf(member);
    if (kept.length === count && !(similarity > kept[count - 1]!.similarity)) return;
    let at = kept.length;
    while (at > 0 && similarity > kept[at - 1]!.similarity) at--;
    kept.splice(at, 0, { member, order, similarity });
    if (kept.length > count) kept.pop();
  });
  return kept.sort((a, b) => a.order - b.order).map(({ member }) => member);
}

/** Of the candidates' sentences (in the candidates' order), the one closest to the centroid, a sentence that argues before one that hedges; shortened for a quote. */
function bestSentence(candidates: readonly number[], textOf: (member: number) => string, centroid: Float64Array, represent: (text: string) => SparseVector): { member: number; text: string } | null {
  let best: { similarity: number; hedge: boolean; member: number; text: string } | null = null;
  for (const member of candidates) {
    const list = sentences(textOf(member));
    for (const sentence of list) {
      // A lone sentence of a lone candidate is the quote whatever its similarity: not worked out.
      const similarity = candidates.length === 1 && list.length === 1 ? 0 : cosine(represent(sentence), centroid);
      const hedge = HEDGE.test(sentence);
      // A sentence that argues beats one that hedges; then the closer to the centre.
      if (best === null || (best.hedge && !hedge) || (best.hedge === hedge && similarity > best.similarity + 1e-12)) best = { similarity, hedge, member, text: shorten(sentence) };
    }
  }
  return best === null ? null : { member: best.member, text: best.text };
}

function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?…])\s+|\n+/)
    .map(foldSpaces)
    .filter((sentence) => sentence.length > 0);
}

function shorten(sentence: string): string {
  return sentence.length <= QUOTE_LENGTH ? sentence : `${sentence.slice(0, QUOTE_LENGTH - 1).trimEnd()}…`;
}
