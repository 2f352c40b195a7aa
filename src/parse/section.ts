import type { SourceLine } from './lines.js';

/** `1. ` or `10) ` at the start of a line: a top-level comment when at the thread's base indentation. */
export const NUMBERED_MARKER = /^(\d{1,9})[.)](?:\s+|$)/;
/** A reply marker (or, inside a comment, a list item). */
export const BULLET_MARKER = /^[•◦▪*-](?:\s+|$)/;
/** `33 COMMENTS`, `1 comment`, `1,204 Comments`: where the comment section starts. */
const COUNT_LINE = /^(\d{1,3}(?:,\d{3})+|\d{1,9})\s+comments?$/i;
/** The reply form's heading, alone on its line: where the comment section ends. */
const THREAD_END = /^leave a (?:reply|comment)(?:\s+cancel reply)?$/i;

/** Columns between the marker of a comment and the marker of a reply to it. */
export const INDENT_PER_LEVEL = 2;

export interface CommentSection {
  /** Index of the count line; the comments start on the next line. */
  countIndex: number;
  declaredCount: number;
  /** Index of the first line after the thread (the reply form, or the number of lines). */
  end: number;
  /** Indentation of top-level comment markers. */
  base: number;
}

const isMarker = (line: SourceLine): boolean => NUMBERED_MARKER.test(line.content) || BULLET_MARKER.test(line.content);

/**
 * Finds the comment section: the count line that comes right before the first
 * comment (or the reply form) — else the first count line on the page — up to
 * the reply form's heading. A heading that sits inside a comment's text (deeper
 * than the top-level markers) does not end the thread. Linear in the lines.
 */
export function findCommentSection(lines: SourceLine[]): CommentSection | null {
  let countIndex = -1;
  for (let index = 0; index < lines.length; index++) {
    if (!COUNT_LINE.test(lines[index]!.content)) continue;
    if (countIndex === -1) countIndex = index;
    let next = index + 1;
    while (next < lines.length && lines[next]!.content === '') next++;
    const following = lines[next];
    if (following && (isMarker(following) || THREAD_END.test(following.content))) {
      countIndex = index;
      break;
    }
  }
  if (countIndex === -1) return null;

  let shallowestNumbered = Infinity;
  let shallowestBullet = Infinity;
  let end = lines.length;
  for (let index = countIndex + 1; index < lines.length; index++) {
    const line = lines[index]!;
    if (THREAD_END.test(line.content) && line.indent <= shallowestNumbered) {
      end = index;
      break;
    }
    if (NUMBERED_MARKER.test(line.content)) shallowestNumbered = Math.min(shallowestNumbered, line.indent);
    else if (BULLET_MARKER.test(line.content)) shallowestBullet = Math.min(shallowestBullet, line.indent);
  }
  const base =
    shallowestNumbered !== Infinity
      ? shallowestNumbered
      : shallowestBullet !== Infinity
        ? Math.max(0, shallowestBullet - INDENT_PER_LEVEL)
        : 0;
  const declaredCount = Number(COUNT_LINE.exec(lines[countIndex]!.content)![1]!.replace(/,/g, ''));
  return { countIndex, declaredCount, end, base };
}
