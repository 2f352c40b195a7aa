import { SaxesParser, type SaxesAttributeNS, type SaxesTagNS } from 'saxes';
import { hiddenSummary, type Diagnostic, type HiddenKind, type Thread } from '../../model/index.js';
import type { CommentRecord } from './build.js';

/**
 * An element as the XML export readers see it: its namespace URI and local
 * name (readers match namespaces by URI, never by the prefix a file happens
 * to use), its attributes, and where its start tag begins.
 */
export interface XmlElement {
  /** The namespace URI, '' for none. */
  uri: string;
  local: string;
  /** The name as written (`wp:comment`). */
  name: string;
  attributes: Record<string, SaxesAttributeNS>;
  /** Where the start tag's `<` is: 1-based, columns in UTF-16 code units. */
  line: number;
  column: number;
  /** 1 for the root element. */
  depth: number;
}

/** What a reader does with the elements of a document, in document order. */
export interface XmlHandler {
  /**
   * A start tag has been read. Returning true asks for the element's text
   * content (its text, CDATA sections and the text of its descendants, whose
   * own tags are then not reported) to be handed to `close`.
   */
  open(element: XmlElement, parent: XmlElement | null): boolean;
  /** The element's end tag has been read, ending on `endLine`; `text` is its content when `open` asked for it, else ''. */
  close(element: XmlElement, text: string, endLine: number): void;
  /** A character XML does not allow (a control character) was read at this place: it is left out of the text and reading goes on. */
  badCharacter(line: number, column: number): void;
}

/** Where and why reading stopped: the markup expected and what was found instead. */
export interface XmlFault {
  line: number;
  column: number;
  expected: string;
  found: string;
}

/** Thrown from inside the parser's callbacks to stop it in the middle of a chunk. */
const STOP = Symbol('stop reading');

/** Control characters XML 1.0 forbids; left out of the text saxes hands over with them. */
const FORBIDDEN_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/**
 * Walks an XML document given in chunks with saxes (namespaces resolved,
 * positions tracked), reporting elements to `handler` as they open and
 * close; nothing but the open elements and the text asked for is kept.
 * `prefixes` resolves prefixes the document uses without declaring them.
 *
 * A document that is not well-formed is read up to its first fault: no event
 * after it reaches the handler (an end tag that does not match its start tag
 * is not reported either), the remaining chunks are not read, and the fault
 * is returned; otherwise null. Forbidden characters are not faults (see
 * {@link XmlHandler.badCharacter}).
 */
export async function walkXml(chunks: AsyncIterable<string>, handler: XmlHandler, prefixes: Readonly<Record<string, string>> = {}): Promise<XmlFault | null> {
  const parser = new SaxesParser({ xmlns: true, position: true, resolvePrefix: (prefix: string) => prefixes[prefix] });
  const stack: XmlElement[] = [];
  /** The depth of the element whose text is being collected, 0 for none. */
  let captureDepth = 0;
  let parts: string[] = [];
  let badInCapture = false;
  let start = { line: 1, column: 1 };
  /** The last end tag read, handed on only once the next event shows it was not a mismatch. */
  let held: { element: XmlElement; endLine: number } | null = null;
  let fault: XmlFault | null = null;
  /** After an end tag that closed the wrong element: which element it should have closed, and the end tag's name once known. */
  let mismatch: { expected: XmlElement; line: number; columnIndex: number; candidate: string | null } | null = null;
  let ended = false;
  /**
   * Where text outside the root element is reported (saxes notices it at the
   * end of a chunk, which would make the place depend on the chunks): the
   * start of the document, or the end of the root element.
   */
  let outsideRoot = { line: 1, column: 1 };

  const deliverHeld = (): void => {
    if (held === null) return;
    const { element, endLine } = held;
    held = null;
    stack.pop();
    if (captureDepth === element.depth) {
      let text = parts.join('');
      if (badInCapture) text = text.replace(FORBIDDEN_CHARACTERS, '');
      parts = [];
      badInCapture = false;
      captureDepth = 0;
      handler.close(element, text, endLine);
    } else if (captureDepth === 0) {
      handler.close(element, '', endLine);
    }
  };
  const settleMismatch = (found: string | null): void => {
    const { expected, line, columnIndex } = mismatch!;
    mismatch = null;
    // The end tag's `<`, from the position after its `>` (assuming no space inside it).
    const column = found === null ? Math.max(1, columnIndex) : Math.max(1, columnIndex - found.length - 2);
    fault = { line, column, expected: `</${expected.name}>${openedAt(expected)}`, found: found === null ? 'another end tag' : `</${found}>` };
  };
  /** Any event but an end tag or a further close-tag error ends a mismatch's close loop. */
  const beforeEvent = (): void => {
    if (mismatch !== null) {
      settleMismatch(mismatch.candidate);
      throw STOP;
    }
    if (fault !== null) throw STOP;
    deliverHeld();
  };

  // Six handlers at most: a seventh property added to the parser turns it into a slow dictionary object in V8.
  parser.on('opentagstart', (tag) => {
    beforeEvent();
    // Called once the name and the character after it are read: the `<` is that far back on the line
    // (when a line break ends the name, the `<` is on the line before, at a column not known here: 1).
    const column = parser.columnIndex - tag.name.length - 1;
    start = column >= 1 ? { line: parser.line, column } : { line: parser.line - 1, column: 1 };
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    beforeEvent();
    const parent = stack[stack.length - 1] ?? null;
    const element: XmlElement = { uri: tag.uri, local: tag.local, name: tag.name, attributes: tag.attributes, line: start.line, column: start.column, depth: stack.length + 1 };
    stack.push(element);
    if (captureDepth === 0 && handler.open(element, parent)) {
      captureDepth = element.depth;
      parts = [];
    }
  });
  parser.on('closetag', (tag: SaxesTagNS) => {
    if (mismatch !== null) {
      mismatch.candidate = tag.name;
      return;
    }
    if (fault !== null) throw STOP;
    deliverHeld();
    held = { element: stack[stack.length - 1]!, endLine: parser.line };
    if (stack.length === 1) outsideRoot = { line: parser.line, column: parser.columnIndex + 1 };
  });
  const onText = (text: string): void => {
    beforeEvent();
    if (captureDepth > 0) parts.push(text);
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('error', (error: Error) => {
    const message = error.message.replace(/^\d+:\d+: /, '');
    if (mismatch !== null) {
      if (message === 'unexpected close tag.') {
        mismatch.candidate = null;
        return;
      }
      const unmatched = /^unmatched closing tag: (.*)\.$/.exec(message);
      settleMismatch(unmatched === null ? mismatch.candidate : unmatched[1]!);
      throw STOP;
    }
    if (fault !== null) throw STOP;
    if (message === 'disallowed character.') {
      deliverHeld();
      if (captureDepth > 0) badInCapture = true;
      handler.badCharacter(parser.line, Math.max(1, parser.columnIndex));
      return;
    }
    if (message === 'unexpected close tag.' && held !== null) {
      // saxes reported the end of the element it popped, then found the end tag names another.
      mismatch = { expected: held.element, line: parser.line, columnIndex: parser.columnIndex, candidate: null };
      held = null;
      return;
    }
    deliverHeld();
    const { expected, found } = describeFault(message, stack[stack.length - 1]);
    const place = message === 'text data outside of root node.' ? outsideRoot : { line: parser.line, column: ended ? parser.columnIndex + 1 : Math.max(1, parser.columnIndex) };
    fault = { ...place, expected, found };
    throw STOP;
  });

  const write = (chunk: string | null): void => {
    try {
      if (chunk === null) parser.close();
      else parser.write(chunk);
    } catch (error) {
      if (error !== STOP) throw error;
    }
    if (mismatch !== null) settleMismatch(mismatch.candidate);
    if (fault === null) deliverHeld();
  };
  for await (const chunk of chunks) {
    write(chunk);
    if (fault !== null) return fault;
  }
  ended = true;
  write(null);
  return fault;
}

/** ` (opened at line 3, column 5)`. */
function openedAt(element: XmlElement | undefined): string {
  return element === undefined ? '' : ` (opened at line ${element.line}, column ${element.column})`;
}

/** saxes's account of a fault, as what was expected and what was found. */
function describeFault(message: string, open: XmlElement | undefined): { expected: string; found: string } {
  const unclosed = /^unclosed tag: (.*)$/.exec(message);
  if (unclosed !== null) return { expected: `</${unclosed[1]}>${openedAt(open)}`, found: 'the end of the input' };
  const unbound = /^unbound namespace prefix: (".*")\.$/.exec(message);
  if (unbound !== null) return { expected: `a declaration of the namespace prefix ${unbound[1]}`, found: 'none' };
  const duplicate = /^duplicate attribute: (.*)\.$/.exec(message);
  if (duplicate !== null) return { expected: 'each attribute once', found: `${duplicate[1]} twice` };
  switch (message) {
    case 'unexpected end.':
      return { expected: 'the rest of the markup', found: 'the end of the input' };
    case 'document must contain a root element.':
      return { expected: 'a root element', found: 'none' };
    case 'text data outside of root node.':
      return { expected: 'nothing but markup before the root element and after it', found: 'text' };
    case 'documents may contain only one root.':
      return { expected: 'one root element', found: 'a second one' };
    case 'undefined entity.':
      return { expected: 'an entity XML defines (&amp; &lt; &gt; &quot; &apos; or a numeric reference)', found: 'another entity' };
    case 'disallowed character in tag name':
    case 'disallowed character in tag name.':
      return { expected: 'a tag name after "<"', found: 'a character names cannot hold' };
    case 'disallowed character in closing tag.':
      return { expected: 'a tag name and ">" after "</"', found: 'another character' };
    case 'unquoted attribute value.':
      return { expected: 'an attribute value in quotes', found: 'an unquoted value' };
    default:
      return { expected: 'well-formed XML', found: `an error (${message.replace(/\.$/, '')})` };
  }
}

/** `expected …, found … at line 7, column 3`. */
export function faultText(fault: XmlFault): string {
  return `expected ${fault.expected}, found ${fault.found} at line ${fault.line}, column ${fault.column}`;
}

/** The value of an attribute in a namespace whose URI matches `uri`, or null. */
export function attributeValue(element: XmlElement, uri: RegExp, local: string): string | null {
  for (const key in element.attributes) {
    const attribute = element.attributes[key]!;
    if (attribute.local === local && uri.test(attribute.uri)) return attribute.value;
  }
  return null;
}

/** Counts the forbidden characters read in one place (a thread, or the file) and reports the first. */
export class CharacterTally {
  private count = 0;
  private line = 0;
  private column = 0;

  add(line: number, column: number): void {
    if (this.count++ === 0) {
      this.line = line;
      this.column = column;
    }
  }

  /** A warning at the first character, or null when there were none. */
  diagnostic(): Diagnostic | null {
    if (this.count === 0) return null;
    const what = this.count === 1 ? 'a control character' : `${this.count} control characters (the first here)`;
    return { severity: 'warning', code: 'invalid-character', message: `expected characters XML allows, found ${what}: left out of the text`, line: this.line, column: this.column };
  }
}

/** The `hidden-comments` info diagnostic (`3 pending, 2 pingbacks not shown`), or null when nothing is hidden. */
export function hiddenDiagnostic(hidden: Partial<Record<HiddenKind, number>>, line: number | null, column: number | null): Diagnostic | null {
  const summary = hiddenSummary(hidden);
  return summary === '' ? null : { severity: 'info', code: 'hidden-comments', message: summary, line, column };
}

/** How a left-out comment is named in a reply's warning. */
const HIDDEN_AS: Record<HiddenKind, string> = {
  pending: 'held back as pending',
  spam: 'left out as spam',
  trash: 'left out as trashed',
  deleted: 'left out as deleted',
  pingback: 'left out as a pingback',
  trackback: 'left out as a trackback',
};

/**
 * Rewrites the `missing-parent` warnings of replies whose parent the source
 * holds but the tree leaves out (`hiddenIds`: the kind of each left-out
 * comment, by id), to say why the parent is missing.
 */
export function explainHiddenParents(thread: Thread, records: readonly CommentRecord[], hiddenIds: ReadonlyMap<string, HiddenKind>): void {
  if (hiddenIds.size === 0) return;
  const replies = new Map<string, { parentId: string; kind: HiddenKind }>();
  for (const record of records) {
    const kind = record.parentId === null ? undefined : hiddenIds.get(record.parentId);
    if (kind !== undefined) replies.set(`${record.line}:${record.column}`, { parentId: record.parentId!, kind });
  }
  if (replies.size === 0) return;
  for (const diagnostic of thread.diagnostics) {
    if (diagnostic.code !== 'missing-parent') continue;
    const key = `${diagnostic.line}:${diagnostic.column}`;
    const reply = replies.get(key);
    if (reply === undefined) continue;
    const comment = thread.comments.find((candidate) => `${candidate.line}:${candidate.column}` === key);
    if (comment === undefined) continue;
    diagnostic.message = `expected the comment that ${comment.id} answers ("${reply.parentId}") in the tree, found it ${HIDDEN_AS[reply.kind]}: ${comment.id} is shown as a top-level comment`;
  }
}
