import { createHmac } from 'node:crypto';
import type { Thread } from '../model/index.js';

/**
 * A stable pseudonym for an author's name under a key: `author-` and the first
 * 12 hex digits of HMAC-SHA256(key, name). The same name and key always give
 * the same pseudonym (so runs join); without the key a pseudonym cannot be
 * turned back into the name, nor checked against a guessed one.
 */
export function pseudonym(name: string, key: string): string {
  return `author-${createHmac('sha256', key).update(name.normalize('NFC')).digest('hex').slice(0, 12)}`;
}

/** The threads with every comment author replaced by its pseudonym (the article's byline is a journalist's, kept). Names inside comment texts are not touched. */
export function pseudonymiseAuthors<T extends Thread>(threads: T[], key: string): T[] {
  return threads.map(pseudonymiser(key));
}

/** {@link pseudonymiseAuthors} one thread at a time: the function gives a thread's copy with pseudonyms (names seen before are not hashed again). */
export function pseudonymiser(key: string): <T extends Thread>(thread: T) => T {
  const cache = new Map<string, string>();
  const of = (name: string): string => {
    let alias = cache.get(name);
    if (alias === undefined) cache.set(name, (alias = pseudonym(name, key)));
    return alias;
  };
  return (thread) => ({ ...thread, comments: thread.comments.map((comment) => (comment.author === null ? comment : { ...comment, author: of(comment.author) })) });
}
