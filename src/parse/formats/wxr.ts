import type { Diagnostic, HiddenKind } from '../../model/index.js';
import { buildThread, isoTime, type CommentRecord } from './build.js';
import { htmlToText } from './html-text.js';
import type { FormatReader } from './types.js';
import { CharacterTally, explainHiddenParents, faultText, hiddenDiagnostic, walkXml, type XmlElement } from './xml.js';

/** The WordPress export namespace, versions 1.0 to 1.2 (and later), over http or https. */
const WP = /^https?:\/\/(?:www\.)?wordpress\.org\/export\/\d+\.\d+\/?$/;
const CONTENT = /^https?:\/\/purl\.org\/rss\/1\.0\/modules\/content\/?$/;
const DC = /^https?:\/\/purl\.org\/dc\/elements\/1\.1\/?$/;

/** Namespaces for the prefixes of a WordPress export that forgets to declare them. */
const USUAL_PREFIXES: Readonly<Record<string, string>> = {
  wp: 'http://wordpress.org/export/1.2/',
  content: 'http://purl.org/rss/1.0/modules/content/',
  excerpt: 'http://wordpress.org/export/1.2/excerpt/',
  dc: 'http://purl.org/dc/elements/1.1/',
  wfw: 'http://wellformedweb.org/CommentAPI/',
};

/** The item fields kept as written (the content is kept as text, the password as whether there is one). */
type ItemField = 'title' | 'creator' | 'post_id' | 'post_name' | 'post_date' | 'post_date_gmt';
const ITEM_FIELDS = new Set(['post_id', 'post_name', 'post_date', 'post_date_gmt']);
const COMMENT_FIELDS = new Set(['comment_id', 'comment_parent', 'comment_author', 'comment_date', 'comment_date_gmt', 'comment_content', 'comment_approved', 'comment_type']);

interface ItemState {
  element: XmlElement;
  fields: Partial<Record<ItemField, string>>;
  body: string | null;
  password: { line: number; column: number } | null;
  sawComment: boolean;
  /** How many `<wp:comment>` records were read, shown or not. */
  count: number;
  records: CommentRecord[];
  hidden: Partial<Record<HiddenKind, number>>;
  /** The kind of each left-out comment, by id (for the warnings of their replies). */
  hiddenIds: Map<string, HiddenKind>;
  characters: CharacterTally;
}

interface CommentState {
  element: XmlElement;
  fields: Record<string, string>;
}

/**
 * Reads a WordPress export (WXR 1.0–1.2, Tools → Export): one thread per
 * `<item>` with at least one `<wp:comment>`, emitted at its `</item>`. The
 * item gives the article (title, `dc:creator`, the GMT post date or else the
 * local one, the channel's title as site, the content as body) and its
 * comments the tree (`wp:comment_parent`, 0 for top level). Pending, spam and
 * trashed comments, pingbacks and trackbacks are left out of the tree and
 * counted in `hidden` (with a `hidden-comments` note); a password-protected
 * post gets a `password-protected` note. Positions are those of the
 * `<item>` and `<wp:comment>` start tags. Malformed XML stops the reading:
 * the item being read is emitted with the comments read so far and a
 * `malformed-xml` warning (returned instead when no item is being read).
 */
export const readWxr: FormatReader = async (chunks, options, emit) => {
  const problems: Diagnostic[] = [];
  const fileCharacters = new CharacterTally();
  let site: string | null = null;
  let root: XmlElement | null = null;
  let sawWordPress = false;
  let item: ItemState | null = null;
  let comment: CommentState | null = null;

  const finishComment = (state: CommentState, endLine: number): void => {
    const target = item!;
    target.count++;
    const fields = state.fields;
    const id = (fields['comment_id'] ?? '').trim() || `comment-${target.count}`;
    const kind = hiddenKind(fields['comment_approved'] ?? '', fields['comment_type'] ?? '');
    if (kind !== null) {
      target.hidden[kind] = (target.hidden[kind] ?? 0) + 1;
      target.hiddenIds.set(id, kind);
      return;
    }
    const gmt = isoTime(fields['comment_date_gmt'], true);
    target.records.push({
      id,
      parentId: (fields['comment_parent'] ?? '').trim() || null,
      author: fields['comment_author'] ?? null,
      time: gmt ?? isoTime(fields['comment_date']),
      text: htmlToText(fields['comment_content'] ?? '', { newlines: true }),
      line: state.element.line,
      column: state.element.column,
      endLine,
    });
  };

  const finishItem = (state: ItemState, extra: Diagnostic[] = []): void => {
    const { fields } = state;
    const diagnostics: Diagnostic[] = [...extra];
    const { line, column } = state.element;
    const hidden = hiddenDiagnostic(state.hidden, line, column);
    if (hidden !== null) diagnostics.push(hidden);
    if (state.password !== null) {
      diagnostics.push({ severity: 'info', code: 'password-protected', message: 'the post is password-protected: readers of the site see it and its comments only with the password', line: state.password.line, column: state.password.column });
    }
    const characters = state.characters.diagnostic();
    if (characters !== null) diagnostics.push(characters);
    const postName = (fields.post_name ?? '').trim();
    const thread = buildThread({
      file: options.file,
      id: postName !== '' ? postName : `post-${(fields.post_id ?? '').trim() || line}`,
      format: 'wxr',
      article: {
        title: nonEmpty(fields.title),
        author: nonEmpty(fields.creator),
        date: isoTime(fields.post_date_gmt, true) ?? isoTime(fields.post_date),
        site,
        body: state.body ?? '',
      },
      position: { line, column },
      comments: state.records,
      hidden: state.hidden,
      diagnostics,
    });
    explainHiddenParents(thread, state.records, state.hiddenIds);
    emit(thread);
  };

  /** The element whose text was asked for, and what to do with it. */
  let capture: { element: XmlElement; apply: (text: string) => void } | null = null;
  const take = (element: XmlElement, apply: (text: string) => void): boolean => {
    capture = { element, apply };
    return true;
  };

  const fault = await walkXml(
    chunks,
    {
      open(element, parent) {
        root ??= element;
        const wp = WP.test(element.uri);
        if (wp) sawWordPress = true;
        if (item === null) {
          if (element.uri === '' && element.local === 'item') {
            item = { element, fields: {}, body: null, password: null, sawComment: false, count: 0, records: [], hidden: {}, hiddenIds: new Map(), characters: new CharacterTally() };
            return false;
          }
          if (element.uri === '' && element.local === 'title' && isRss(parent, 'channel')) return take(element, (text) => (site = nonEmpty(text)));
          return false;
        }
        const target: ItemState = item;
        if (comment !== null) {
          const fields = comment.fields;
          if (wp && COMMENT_FIELDS.has(element.local) && parent === comment.element) return take(element, (text) => (fields[element.local] = text));
          return false;
        }
        if (!isRss(parent, 'item')) return false;
        if (wp && element.local === 'comment') {
          comment = { element, fields: {} };
          target.sawComment = true;
          return false;
        }
        if (element.uri === '' && element.local === 'title') return take(element, (text) => (target.fields.title = text));
        if (element.local === 'creator' && DC.test(element.uri)) return take(element, (text) => (target.fields.creator = text));
        if (element.local === 'encoded' && CONTENT.test(element.uri)) return take(element, (text) => (target.body = htmlToText(text, { newlines: true })));
        if (wp && element.local === 'post_password') {
          return take(element, (text) => (target.password = text.trim() === '' ? null : { line: element.line, column: element.column }));
        }
        if (wp && ITEM_FIELDS.has(element.local)) return take(element, (text) => (target.fields[element.local as ItemField] = text));
        return false;
      },
      close(element, text, endLine) {
        if (capture !== null && capture.element === element) {
          capture.apply(text);
          capture = null;
        } else if (comment !== null && element === comment.element) {
          finishComment(comment, endLine);
          comment = null;
        } else if (item !== null && element === item.element) {
          const done: ItemState = item;
          item = null;
          if (done.sawComment) finishItem(done);
        }
      },
      badCharacter(line, column) {
        (item === null ? fileCharacters : (item as ItemState).characters).add(line, column);
      },
    },
    USUAL_PREFIXES,
  );

  if (fault !== null) {
    const open = item as ItemState | null;
    const partial = comment as CommentState | null;
    const lost = partial === null ? '' : `; the comment that starts at line ${partial.element.line} is left out`;
    const warning: Diagnostic = { severity: 'warning', code: 'malformed-xml', message: `reading stopped: ${faultText(fault)}${lost}`, line: fault.line, column: fault.column };
    if (open !== null && open.sawComment) finishItem(open, [warning]);
    else problems.push(warning);
  } else if (!sawWordPress && root !== null) {
    const found = root as XmlElement;
    problems.push({ severity: 'warning', code: 'not-wxr', message: `expected a WordPress export (elements in the namespace http://wordpress.org/export/1.2/ or another version), found <${found.name}> without any`, line: found.line, column: found.column });
  }
  const characters = fileCharacters.diagnostic();
  if (characters !== null) problems.push(characters);
  return problems;
};

/** Why a comment is left out of the tree, from `wp:comment_approved` and `wp:comment_type`; null for a comment shown. */
function hiddenKind(approved: string, type: string): HiddenKind | null {
  switch (approved.trim().toLowerCase()) {
    case '0':
    case 'hold':
    case 'unapproved':
      return 'pending';
    case 'spam':
      return 'spam';
    case 'trash':
    case 'post-trashed':
      return 'trash';
  }
  switch (type.trim().toLowerCase()) {
    case 'pingback':
      return 'pingback';
    case 'trackback':
      return 'trackback';
  }
  return null;
}

/** Whether an element is the RSS element (no namespace) of that name. */
function isRss(element: XmlElement | null, local: string): boolean {
  return element !== null && element.uri === '' && element.local === local;
}

function nonEmpty(value: string | null | undefined): string | null {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? null : trimmed;
}
