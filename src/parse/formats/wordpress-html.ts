import { parse, type DefaultTreeAdapterMap } from 'parse5';
import type { ArticleField, Diagnostic, HiddenKind, Position, Thread } from '../../model/index.js';
import { idOfFile } from '../index.js';
import { foldSpaces } from '../../analyse/text.js';
import { buildThread, isoTime, type CommentRecord } from './build.js';
import { elementText } from './html-text.js';
import type { FormatReader } from './types.js';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];
type ParentNode = DefaultTreeAdapterMap['parentNode'];

/** Classes of the list `wp_list_comments` (or the Comment Template block) writes the comments into. */
const LIST_CLASSES = ['comment-list', 'commentlist', 'wp-block-comment-template'];
/** The elements a comment's `id="comment-N"` stands on. */
const COMMENT_TAGS = new Set(['li', 'div', 'article']);
const COMMENT_ID = /^comment-(\d+)$/;
/** Page furniture inside a comment's text: reply and edit links, "says:", Jetpack's like button. */
const COMMENT_FURNITURE = ['reply', 'says', 'comment-reply-link', 'comment-edit-link', 'edit-link', 'comment-likes', 'jetpack-comment-likes-widget-wrapper'];
/** Page furniture inside an article's text: sharing buttons, related posts, likes. */
const ARTICLE_FURNITURE = ['sharedaddy', 'jp-relatedposts', 'jetpack-likes-widget-wrapper', 'jp-post-flair'];
/** Separators WordPress puts between a page's title and the site's name in `<title>`. */
const TITLE_SUFFIX = /^(.*\S)\s+[–—|]\s+([^–—|]*\S)\s*$/;

/**
 * Reads a saved WordPress article page (see {@link parseWordPressPage}):
 * the chunks are joined (a page is small) and the one thread emitted.
 */
export const readWordPressPage: FormatReader = async (chunks, options, emit) => {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  emit(parseWordPressPage(text, options.file));
  return [];
};

/**
 * Parses a WordPress article page, as a browser saves it or as `curl`
 * fetches it, into a {@link Thread}: the article from the post's markup and
 * meta tags, the comments from the list `wp_list_comments` writes
 * (`<ol class="comment-list">` and its `children` lists, or the Comment
 * Template block's), each comment's id the `N` of its `id="comment-N"` and
 * its parent the comment it is nested in. Pingbacks and trackbacks are
 * counted in `hidden`. A page without a comment list gives a thread without
 * comments and an info diagnostic `no-comment-section`.
 */
export function parseWordPressPage(text: string, file: string): Thread {
  // Without scripting, a <noscript> holds markup (lazy-load plugins put the real thing there).
  const document = parse(text, { sourceCodeLocationInfo: true, scriptingEnabled: false });
  const diagnostics: Diagnostic[] = [];

  const lists = commentLists(document);
  const comments: CommentRecord[] = [];
  const hidden: Partial<Record<HiddenKind, number>> = {};
  for (const list of lists) readCommentList(list, comments, hidden);
  if (lists.length === 0) {
    diagnostics.push({
      severity: 'info',
      code: 'no-comment-section',
      message: 'expected a comment list (<ol class="comment-list">), found none: the page has no comment section',
      line: null,
      column: null,
    });
  }

  const article = readArticle(document, new Set(lists));
  const thread = buildThread({
    file,
    id: idOfFile(file),
    format: 'wordpress-html',
    article: Object.fromEntries(Object.entries(article.values).filter(([, value]) => value !== null)),
    comments,
    hidden,
    diagnostics,
  });
  // Each field's source is the element it was read from.
  for (const [field, position] of Object.entries(article.positions) as Array<[ArticleField, Position]>) {
    if (thread.article[field] !== null) thread.article.sources[field] = { from: 'page', line: position.line, column: position.column };
  }
  return thread;
}

/**
 * The outermost comment lists; those inside `<noscript>` only when there are
 * no others. A theme that names its list otherwise still marks each comment
 * with `comment_class()`: then the element around the first such comment is
 * the list.
 */
function commentLists(document: ParentNode): Element[] {
  const found: Element[] = [];
  let firstComment: Element | null = null;
  for (const element of elementsIn(document, (element) => hasAnyClass(element, LIST_CLASSES))) {
    if (hasAnyClass(element, LIST_CLASSES)) found.push(element);
    else if (firstComment === null && isCommentElement(element) && hasAnyClass(element, ['comment', 'pingback', 'trackback'])) firstComment = element;
  }
  if (found.length > 0) {
    const visible = found.filter((list) => !hasAncestor(list, (element) => element.tagName === 'noscript'));
    return visible.length > 0 ? visible : found;
  }
  const around = firstComment === null ? null : scopeOf(firstComment).parentNode;
  return around !== null && around !== undefined && 'tagName' in around ? [around] : [];
}

function isCommentElement(element: Element): boolean {
  return COMMENT_TAGS.has(element.tagName) && COMMENT_ID.test(attribute(element, 'id') ?? '');
}

/** Whether an element is another comment than `comment` (not the same id on an inner element). */
function isOtherComment(element: Element, comment: Element): boolean {
  const id = attribute(element, 'id') ?? '';
  return COMMENT_ID.test(id) && id !== attribute(comment, 'id');
}

/** Reads the comments of one list, in document order, into `comments`; pingbacks and trackbacks into `hidden`. */
function readCommentList(list: Element, comments: CommentRecord[], hidden: Partial<Record<HiddenKind, number>>): void {
  // The element each comment's replies are nested in, and the id they answer (a ping's replies answer the ping's parent).
  const owners = new Map<Element, string | null>();
  for (const element of elementsIn(list)) {
    const match = COMMENT_ID.exec(attribute(element, 'id') ?? '');
    if (match === null || !COMMENT_TAGS.has(element.tagName)) continue;
    const scope = scopeOf(element);
    let parentId: string | null = null;
    for (let at = scope.parentNode; at !== null && at !== list && 'tagName' in at; at = at.parentNode) {
      const owner = owners.get(at);
      if (owner !== undefined) {
        parentId = owner;
        break;
      }
    }
    // The same id again inside its comment (a theme that marks both the <li> and the <article>): one comment.
    if (parentId === match[1]) continue;
    const ping = (['pingback', 'trackback'] as const).find((kind) => hasClass(element, kind) || hasClass(scope, kind));
    if (ping !== undefined) {
      hidden[ping] = (hidden[ping] ?? 0) + 1;
      owners.set(scope, parentId);
      continue;
    }
    const id = match[1]!;
    owners.set(scope, id);
    const start = location(element);
    const content = findIn(element, (candidate) => hasAnyClass(candidate, ['comment-content', 'wp-block-comment-content']));
    comments.push({
      id,
      parentId,
      author: commentAuthor(element),
      time: commentTime(element),
      text: content === null ? bodyText(element) : cleanText(content, COMMENT_FURNITURE),
      line: start.line,
      column: start.column,
      endLine: endLineOf(content ?? findIn(element, (candidate) => hasClass(candidate, 'comment-body')) ?? element),
    });
  }
}

/**
 * The element a comment's replies are nested in: the comment's own element,
 * or the `<li>` around it when the id is on an inner `<article>` or `<div>`
 * (themes that write `<li><article id="comment-N">`).
 */
function scopeOf(element: Element): Element {
  const parent = element.parentNode;
  if (element.tagName !== 'li' && parent !== null && 'tagName' in parent && parent.tagName === 'li' && !COMMENT_ID.test(attribute(parent, 'id') ?? '')) return parent;
  return element;
}

function commentAuthor(comment: Element): string | null {
  const box = findIn(comment, (element) => hasClass(element, 'comment-author'));
  const name =
    (box === null ? null : findIn(box, (element) => hasClass(element, 'fn'))) ??
    findIn(comment, (element) => hasClass(element, 'fn')) ??
    findIn(comment, (element) => hasClass(element, 'wp-block-comment-author-name'));
  if (name !== null) return oneLine(cleanText(name, COMMENT_FURNITURE)) || null;
  if (box === null) return null;
  // No name element: the box's text without the "says:" label.
  return oneLine(cleanText(box, COMMENT_FURNITURE)).replace(/\s*says:?$/i, '') || null;
}

function commentTime(comment: Element): string | null {
  const meta = findIn(comment, (element) => hasAnyClass(element, ['comment-metadata', 'comment-meta', 'commentmetadata', 'wp-block-comment-date']));
  const stamp = (meta === null ? null : findIn(meta, isDatedTime)) ?? findIn(comment, isDatedTime);
  if (stamp !== null) {
    const time = isoTime(attribute(stamp, 'datetime'));
    if (time !== null) return time;
  }
  // The permalink's text, when it is written as an ISO time.
  const link = meta === null ? null : findIn(meta, (element) => element.tagName === 'a');
  return link === null ? null : isoTime(oneLine(elementText(link.childNodes)));
}

function isDatedTime(element: Element): boolean {
  return element.tagName === 'time' && attribute(element, 'datetime') !== null;
}

/**
 * A comment's text when the theme writes it straight into the comment's body
 * (the non-HTML5 markup): the body's content without the author box, the
 * metadata, the moderation note and the reply link.
 */
function bodyText(comment: Element): string {
  const body = findIn(comment, (element) => hasClass(element, 'comment-body')) ?? comment;
  const nodes = body.childNodes.filter(
    (node) =>
      !('tagName' in node) ||
      !(
        hasAnyClass(node, ['comment-author', 'comment-meta', 'commentmetadata', 'comment-metadata', 'comment-awaiting-moderation', 'children', ...COMMENT_FURNITURE]) ||
        isOtherComment(node, comment) ||
        ((node.tagName === 'ol' || node.tagName === 'ul') && findIn(node, (element) => isOtherComment(element, comment)) !== null)
      ),
  );
  return elementText(nodes);
}

interface ArticleValues {
  values: { title: string | null; author: string | null; date: string | null; site: string | null; body: string };
  positions: Partial<Record<ArticleField, Position>>;
}

/** The article's title, author, date, site and body, each with the position of the element it came from. */
function readArticle(document: ParentNode, lists: Set<Element>): ArticleValues {
  // Everything but the comment lists and what they hold.
  const isList = (element: Element): boolean => lists.has(element);
  const elements = [...elementsIn(document, isList)].filter((element) => !isList(element));
  const first = (test: (element: Element) => boolean): Element | null => elements.find(test) ?? null;
  const metas = new Map<string, Element>();
  for (const element of elements) {
    if (element.tagName !== 'meta') continue;
    const key = (attribute(element, 'property') ?? attribute(element, 'name') ?? '').toLowerCase();
    if (key !== '' && !metas.has(key) && (attribute(element, 'content') ?? '').trim() !== '') metas.set(key, element);
  }
  const positions: ArticleValues['positions'] = {};
  const pick = <T>(field: ArticleField, candidates: Array<[Element | null | undefined, (element: Element) => T | null]>): T | null => {
    for (const [element, read] of candidates) {
      if (element === null || element === undefined) continue;
      const value = read(element);
      if (value === null) continue;
      positions[field] = location(element);
      return value;
    }
    return null;
  };
  const text = (element: Element): string | null => oneLine(cleanText(element, [])) || null;
  const content = (element: Element): string | null => oneLine(attribute(element, 'content') ?? '') || null;
  const date = (value: string | null): string | null => {
    const trimmed = (value ?? '').trim();
    return isoTime(trimmed) ?? (/^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? trimmed : null);
  };

  const titleTag = first((element) => element.tagName === 'title');
  const titleParts = titleTag === null ? null : TITLE_SUFFIX.exec(oneLine(elementText(titleTag.childNodes)));
  const title = pick('title', [
    [first((element) => element.tagName === 'h1' && hasAnyClass(element, ['entry-title', 'wp-block-post-title'])), text],
    [first((element) => hasAnyClass(element, ['entry-title', 'wp-block-post-title'])), text],
    [metas.get('og:title'), content],
    [titleTag, (element) => titleParts?.[1] ?? text(element)],
  ]);

  const entryMeta = elements.filter((element) => hasAnyClass(element, ['entry-meta', 'entry-footer', 'byline']));
  const author = pick('author', [
    [entryMeta.map((box) => findIn(box, (element) => hasClass(element, 'fn') && hasAncestor(element, (above) => hasClass(above, 'author'), box))).find((found) => found !== null), text],
    [first((element) => element.tagName === 'a' && (attribute(element, 'rel') ?? '').split(/\s+/).includes('author')), text],
    [metas.get('author'), content],
    [first((element) => hasClass(element, 'wp-block-post-author-name')), text],
  ]);

  const published = pick('date', [
    [first((element) => element.tagName === 'time' && hasClass(element, 'entry-date') && hasClass(element, 'published')), (element) => date(attribute(element, 'datetime'))],
    [metas.get('article:published_time'), (element) => date(attribute(element, 'content'))],
    [first((element) => element.tagName === 'time' && hasAncestor(element, (above) => hasClass(above, 'wp-block-post-date'))), (element) => date(attribute(element, 'datetime'))],
  ]);

  const site = pick('site', [
    [metas.get('og:site_name'), content],
    [titleParts === null ? null : titleTag, () => titleParts?.[2] ?? null],
  ]);

  const entry = first((element) => hasAnyClass(element, ['entry-content', 'wp-block-post-content']));
  return { values: { title, author, date: published, site, body: entry === null ? '' : cleanText(entry, ARTICLE_FURNITURE) }, positions };
}

/**
 * The text of an element's children as {@link elementText} reads it, with
 * the descendants that carry one of `furniture`'s classes (or ids) left out.
 * The parsed page is the reader's own, so they are taken out of it.
 */
function cleanText(element: Element, furniture: readonly string[]): string {
  if (furniture.length > 0) {
    const unwanted = [...elementsIn(element)].filter((candidate) => hasAnyClass(candidate, furniture) || furniture.includes(attribute(candidate, 'id') ?? ''));
    for (const node of unwanted) {
      const parent = node.parentNode;
      if (parent !== null) parent.childNodes.splice(parent.childNodes.indexOf(node), 1);
    }
  }
  return elementText(element.childNodes);
}

function oneLine(text: string): string {
  return foldSpaces(text);
}

/**
 * The elements under `root` in document order, without recursion (a page can
 * nest as deep as it likes). The children of an element for which `stop`
 * holds are not visited (the element itself is).
 */
function* elementsIn(root: ParentNode, stop?: (element: Element) => boolean): Generator<Element> {
  const stack: Node[] = [...root.childNodes].reverse();
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!('tagName' in node)) continue;
    yield node;
    if (stop?.(node)) continue;
    for (let k = node.childNodes.length - 1; k >= 0; k--) stack.push(node.childNodes[k]!);
  }
}

/**
 * The first element under a comment that passes `test`, not looking into
 * the comment's replies (other comments, `children` lists).
 */
function findIn(root: Element, test: (element: Element) => boolean): Element | null {
  const isReply = (element: Element): boolean => element !== root && (isOtherComment(element, root) || hasClass(element, 'children'));
  for (const element of elementsIn(root, isReply)) {
    if (isReply(element)) continue;
    if (test(element)) return element;
  }
  return null;
}

function hasAncestor(element: Element, test: (element: Element) => boolean, within?: Element): boolean {
  for (let at = element.parentNode; at !== null && 'tagName' in at && at !== within; at = at.parentNode) {
    if (test(at)) return true;
  }
  return false;
}

function attribute(element: Element, name: string): string | null {
  return element.attrs.find((attr) => attr.name === name)?.value ?? null;
}

function hasClass(element: Element, name: string): boolean {
  return (attribute(element, 'class') ?? '').split(/\s+/).includes(name);
}

function hasAnyClass(element: Element, names: readonly string[]): boolean {
  const classes = (attribute(element, 'class') ?? '').split(/\s+/);
  return names.some((name) => classes.includes(name));
}

function location(element: Element): Position {
  const place = element.sourceCodeLocation;
  return { line: place?.startLine ?? 1, column: place?.startCol ?? 1 };
}

/** The line an element ends on: its end tag's, or for one closed by what follows, the line of its last content. */
function endLineOf(element: Element): number {
  const place = element.sourceCodeLocation;
  if (place === null || place === undefined) return 1;
  if (place.endTag === undefined && place.endCol === 1 && place.endLine > place.startLine) return place.endLine - 1;
  return place.endLine;
}
