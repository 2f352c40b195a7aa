import { createHash, type Hash } from 'node:crypto';
import { threadIdOf, type AnalysedThread, type CommentData, type Run, type StanceScore, type Thread } from '../model/index.js';
import { normalizeAnalyseOptions, type AnalyseOptions, type NormalizedAnalyseOptions, type ParseOptions } from '../options/index.js';
import { parse } from '../parse/index.js';
import { ClusterInput, clusterComments, clusteredComments, fitComments, type ClusteredComments, type PlacedComments } from './cluster/index.js';
import type { FittedClusters } from './cluster/engine.js';
import { scoreIncivility } from './incivility.js';
import { TEXT_MEMO_CAPACITY } from './cache.js';
import { commentKeys } from './keys.js';
import { scoreSentiment } from './sentiment.js';
import { scoreStance } from './stance.js';
import { ArrayStore, type ThreadStore } from './store.js';

/**
 * The analysis stages. Each takes a thread and options and returns the same
 * thread with one annotation added to every comment's `data`; they can run
 * alone, in any order (stance reads only texts). {@link analyseThread} runs
 * them all; {@link assembleRun} clusters analysed threads into a {@link Run}.
 */
type Options = AnalyseOptions | NormalizedAnalyseOptions;

/** How much of the article a top-level comment's stance is judged against: title and opening. */
const ARTICLE_CONTEXT_CHARACTERS = 600;

/** How many comments {@link analyseThread} takes through the scorers at a time: a fraction of the memos' capacity. */
const SCORING_BLOCK = TEXT_MEMO_CAPACITY / 4;

function dataOf(comment: Thread['comments'][number]): CommentData {
  return (comment.data ??= {});
}

/** `data.key`: a key per comment that survives re-numbering and renaming (see {@link commentKeys}). */
export function keyStage(thread: Thread): Thread {
  const keys = commentKeys(thread);
  thread.comments.forEach((comment, i) => (dataOf(comment).key = keys[i]!));
  return thread;
}

/** `data.sentiment` of every comment. */
export function sentimentStage(thread: Thread): Thread {
  for (const comment of thread.comments) dataOf(comment).sentiment = scoreSentiment(comment.text);
  return thread;
}

/** `data.stance`: towards the parent comment, or towards the article for a top-level comment. */
export function stanceStage(thread: Thread): Thread {
  const stanceOf = stanceScorer(thread);
  for (const comment of thread.comments) dataOf(comment).stance = stanceOf(comment);
  return thread;
}

/** Scores a comment of `thread` for stance: towards its parent, or the article's opening for a top-level one. */
function stanceScorer(thread: Thread): (comment: Thread['comments'][number]) => StanceScore {
  const textById = new Map(thread.comments.map((comment) => [comment.id, comment.text]));
  const article = [thread.article.title, thread.article.body].filter(Boolean).join('\n\n').slice(0, ARTICLE_CONTEXT_CHARACTERS);
  return (comment) =>
    comment.parentId === null
      ? scoreStance(comment.text, article === '' ? null : article, 'article')
      : scoreStance(comment.text, textById.get(comment.parentId) ?? null, 'parent');
}

/** `data.incivility`, with the lexicon the options give. */
export function incivilityStage(thread: Thread, options: Options = {}): Thread {
  const { incivility } = normalizeAnalyseOptions(options);
  for (const comment of thread.comments) dataOf(comment).incivility = scoreIncivility(comment.text, comment.parentId !== null, incivility);
  return thread;
}

/**
 * Every per-thread stage: key, sentiment, stance, incivility. `data.cluster`
 * is `null` until the thread is clustered with the others of its run.
 */
export function analyseThread(thread: Thread, options: Options = {}): AnalysedThread {
  const { incivility } = normalizeAnalyseOptions(options);
  keyStage(thread);
  // Stage by stage over a block of comments at a time (the same scores): each scorer's tables stay in the
  // processor's cache through the block, and the memos through which the scorers share a comment's tokens need
  // hold only the latest blocks and their parents, not a whole thread.
  const stanceOf = stanceScorer(thread);
  const { comments } = thread;
  for (let start = 0; start < comments.length; start += SCORING_BLOCK) {
    const block = comments.slice(start, start + SCORING_BLOCK);
    for (const comment of block) dataOf(comment).sentiment = scoreSentiment(comment.text);
    for (const comment of block) dataOf(comment).stance = stanceOf(comment);
    for (const comment of block) dataOf(comment).incivility = scoreIncivility(comment.text, comment.parentId !== null, incivility);
  }
  for (const comment of comments) dataOf(comment).cluster ??= null;
  return thread as AnalysedThread;
}

/**
 * Makes a run of analysed threads: ids made unique (`-2`, `-3`… for a name
 * seen before), the arguments clustered across all of them (each comment's
 * `data.cluster`), and the run's id from the threads' contents and the settings.
 */
export function assembleRun(threads: AnalysedThread[], options: Options = {}): Run {
  const builder = new RunBuilder(new ArrayStore(), options);
  for (const thread of threads) builder.add(thread);
  return builder.finish();
}

/**
 * Assembles a run thread by thread, as they are analysed: each thread's id
 * is made unique and counted into the run's id, what clustering needs of its
 * comments is kept, and the thread itself goes to `store` (in memory, or on
 * disk for a run too large to hold). {@link RunBuilder.finish} clusters and
 * gives the run, its threads as the store gives them back. Same threads in
 * the same order, same run, whatever the store.
 */
export class RunBuilder<Threads extends Iterable<AnalysedThread>> {
  private readonly settings: NormalizedAnalyseOptions;
  private readonly taken = new Set<string>();
  private readonly hash: Hash;
  /** What clustering needs of the comments added so far; `null` once the run is assembled. */
  private input: ClusterInput | null = new ClusterInput();

  constructor(
    private readonly store: ThreadStore<Threads>,
    options: Options = {},
  ) {
    this.settings = normalizeAnalyseOptions(options);
    this.hash = createHash('sha256').update(this.settings.settings.fingerprint);
  }

  add(thread: AnalysedThread): void {
    if (this.input === null) throw new Error('the run is already assembled');
    thread.id = uniqueId(thread.id, this.taken);
    // The run's id: same threads (ids, article fields, comment keys and tree) and same settings, same id.
    this.hash.update(`\u0000${thread.id}\u0000${thread.article.title ?? ''}\u0000${thread.article.date ?? ''}`);
    for (const comment of thread.comments) this.hash.update(`\u0001${comment.data.key}\u0002${comment.parentId ?? ''}`);
    this.input.add(thread);
    this.store.add(thread);
  }

  finish(): Run<Threads> {
    const input = this.take();
    return this.complete(clusterComments(input, this.settings.clustering));
  }

  /**
   * {@link finish}, with every comment placed among the fitted clusters by
   * `place` (on other threads, say) rather than here: the same run, as long
   * as `place` gives what placeComments gives for all the comments.
   */
  async finishWith(place: (fitted: FittedClusters, input: ClusterInput) => Promise<PlacedComments>): Promise<Run<Threads>> {
    const input = this.take();
    const fitted = fitComments(input, this.settings.clustering);
    return this.complete(clusteredComments(input, this.settings.clustering, fitted, await place(fitted, input)));
  }

  private take(): ClusterInput {
    if (this.input === null) throw new Error('the run is already assembled');
    const input = this.input;
    // The texts are not needed once clustered: the threads come back from the store.
    this.input = null;
    return input;
  }

  private complete({ clusters, placements }: ClusteredComments): Run<Threads> {
    const threads = this.store.seal(placements);
    return { id: this.hash.digest('hex').slice(0, 16), settings: this.settings.settings, threads, clusters };
  }
}

/** A page to parse: its path (for messages and the thread's id) and its text or bytes. */
export interface PageText {
  file: string;
  text: string | Uint8Array;
  parse?: Omit<ParseOptions, 'file'>;
}

/**
 * The whole analysis in one call: parses what is not yet a thread, runs every
 * stage on every thread, clusters them together. Options are normalised once.
 */
export function analyseRun(inputs: ReadonlyArray<Thread | PageText>, options: Options = {}): Run {
  const settings = normalizeAnalyseOptions(options);
  const threads = inputs.map((input) => ('comments' in input ? input : parse(input.text, { ...input.parse, file: input.file })));
  return assembleRun(
    threads.map((thread) => analyseThread(thread, settings)),
    settings,
  );
}

/** Gives threads that share an id `-2`, `-3`… in order, so ids are unique within a run. */
export function makeIdsUnique(threads: Thread[]): void {
  const taken = new Set<string>();
  for (const thread of threads) thread.id = uniqueId(thread.id, taken);
}

/**
 * The thread's id (see {@link threadIdOf}), or with `-2`, `-3`… the first
 * not yet `taken`, which it then joins. Ids that differ only in case count as
 * the same: they name files, and some file systems do not tell them apart.
 */
function uniqueId(id: string, taken: Set<string>): string {
  const base = threadIdOf(id);
  let unique = base;
  for (let n = 2; taken.has(unique.toLowerCase()); n++) unique = `${base}-${n}`;
  taken.add(unique.toLowerCase());
  return unique;
}
