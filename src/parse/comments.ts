import type { Comment, CommentFlag, Diagnostic } from '../model/index.js';
import type { SourceLine } from './lines.js';
import { BULLET_MARKER, INDENT_PER_LEVEL, NUMBERED_MARKER, type CommentSection } from './section.js';

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
export function parseCommentSection(lines: SourceLine[], section: CommentSection, diagnostics: Diagnostic[]): Comment[] {
  const { base, end } = section;
  const start = section.countIndex + 1;
  const drafts: DraftComment[] = [];
  /** Open comments, strictly increasing in depth: the last is the one text belongs to. */
  const stack: DraftComment[] = [];
  const listRunEndsInText = new Map<number, boolean>();
  let current: DraftComment | null = null;
  let topLevelCount = 0;
  /** The previous line was not blank and belongs to the current comment. */
  let previousInCurrent = false;

  const warn = (code: string, message: string, line: SourceLine): void => {
    diagnostics.push({ severity: 'warning', code, message, line: line.number, column: line.contentStart + 1 });
  };

  const open = (line: SourceLine, text: string, fields: Pick<Comment, 'parentId' | 'depth' | 'number'>, flags: CommentFlag[]): DraftComment => {
    const draft: DraftComment = {
      comment: {
        id: `c${drafts.length + 1}`,
        ...fields,
        text: '',
        author: null,
        time: null,
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

  /**
   * A bullet inside the current comment's text column is the comment's own list
   * item when it directly follows the comment's text (no blank line: replies are
   * set apart by one), when a bullet at its indentation directly follows it, or
   * when its run of bullets is followed by plain text at that indentation.
   */
  const isListItem = (index: number, line: SourceLine, followsText: boolean): boolean => {
    if (current === null || line.indent < current.contentIndent) return false;
    if (followsText) return true;
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
      previousInCurrent = false;
      continue;
    }
    const followsText = previousInCurrent;
    previousInCurrent = true;

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
      continue;
    }

    const bullet = BULLET_MARKER.exec(line.content);
    if (bullet !== null && !isListItem(index, line, followsText)) {
      current = openReply(line, line.content.slice(bullet[0].length));
      continue;
    }

    if (current === null) {
      warn('stray-text', `expected a comment marker, found text outside any comment: ${JSON.stringify(preview(line.content))}`, line);
      previousInCurrent = false;
      continue;
    }
    if (bullet !== null && !current.comment.flags.includes('list')) current.comment.flags.push('list');
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
