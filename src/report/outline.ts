import { hiddenSummary, isPageDump, type Thread } from '../model/index.js';
import { preview } from '../parse/comments.js';

/** Deeper replies are still listed, just not indented further, so the outline stays readable. */
const MAX_OUTLINE_INDENT = 16;

/**
 * An indented outline of a thread for people: a header with the article's
 * metadata and counts, then one line per comment — id, depth, line, first
 * words and flags — indented two spaces per reply level.
 */
export function renderOutline(thread: Thread): string {
  const { article, comments } = thread;
  const field = (name: 'title' | 'author' | 'date' | 'site'): string => {
    const value = article[name];
    if (value === null) return `${name}: —`;
    const source = article.sources[name];
    return `${name}: ${value}${source && source.from !== 'page' ? ` (${source.from})` : ''}`;
  };
  const topLevel = comments.filter((comment) => comment.parentId === null).length;
  const declared =
    isPageDump(thread.format)
      ? article.declaredCommentCount === null
        ? 'no comment section'
        : `the page declares ${article.declaredCommentCount}`
      : `${thread.format}${Object.keys(thread.hidden).length > 0 ? `, ${hiddenSummary(thread.hidden)}` : ''}`;
  const out = [
    // A file can hold many threads of an export: each is named by its id as well.
    isPageDump(thread.format) ? thread.file : `${thread.file} · ${thread.id}`,
    `  ${field('title')}`,
    `  ${field('author')} · ${field('date')} · ${field('site')}`,
    `  ${comments.length} comment${comments.length === 1 ? '' : 's'} in ${topLevel} thread${topLevel === 1 ? '' : 's'}; ${declared}`,
  ];
  for (const comment of comments) {
    const indent = '  '.repeat(Math.min(comment.depth, MAX_OUTLINE_INDENT) + 1);
    const flags = comment.flags.length > 0 ? `  [${comment.flags.join(', ')}]` : '';
    const author = comment.author === null ? '' : `${preview(comment.author, 24)}: `;
    out.push(`${indent}${comment.id} d${comment.depth} L${comment.line}  ${author}${preview(comment.text, 60)}${flags}`);
  }
  return out.join('\n') + '\n';
}
