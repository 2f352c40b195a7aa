import type { Diagnostic, HiddenKind, Thread } from '../../model/index.js';
import { buildThread, isoTime, type CommentRecord } from './build.js';
import { htmlToText } from './html-text.js';
import type { FormatReader } from './types.js';
import { attributeValue, CharacterTally, explainHiddenParents, faultText, hiddenDiagnostic, walkXml, type XmlElement } from './xml.js';

/** The namespace of the export's own elements (files without it are read too). */
const DISQUS = /^https?:\/\/disqus\.com\/?$/;
/** The namespace of the `dsq:id` attributes. */
const INTERNALS = /^https?:\/\/disqus\.com\/disqus-internals\/?$/;
const USUAL_PREFIXES: Readonly<Record<string, string>> = { dsq: 'http://disqus.com/disqus-internals' };

/** A post's reference to its thread or parent: by Disqus id (`dsq:id`) or, in files without one, by the site's `<id>`. */
interface Reference {
  dsq: string | null;
  text: string;
}

/** One `<thread>`, and the posts that name it so far (kept as records: text, not HTML). */
interface ThreadState {
  dsqId: string | null;
  siteId: string;
  link: string;
  title: string;
  message: string;
  /** The `<thread>` element; null until it is read (its posts may come first). */
  element: XmlElement | null;
  /** Where the first post naming the thread starts. */
  firstPost: { line: number; column: number } | null;
  records: CommentRecord[];
  /** Parents named by the site's `<id>` rather than the Disqus id: the reply's index in `records` and the name. */
  siteParents: Array<{ index: number; siteId: string }>;
  /** Post `dsq:id` by the site's `<id>`, for those references. */
  bySiteId: Map<string, string>;
  hidden: Partial<Record<HiddenKind, number>>;
  hiddenIds: Map<string, HiddenKind>;
  characters: CharacterTally;
  diagnostics: Diagnostic[];
}

interface PostState {
  element: XmlElement;
  fields: Record<string, string>;
  author: { name: string; username: string };
  thread: Reference | null;
  parent: Reference | null;
  inAuthor: XmlElement | null;
  characters: Array<{ line: number; column: number }>;
}

const POST_FIELDS = new Set(['id', 'message', 'createdAt', 'isDeleted', 'isSpam']);
const THREAD_FIELDS = new Set(['id', 'link', 'title', 'message']);

/**
 * Reads a Disqus export (`<disqus>`: categories, then `<thread>`s, then
 * `<post>`s of all threads interleaved). Since a thread's posts may come
 * anywhere after it, the threads are emitted at the end of the file, in the
 * order of their `<thread>` elements, each with at least one post: posts are
 * kept as comment records (text, not HTML) grouped by thread. A thread's id
 * is the last path segment of its link (else `thread-<dsq:id>`), its title
 * and site (the link's host name) are the article's; post ids are their
 * `dsq:id`s, parents the `dsq:id` of `<parent>`. Deleted and spam posts are
 * left out of the tree and counted in `hidden` (with a `hidden-comments`
 * note). Malformed XML stops the reading: every thread is emitted with the
 * posts read so far, the `malformed-xml` warning going to the thread of the
 * post being read, or returned when there is none.
 */
export const readDisqus: FormatReader = async (chunks, options, emit) => {
  const problems: Diagnostic[] = [];
  const fileCharacters = new CharacterTally();
  /** By `dsq:id` (or the site's id, or order, for a thread without one), in the order first seen. */
  const threads = new Map<string, ThreadState>();
  /** Thread keys by the site's `<id>`, for posts that name their thread that way. */
  const threadBySiteId = new Map<string, string>();
  let root: XmlElement | null = null;
  let threadElement: { element: XmlElement; fields: Record<string, string>; characters: CharacterTally } | null = null;
  let post: PostState | null = null;
  let capture: { element: XmlElement; apply: (text: string) => void } | null = null;
  const take = (element: XmlElement, apply: (text: string) => void): boolean => {
    capture = { element, apply };
    return true;
  };

  const newThread = (): ThreadState => ({
    dsqId: null,
    siteId: '',
    link: '',
    title: '',
    message: '',
    element: null,
    firstPost: null,
    records: [],
    siteParents: [],
    bySiteId: new Map(),
    hidden: {},
    hiddenIds: new Map(),
    characters: new CharacterTally(),
    diagnostics: [],
  });

  const finishThreadElement = (element: XmlElement, fields: Record<string, string>, characters: CharacterTally): void => {
    const dsqId = attributeValue(element, INTERNALS, 'id');
    const siteId = (fields['id'] ?? '').trim();
    const key = dsqId ?? (siteId !== '' ? `site:${siteId}` : `#${threads.size + 1}`);
    const state = threads.get(key) ?? newThread();
    threads.set(key, state);
    if (siteId !== '' && !threadBySiteId.has(siteId)) threadBySiteId.set(siteId, key);
    Object.assign(state, { dsqId, siteId, link: (fields['link'] ?? '').trim(), title: (fields['title'] ?? '').trim(), message: fields['message'] ?? '', element });
    state.characters = characters;
  };

  const threadOf = (reference: Reference): ThreadState => {
    const key = reference.dsq ?? threadBySiteId.get(reference.text) ?? reference.text;
    let state = threads.get(key);
    if (state === undefined) {
      state = newThread();
      state.dsqId = reference.dsq ?? key;
      threads.set(key, state);
    }
    return state;
  };

  const finishPost = (state: PostState, endLine: number): void => {
    const { element, fields } = state;
    if (state.thread === null || (state.thread.dsq === null && state.thread.text === '')) {
      problems.push({ severity: 'warning', code: 'post-without-thread', message: `expected a <thread dsq:id="…"> in the post that starts here, found none: the post is left out`, line: element.line, column: element.column });
      return;
    }
    const thread = threadOf(state.thread);
    thread.firstPost ??= { line: element.line, column: element.column };
    for (const { line, column } of state.characters) thread.characters.add(line, column);
    const siteId = (fields['id'] ?? '').trim();
    const id = attributeValue(element, INTERNALS, 'id') ?? (siteId !== '' ? siteId : `post-${element.line}`);
    if (siteId !== '' && !thread.bySiteId.has(siteId)) thread.bySiteId.set(siteId, id);
    const kind: HiddenKind | null = isTrue(fields['isSpam']) ? 'spam' : isTrue(fields['isDeleted']) ? 'deleted' : null;
    if (kind !== null) {
      thread.hidden[kind] = (thread.hidden[kind] ?? 0) + 1;
      thread.hiddenIds.set(id, kind);
      return;
    }
    const parent = state.parent;
    if (parent !== null && parent.dsq === null && parent.text !== '') thread.siteParents.push({ index: thread.records.length, siteId: parent.text });
    const name = state.author.name.trim();
    thread.records.push({
      id,
      parentId: parent === null ? null : (parent.dsq ?? parent.text) || null,
      author: name !== '' ? name : state.author.username.trim() || null,
      time: isoTime(fields['createdAt'], true),
      text: htmlToText(fields['message'] ?? '', { newlines: true }),
      line: element.line,
      column: element.column,
      endLine,
    });
  };

  const isOwn = (element: XmlElement): boolean => element.uri === '' || DISQUS.test(element.uri);
  const reference = (element: XmlElement, apply: (value: Reference) => void): boolean => {
    const dsq = attributeValue(element, INTERNALS, 'id');
    return take(element, (text) => apply({ dsq: dsq === null || dsq.trim() === '' ? null : dsq.trim(), text: text.trim() }));
  };

  const fault = await walkXml(
    chunks,
    {
      open(element, parent) {
        root ??= element;
        if (!isOwn(element) || parent === null) return false;
        if (parent === root) {
          if (element.local === 'thread') threadElement = { element, fields: {}, characters: new CharacterTally() };
          else if (element.local === 'post') post = { element, fields: {}, author: { name: '', username: '' }, thread: null, parent: null, inAuthor: null, characters: [] };
          return false;
        }
        if (threadElement !== null && parent === threadElement.element) {
          const fields = threadElement.fields;
          return THREAD_FIELDS.has(element.local) && take(element, (text) => (fields[element.local] = text));
        }
        if (post === null) return false;
        const current: PostState = post;
        if (parent === current.element) {
          if (POST_FIELDS.has(element.local)) return take(element, (text) => (current.fields[element.local] = text));
          if (element.local === 'thread') return reference(element, (value) => (current.thread = value));
          if (element.local === 'parent') return reference(element, (value) => (current.parent = value));
          if (element.local === 'author') current.inAuthor = element;
          return false;
        }
        if (current.inAuthor !== null && parent === current.inAuthor && (element.local === 'name' || element.local === 'username')) {
          const field = element.local;
          return take(element, (text) => (current.author[field] = text));
        }
        return false;
      },
      close(element, text, endLine) {
        if (capture !== null && capture.element === element) {
          capture.apply(text);
          capture = null;
        } else if (threadElement !== null && element === threadElement.element) {
          finishThreadElement(element, threadElement.fields, threadElement.characters);
          threadElement = null;
        } else if (post !== null && element === post.element) {
          finishPost(post, endLine);
          post = null;
        } else if (post !== null && element === post.inAuthor) {
          post.inAuthor = null;
        }
      },
      badCharacter(line, column) {
        if (post !== null) (post as PostState).characters.push({ line, column });
        else if (threadElement !== null) threadElement.characters.add(line, column);
        else fileCharacters.add(line, column);
      },
    },
    USUAL_PREFIXES,
  );

  if (fault !== null) {
    const open = post as PostState | null;
    const lost = open === null ? '' : `; the post that starts at line ${open.element.line} is left out`;
    const warning: Diagnostic = { severity: 'warning', code: 'malformed-xml', message: `reading stopped: ${faultText(fault)}${lost}; the posts after it are not read`, line: fault.line, column: fault.column };
    const target = open !== null && open.thread !== null ? threads.get(open.thread.dsq ?? threadBySiteId.get(open.thread.text) ?? open.thread.text) ?? null : null;
    if (target !== null && target.records.length + target.hiddenIds.size > 0) target.diagnostics.push(warning);
    else problems.push(warning);
  } else if (root !== null && !((root as XmlElement).local === 'disqus' && isOwn(root))) {
    const found = root as XmlElement;
    problems.push({ severity: 'warning', code: 'not-disqus', message: `expected a Disqus export (a <disqus> root element), found <${found.name}>`, line: found.line, column: found.column });
  }

  for (const [key, state] of threads) {
    if (state.records.length === 0 && Object.keys(state.hidden).length === 0) continue;
    emit(threadFrom(state, key, options.file));
  }
  const characters = fileCharacters.diagnostic();
  if (characters !== null) problems.push(characters);
  return problems;
};

/** The thread of the collected posts of one `<thread>`. */
function threadFrom(state: ThreadState, key: string, file: string): Thread {
  for (const { index, siteId } of state.siteParents) {
    const record = state.records[index]!;
    record.parentId = state.bySiteId.get(siteId) ?? siteId;
  }
  const position = state.element ?? state.firstPost!;
  const diagnostics: Diagnostic[] = [...state.diagnostics];
  if (state.element === null) {
    diagnostics.push({
      severity: 'warning',
      code: 'unknown-thread',
      message: `expected a <thread dsq:id="${state.dsqId ?? key}"> before the posts that name it, found none: the thread has no article`,
      line: position.line,
      column: position.column,
    });
  }
  const hidden = hiddenDiagnostic(state.hidden, position.line, position.column);
  if (hidden !== null) diagnostics.push(hidden);
  const characters = state.characters.diagnostic();
  if (characters !== null) diagnostics.push(characters);
  const slug = slugOf(state.link);
  const body = state.message.trim() === '' ? '' : htmlToText(state.message, { newlines: true });
  const thread = buildThread({
    file,
    id: slug ?? `thread-${state.dsqId ?? (state.siteId !== '' ? state.siteId : key.replace(/^#/, ''))}`,
    format: 'disqus',
    article: { title: state.title !== '' ? state.title : null, site: hostOf(state.link), body },
    position: { line: position.line, column: position.column },
    comments: state.records,
    hidden: state.hidden,
    diagnostics,
  });
  explainHiddenParents(thread, state.records, state.hiddenIds);
  return thread;
}

function isTrue(value: string | undefined): boolean {
  return (value ?? '').trim().toLowerCase() === 'true';
}

/** `https://example.com/2024/05/some-story/` → `some-story`; null for a link without a path. */
function slugOf(link: string): string | null {
  let path: string;
  try {
    path = new URL(link).pathname;
  } catch {
    path = link.split(/[?#]/, 1)[0] ?? '';
  }
  const last = path.split('/').filter((segment) => segment !== '').pop();
  if (last === undefined) return null;
  const slug = last.replace(/\.html?$/i, '');
  return slug === '' ? null : slug;
}

/** The host name of a web link, or null. */
function hostOf(link: string): string | null {
  try {
    const url = new URL(link);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.hostname || null : null;
  } catch {
    return null;
  }
}
