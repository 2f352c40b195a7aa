import { instantOf, type AnyRun } from '../model/index.js';

/**
 * The run as a ConvoKit corpus folder (utterances.jsonl, speakers.json,
 * conversations.json, corpus.json, index.json), so researchers can continue
 * in Python with `Corpus(filename=…)`. Each thread is one conversation rooted
 * at its article; comments reply to their parent or to the article. Each
 * author is a speaker (a comment whose source shows no author, as a page dump
 * never does, is spoken by `unknown`). Timestamps are Unix seconds (a time
 * without an offset read as UTC); the article's is its date or, without one,
 * its first comment's, so a thread with times has no null timestamp —
 * ConvoKit's chronological lists need every one. Every score is in `meta`.
 */
export function renderConvokit(run: Pick<AnyRun, 'threads' | 'clusters'>): Record<string, string> {
  const utterances: string[] = [];
  const conversations: Record<string, unknown> = {};
  const speakers: Record<string, { meta: Record<string, unknown>; vectors: [] }> = { unknown: { meta: {}, vectors: [] } };
  const labels = new Map(run.clusters.map((cluster) => [cluster.id, cluster.label]));
  const seconds = (time: string | null): number | null => {
    const instant = instantOf(time);
    return instant === null ? null : Math.floor(instant / 1000);
  };
  for (const thread of run.threads) {
    const id = thread.id;
    const root = `${id}/article`;
    const author = thread.article.author ?? 'unknown';
    speakers[author] ??= { meta: {}, vectors: [] };
    conversations[root] = {
      meta: { thread_id: id, title: thread.article.title, site: thread.article.site, date: thread.article.date, file: thread.file, declared_comment_count: thread.article.declaredCommentCount },
      vectors: [],
    };
    const commentTimes = thread.comments.map((comment) => seconds(comment.time)).filter((time): time is number => time !== null);
    const articleTime = seconds(thread.article.date) ?? (commentTimes.length > 0 ? Math.min(...commentTimes) : null);
    utterances.push(
      JSON.stringify({
        id: root,
        speaker: author,
        conversation_id: root,
        reply_to: null,
        timestamp: articleTime,
        text: [thread.article.title, thread.article.body].filter(Boolean).join('\n\n'),
        meta: { kind: 'article', date: thread.article.date },
        vectors: [],
      }),
    );
    for (const comment of thread.comments) {
      const score = comment.data;
      const speaker = comment.author ?? 'unknown';
      speakers[speaker] ??= { meta: {}, vectors: [] };
      utterances.push(
        JSON.stringify({
          id: `${id}/${comment.id}`,
          speaker,
          conversation_id: root,
          reply_to: comment.parentId === null ? root : `${id}/${comment.parentId}`,
          // A comment without a time of its own, in a thread with times, takes the article's.
          timestamp: seconds(comment.time) ?? (commentTimes.length > 0 ? articleTime : null),
          text: comment.text,
          meta: {
            kind: 'comment',
            key: score.key,
            depth: comment.depth,
            line: comment.line,
            time: comment.time,
            sentiment: score.sentiment.score,
            sentiment_label: score.sentiment.label,
            stance: score.stance.stance,
            stance_target: score.stance.target,
            stance_confidence: score.stance.confidence,
            incivility: score.incivility.kinds,
            incivility_target: score.incivility.target,
            incivility_severity: score.incivility.severity,
            cluster_id: score.cluster?.id ?? null,
            cluster_label: score.cluster ? (labels.get(score.cluster.id) ?? null) : null,
          },
          vectors: [],
        }),
      );
    }
  }
  const types = (values: Record<string, string>): Record<string, string[]> => Object.fromEntries(Object.entries(values).map(([key, type]) => [key, [`<class '${type}'>`]]));
  const index = {
    'utterances-index': types({
      kind: 'str', key: 'str', depth: 'int', line: 'int', time: 'str', sentiment: 'float', sentiment_label: 'str', stance: 'str', stance_target: 'str', stance_confidence: 'float',
      incivility: 'list', incivility_target: 'str', incivility_severity: 'int', cluster_id: 'str', cluster_label: 'str', date: 'str',
    }),
    'speakers-index': {},
    'conversations-index': types({ thread_id: 'str', title: 'str', site: 'str', date: 'str', file: 'str', declared_comment_count: 'int' }),
    'overall-index': types({ source: 'str', clusters: 'list' }),
    version: 1,
    vectors: [],
  };
  const corpus = { source: 'threadlens', clusters: run.clusters.map((cluster) => ({ id: cluster.id, label: cluster.label, size: cluster.size })) };
  const json = (value: unknown): string => JSON.stringify(value, null, 1) + '\n';
  return {
    'utterances.jsonl': utterances.join('\n') + '\n',
    'speakers.json': json(speakers),
    'conversations.json': json(conversations),
    'corpus.json': json(corpus),
    'index.json': json(index),
  };
}
