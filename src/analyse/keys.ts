import { hash } from 'node:crypto';
import type { Thread } from '../model/index.js';
import { foldSpaces } from './text.js';

/**
 * Keys that stay the same across snapshots of the same comment: a hash of the
 * comment's text (whitespace folded), so a comment keeps its key when comments
 * before it appear or vanish, and when the page is saved under another file
 * name. Identical texts in one thread get `-2`, `-3`… in document order; join
 * on (`thread_id`, `key`) across threads.
 */
export function commentKeys(thread: Thread): string[] {
  const seen = new Map<string, number>();
  return thread.comments.map((comment) => {
    const key = hash('sha256', normalisedText(comment.text), 'hex').slice(0, 16);
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return count === 1 ? key : `${key}-${count}`;
  });
}

/** A comment's text with whitespace folded: what keys and comparisons look at. */
export function normalisedText(text: string): string {
  return foldSpaces(text);
}
