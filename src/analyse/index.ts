import type { Clustering, CommentScores, IncivilityScore, ScoredThread, SentimentScore, StanceScore, Thread } from '../model.js';
import { clusterStage } from './cluster/index.js';
import { incivilityOption, normalizeAnalyseOptions, type AnalyseOptions } from '../options.js';
import { scoreIncivility } from './incivility.js';
import { scoreSentiment } from './sentiment.js';
import { scoreStance } from './stance.js';

/** How much of the article a top-level comment's stance is judged against: title and opening. */
const ARTICLE_CONTEXT_CHARACTERS = 600;

/** Sentiment of every comment, in comment order. */
export function sentimentStage(thread: Thread): SentimentScore[] {
  return thread.comments.map((comment) => scoreSentiment(comment.text));
}

/** Stance of every comment towards its parent, or towards the article for top-level comments. */
export function stanceStage(thread: Thread): StanceScore[] {
  const textById = new Map(thread.comments.map((comment) => [comment.id, comment.text]));
  const article = [thread.article.title, thread.article.body].filter(Boolean).join('\n\n').slice(0, ARTICLE_CONTEXT_CHARACTERS);
  return thread.comments.map((comment) =>
    comment.parentId === null
      ? scoreStance(comment.text, article === '' ? null : article, 'article')
      : scoreStance(comment.text, textById.get(comment.parentId) ?? null, 'parent'),
  );
}

/** Incivility of every comment, with the lexicon the options give. */
export function incivilityStage(thread: Thread, options: AnalyseOptions = {}): IncivilityScore[] {
  const incivility = incivilityOption(options);
  return thread.comments.map((comment) => scoreIncivility(comment.text, comment.parentId !== null, incivility));
}

/** Runs every scoring stage on a thread. */
export function scoreThread(thread: Thread, options: AnalyseOptions = {}): ScoredThread {
  const sentiment = sentimentStage(thread);
  const stance = stanceStage(thread);
  const incivility = incivilityStage(thread, options);
  const scores: CommentScores[] = thread.comments.map((comment, i) => ({
    commentId: comment.id,
    sentiment: sentiment[i]!,
    stance: stance[i]!,
    incivility: incivility[i]!,
  }));
  return { thread, scores };
}

/** Clusters the arguments of all the threads together (the same cluster ids in every thread). */
export function clusterThreads(threads: ScoredThread[], options: AnalyseOptions = {}): Clustering {
  return clusterStage(threads, normalizeAnalyseOptions(options).clustering);
}

/** Scores every thread, then clusters them all: what `export` and `analyse` run. */
export function analyseThreads(threads: Thread[], options: AnalyseOptions = {}): { scored: ScoredThread[]; clustering: Clustering } {
  const scored = threads.map((thread) => scoreThread(thread, options));
  return { scored, clustering: clusterThreads(scored, options) };
}
