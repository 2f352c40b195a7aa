import type { Run } from '../model/index.js';

/**
 * The run as a ConvoKit corpus folder (utterances.jsonl, speakers.json,
 * conversations.json, corpus.json, index.json), so researchers can continue
 * in Python with `Corpus(filename=…)`. Each thread is one conversation rooted
 * at its article; comments reply to their parent or to the article. The page
 * shows no comment authors, so every comment's speaker is `unknown`.
 */
export function renderConvokit(run: Pick<Run, 'threads' | 'clusters'>): Record<string, string> {
  const utterances: string[] = [];
  const conversations: Record<string, unknown> = {};
  const speakers: Record<string, { meta: Record<string, unknown>; vectors: [] }> = { unknown: { meta: {}, vectors: [] } };
  for (const thread of run.threads) {
    const id = thread.id;
    const root = `${id}/article`;
    const author = thread.article.author ?? 'unknown';
    speakers[author] ??= { meta: {}, vectors: [] };
    conversations[root] = {
      meta: { thread_id: id, title: thread.article.title, site: thread.article.site, date: thread.article.date, file: thread.file, declared_comment_count: thread.article.declaredCommentCount },
      vectors: [],
    };
    utterances.push(
      JSON.stringify({ id: root, speaker: author, conversation_id: root, reply_to: null, timestamp: null, text: [thread.article.title, thread.article.body].filter(Boolean).join('\n\n'), meta: { kind: 'article' }, vectors: [] }),
    );
    for (const comment of thread.comments) {
      const score = comment.data;
      utterances.push(
        JSON.stringify({
          id: `${id}/${comment.id}`,
          speaker: 'unknown',
          conversation_id: root,
          reply_to: comment.parentId === null ? root : `${id}/${comment.parentId}`,
          timestamp: null,
          text: comment.text,
          meta: {
            kind: 'comment',
            key: score.key,
            depth: comment.depth,
            line: comment.line,
            sentiment: score.sentiment.score,
            sentiment_label: score.sentiment.label,
            stance: score.stance.stance,
            stance_confidence: score.stance.confidence,
            incivility: score.incivility.kinds,
            incivility_target: score.incivility.target,
            cluster_id: score.cluster?.id ?? null,
          },
          vectors: [],
        }),
      );
    }
  }
  const types = (values: Record<string, string>): Record<string, string[]> => Object.fromEntries(Object.entries(values).map(([key, type]) => [key, [`<class '${type}'>`]]));
  const index = {
    'utterances-index': types({
      kind: 'str', key: 'str', depth: 'int', line: 'int', sentiment: 'float', sentiment_label: 'str', stance: 'str', stance_confidence: 'float',
      incivility: 'list', incivility_target: 'str', cluster_id: 'str',
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
