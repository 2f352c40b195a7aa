import { THREAD_FORMAT_VERSION, threadIdOf, type Article, type Diagnostic, type Thread } from '../model/index.js';
import { normalizeParseOptions, type NormalizedParseOptions, type ParseOptions } from '../options/index.js';
import { parseArticle } from './article.js';
import { parseCommentSection } from './comments.js';
import { decodeText } from './decode.js';
import { splitLines, type SourceLine } from './lines.js';
import { findCommentSection } from './section.js';


/**
 * Parses one page into a {@link Thread}: text (or the file's bytes, which are
 * decoded here) in, tree out. Problems with the text become diagnostics on the
 * thread; only misuse and undecodable (binary) input throw.
 */
export function parse(input: string | Uint8Array, options: ParseOptions = {}): Thread {
  const settings = normalizeParseOptions(options);
  const diagnostics: Diagnostic[] = [];
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else {
    const decoded = decodeText(input, settings.file);
    text = decoded.text;
    diagnostics.push(...decoded.diagnostics);
  }

  const lines = splitLines(text, settings.tabSize);
  if (lines.every((line) => line.content === '')) {
    diagnostics.push({ severity: 'warning', code: 'empty-input', message: 'expected a page, found an empty file', line: null, column: null });
  }

  const section = findCommentSection(lines);
  const countLine = section === null ? null : lines[section.countIndex]!;
  const article = parseArticle(
    { lines, end: section?.countIndex ?? lines.length, declaredCommentCount: section?.declaredCount ?? null, countLine },
    diagnostics,
  );

  let comments: Thread['comments'] = [];
  if (section === null || countLine === null) {
    diagnostics.push({
      severity: 'info',
      code: 'no-comment-section',
      message: 'expected a count line such as "33 COMMENTS", found none: the page has no comment section',
      line: null,
      column: null,
    });
  } else {
    comments = parseCommentSection(lines, section, diagnostics);
    checkCount(countLine, section.declaredCount, comments.length, diagnostics);
  }

  return {
    version: THREAD_FORMAT_VERSION,
    id: idOfFile(settings.file),
    file: settings.file,
    format: countLine === null ? 'article' : 'ukdj',
    article: applyOverrides(article, settings),
    comments,
    hidden: {},
    diagnostics: sortDiagnostics(diagnostics),
  };
}

function checkCount(countLine: SourceLine, declared: number, found: number, diagnostics: Diagnostic[]): void {
  if (declared === found) return;
  const gap = declared > found ? `${declared - found} not shown or not captured` : `${found - declared} more than declared`;
  diagnostics.push({
    severity: 'warning',
    code: 'count-mismatch',
    message: `the page declares ${declared} comment${declared === 1 ? '' : 's'} but ${found} ${found === 1 ? 'was' : 'were'} found (${gap})`,
    line: countLine.number,
    column: countLine.contentStart + 1,
  });
}

/** Sidecar values replace the page's, flags replace both; each records its origin. */
function applyOverrides(article: Article, settings: NormalizedParseOptions): Article {
  return overrideArticle(article, settings.overrides);
}

/** The article with the sidecar's fields, then the flags', put in place of the page's, each with its origin. */
export function overrideArticle(article: Article, overrides: NormalizedParseOptions['overrides']): Article {
  const result: Article = { ...article, sources: { ...article.sources } };
  for (const from of ['sidecar', 'flag'] as const) {
    for (const [field, value] of Object.entries(overrides[from]) as [keyof typeof overrides.flag, string][]) {
      result[field] = value;
      result.sources[field] = { from, line: null, column: null };
    }
  }
  return result;
}

/** Diagnostics in document order (whole-file ones first), so output never depends on detection order. */
function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((diagnostic, order) => ({ diagnostic, order }))
    .sort((a, b) => (a.diagnostic.line ?? 0) - (b.diagnostic.line ?? 0) || (a.diagnostic.column ?? 0) - (b.diagnostic.column ?? 0) || a.order - b.order)
    .map(({ diagnostic }) => diagnostic);
}

/** A page's id: its file name without folders and extension, as {@link threadIdOf} makes it. */
export function idOfFile(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return threadIdOf(base.replace(/\.[^.]+$/, '') || base);
}
