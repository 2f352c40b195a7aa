import type { Comment, CommentFlag, Diagnostic } from '../model.js';
import type { SourceLine } from './lines.js';

/** `1. ` or `10) ` at the start of a line: a top-level comment at the thread's base indentation. */
const NUMBERED_MARKER = /^(\d{1,9})[.)](?:\s+|$)/;
/** A reply marker (or, inside a comment, a list item). */
const BULLET_MARKER = /^[•◦▪*-](?:\s+|$)/;

/** Columns between the marker of a comment and the marker of a reply to it. */
export const INDENT_PER_LEVEL = 2;

interface DraftComment {
  comment: Comment;
  /** Indentation where the comment's own text lines (and lists) start. */
  contentIndent: number;
  paragraphs: string[][];
  /** A blank line came after the last text line: the next line opens a paragraph. */
  pendingBreak: boolean;
}

/**
 * Rebuilds the reply tree from the lines of a comment section (the lines
 * after the count line and before `LEAVE A REPLY`).
 *
 * One pass over the lines, plus one look-ahead per run of bullets that is
 * cached for the whole run, so the work is linear in the number of lines.
 */
export function parseCommentSection(lines: SourceLine[], start: number, end: number, diagnostics: Diagnostic[]): Comment[] {
  const base = baseIndent(lines, start, end);
  const drafts: DraftComment[] = [];
  /** Open comments, strictly increasing in depth: the last is the one text belongs to. */
  const stack: DraftComment[] = [];
  const listRunEndsInText = new Map<number, boolean>();
  let current: DraftComment | null = null;
  let topLevelCount = 0;
  /** Indentation of the in-comment list the previous line belongs to, or -1. */
  let openListIndent = -1;

  const warn = (code: string, message: string, line: SourceLine): void => {
    diagnostics.push({ severity: 'warning', code, message, line: line.number, column: line.contentStart + 1 });
  };

  const open = (line: SourceLine, text: string, fields: Pick<Comment, 'parentId' | 'depth' | 'number'>, flags: CommentFlag[]): DraftComment => {
    const draft: DraftComment = {
      comment: {
        id: `c${drafts.length + 1}`,
        ...fields,
        text: '',
        line: line.number,
        column: line.contentStart + 1,
        endLine: line.number,
        flags,
      },
      contentIndent: line.indent + INDENT_PER_LEVEL,
      paragraphs: text === '' ? [] : [[text]],
      pendingBreak: false,
    };
    drafts.push(draft);
    return draft;
  };

  const appendText = (draft: DraftComment, line: SourceLine, text: string): void => {
    const last = draft.paragraphs[draft.paragraphs.length - 1];
    if (last === undefined || draft.pendingBreak) draft.paragraphs.push([text]);
    else last.push(text);
    draft.pendingBreak = false;
    draft.comment.endLine = line.number;
  };

  const isListItem = (index: number, line: SourceLine): boolean => {
    if (current === null || line.indent < current.contentIndent) return false;
    const previous = index > start ? lines[index - 1]! : null;
    if (previous !== null && previous.content !== '' && openListIndent === line.indent) return true;
    const next = index + 1 < end ? lines[index + 1]! : null;
    if (next !== null && next.indent === line.indent && (BULLET_MARKER.test(next.content) || NUMBERED_MARKER.test(next.content))) {
      return true;
    }
    return bulletRunEndsInText(lines, index, end, base, listRunEndsInText);
  };

  for (let index = start; index < end; index++) {
    const line = lines[index]!;
    if (line.content === '') {
      if (current !== null) current.pendingBreak = true;
      openListIndent = -1;
      continue;
    }

    const numbered = line.indent <= base ? NUMBERED_MARKER.exec(line.content) : null;
    if (numbered !== null) {
      topLevelCount++;
      const number = Number(numbered[1]);
      if (number !== topLevelCount) {
        warn('unexpected-number', `expected top-level comment number ${topLevelCount}, found ${number}`, line);
      }
      current = open(line, line.content.slice(numbered[0].length), { parentId: null, depth: 0, number }, []);
      stack.length = 0;
      stack.push(current);
      openListIndent = -1;
      continue;
    }

    const bullet = BULLET_MARKER.exec(line.content);
    if (bullet !== null && !isListItem(index, line)) {
      current = openReply(line, line.content.slice(bullet[0].length));
      openListIndent = -1;
      continue;
    }

    if (current === null) {
      warn('stray-text', `expected a comment marker, found text outside any comment: ${JSON.stringify(preview(line.content))}`, line);
      continue;
    }
    if (bullet !== null) {
      openListIndent = line.indent;
      if (!current.comment.flags.includes('list')) current.comment.flags.push('list');
    } else if (openListIndent !== -1 && line.indent <= openListIndent) {
      openListIndent = -1;
    }
    appendText(current, line, line.content);
  }

  function openReply(line: SourceLine, text: string): DraftComment {
    const offset = line.indent - base;
    const depth = Math.max(1, Math.floor(offset / INDENT_PER_LEVEL));
    if (offset < INDENT_PER_LEVEL || offset % INDENT_PER_LEVEL !== 0) {
      warn(
        'uneven-indent',
        `expected a reply indented ${INDENT_PER_LEVEL} columns per level from column ${base + 1}, ` +
          `found its marker at column ${line.indent + 1}; read as depth ${depth}`,
        line,
      );
    }
    while (stack.length > 0 && stack[stack.length - 1]!.comment.depth >= depth) stack.pop();
    const parent = stack[stack.length - 1] ?? null;
    const flags: CommentFlag[] = [];
    if (parent === null) {
      flags.push('orphan');
      warn('orphan-reply', `reply at depth ${depth} has no comment before it to answer; kept as a top-level thread`, line);
    } else if (depth > parent.comment.depth + 1) {
      flags.push('skipped-depth');
      warn(
        'skipped-depth',
        `reply at depth ${depth} follows depth ${parent.comment.depth}; attached to the nearest shallower comment (${parent.comment.id})`,
        line,
      );
    }
    const draft = open(line, text, { parentId: parent?.comment.id ?? null, depth, number: null }, flags);
    stack.push(draft);
    return draft;
  }

  return drafts.map(finishComment(diagnostics));
}

function finishComment(diagnostics: Diagnostic[]) {
  return (draft: DraftComment): Comment => {
    const comment = draft.comment;
    comment.text = draft.paragraphs.map((paragraph) => paragraph.join('\n')).join('\n\n');
    if (comment.text === '') {
      comment.flags.push('empty');
      diagnostics.push({
        severity: 'warning',
        code: 'empty-comment',
        message: `expected text after the marker of ${comment.id}, found none`,
        line: comment.line,
        column: comment.column,
      });
    }
    comment.flags.sort();
    return comment;
  };
}

/**
 * The indentation of top-level markers: that of the first numbered marker, or
 * (when there is none) one level less than the shallowest bullet.
 */
function baseIndent(lines: SourceLine[], start: number, end: number): number {
  let shallowestBullet = Infinity;
  for (let index = start; index < end; index++) {
    const line = lines[index]!;
    if (NUMBERED_MARKER.test(line.content)) return line.indent;
    if (BULLET_MARKER.test(line.content)) shallowestBullet = Math.min(shallowestBullet, line.indent);
  }
  return shallowestBullet === Infinity ? 0 : Math.max(0, shallowestBullet - INDENT_PER_LEVEL);
}

/**
 * Whether the run of bullets at one indentation that starts at `index` is
 * followed by plain text at that same indentation — which makes the run a list
 * inside the comment rather than replies to it (replies' own text sits deeper).
 * The answer is stored for every bullet of the run so no line is scanned twice.
 */
function bulletRunEndsInText(lines: SourceLine[], index: number, end: number, base: number, cache: Map<number, boolean>): boolean {
  const cached = cache.get(index);
  if (cached !== undefined) return cached;
  const indent = lines[index]!.indent;
  const run = [index];
  let endsInText = false;
  for (let next = index + 1; next < end; next++) {
    const line = lines[next]!;
    if (line.content === '') continue;
    if (line.indent <= base && NUMBERED_MARKER.test(line.content)) break;
    if (BULLET_MARKER.test(line.content)) {
      if (line.indent !== indent) break;
      run.push(next);
      continue;
    }
    if (line.indent > indent) continue;
    endsInText = line.indent === indent;
    break;
  }
  for (const member of run) cache.set(member, endsInText);
  return endsInText;
}

/** The first words of a text, for messages and outlines. */
export function preview(text: string, maxLength = 60): string {
  const flat = text.slice(0, maxLength * 4).replace(/\s+/g, ' ').trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1).trimEnd()}…` : flat;
}
