import type { Article, ArticleField, Diagnostic, FieldSource } from '../model/index.js';
import type { SourceLine } from './lines.js';
import { findDate } from './dates.js';
import { detectSite } from './sites.js';

/** Lines longer than this are body text, never metadata: keeps every regex here cheap. */
const MAX_METADATA_LENGTH = 300;
/** How many non-blank lines from the top may hold the title. */
const TITLE_WINDOW = 40;

/** Whole lines that are page furniture wherever they appear. */
const FURNITURE_LINE = [
  /^(?:skip to (?:main )?content|edit post|navigation|menu|search|share|print|advertisement|subscribe)$/i,
  /^(?:copyright\b|©)/i,
  /^share (?:on|via|this)\b/i,
  /^home\s*[»›>|\/]/i,
  /^the work of .{1,80} is supported by\b/i,
  /^when referencing our materials\b/i,
  /^privacy\b.{0,40}polic(?:y|ies)\.?$/i,
  /^(?:this site|we) uses? cookies\b/i,
  /^(?:join|follow) (?:us|our)\b.{0,120}\b(?:telegram|twitter|facebook|channel|community)\b/i,
  /^subscribe to\b.{0,80}\bnewsletter\b/i,
  /^news from .{1,60} in your inbox$/i,
  /^\*?\s*indicates required$/i,
  /^enter your email\b/i,
  /^please,? enter (?:a )?(?:correct|valid) email/i,
  /^success(?:ful+y)? subscribed$/i,
  /^thank you for signing up\b/i,
  /^you could close this page\b/i,
  /^to suggest a correction\b/i,
  /^you can also highlight the text\b/i,
  /^please leave your suggestions\b/i,
  /^this audio is created with ai\b/i,
  /^source:/i,
  /^\d+ min read$/i,
  /^please enter your (?:comment|name|email)\b/i,
  /^(?:support|donate to) (?:us|our)\b.{0,80}$/i,
];

/** Headings after which the rest of the page is furniture ("Related", news feeds…). */
const CUT_OFF_HEADING = /^(?:related(?: posts| articles| news| stories)?|read (?:more|also)|see also|more news|news feed|editors'? picks|most popular|latest news)\s*:?$/i;

/** A photo caption or credit line. */
const CAPTION = /(?:\bphoto(?:graph)?:\s|\((?:[^()]{0,200}\/[^()]{0,200}|[^()]{0,200}\bvia\b[^()]{0,200})\)$)/i;

/** `by NAME …`, `Author: NAME`, `Written by NAME`. */
const BYLINE = /^(?:by|written by|author:)\s+(.+)$/i;
/** A dateline such as `date 2025-11-09 …` or `Published: April 3, 2024`. */
const DATELINE = /^(?:date|published|posted|updated|last updated)(?:\s+on)?\s*:?\s+/i;
/** `… April 3, 2024 by Lisa West`: the author after a date. */
const BY_AFTER_DATE = /^\s*,?\s*by\s+(.+)$/i;
/** A name of two to four capitalised words, for author boxes. */
const PERSON_NAME = /^\p{Lu}[\p{L}'’.-]+(?: \p{Lu}[\p{L}'’.-]+){1,3}$/u;

export interface ArticleInput {
  lines: SourceLine[];
  /** Index of the first line that is no longer article (the count line, or lines.length). */
  end: number;
  declaredCommentCount: number | null;
  countLine: SourceLine | null;
}

type Found = { value: string; line: SourceLine };

/**
 * Reads the article's metadata and body from the lines above the comments.
 * Heuristics stay local to this file: each field is found by its own small rule
 * and records the line it came from.
 */
export function parseArticle(input: ArticleInput, diagnostics: Diagnostic[]): Article {
  const lines = input.lines.slice(0, input.end).filter((line) => line.content !== '');
  const dateline = findDateline(lines);
  const title = findTitle(lines, dateline);
  const byline = findByline(lines);
  const authorBox = byline === null && input.countLine !== null ? findAuthorBox(lines) : null;
  const fields: Record<ArticleField, Found | null> = {
    title,
    author: byline ?? authorBox,
    date: dateline ?? (byline?.date ? { value: byline.date, line: byline.line } : null),
    // Sites name themselves in furniture and bylines; the body may quote other outlets.
    site: detectSite(lines.filter((line) => line === byline?.line || line === dateline?.line || isFurniture(line.content))),
  };

  if (title === null) {
    diagnostics.push({
      severity: 'info',
      code: 'no-title',
      message: 'expected a headline near the top of the page, found none; give one with --title or a sidecar',
      line: null,
      column: null,
    });
  }

  const sources: Article['sources'] = {};
  for (const field of Object.keys(fields) as ArticleField[]) {
    const found = fields[field];
    if (found) sources[field] = pageSource(found.line);
  }
  if (input.countLine) sources.declaredCommentCount = pageSource(input.countLine);

  const skip = new Set<SourceLine>([...(authorBox?.lines ?? []), ...[dateline?.line, byline?.line].filter((line) => line !== undefined)]);
  return {
    title: title?.value ?? null,
    author: fields.author?.value ?? null,
    date: fields.date?.value ?? null,
    site: fields.site?.value ?? null,
    declaredCommentCount: input.declaredCommentCount,
    ...articleBody(input.lines.slice(0, input.end), title?.value ?? null, skip),
    sources,
  };
}

function pageSource(line: SourceLine): FieldSource {
  return { from: 'page', line: line.number, column: line.contentStart + 1 };
}

function isFurniture(text: string): boolean {
  return text.length <= MAX_METADATA_LENGTH && (FURNITURE_LINE.some((pattern) => pattern.test(text)) || CAPTION.test(text));
}

/** A dateline: a line opening with a date keyword, or a line that is only a date. */
function findDateline(lines: SourceLine[]): (Found & { rest: string }) | null {
  for (const line of lines.slice(0, TITLE_WINDOW)) {
    const text = line.content;
    if (text.length > MAX_METADATA_LENGTH) continue;
    const keyword = DATELINE.exec(text);
    const date = findDate(text);
    if (date === null) continue;
    const onlyDate = text.slice(0, date.index).trim() === '' && text.slice(date.index + date.length).trim() === '';
    if ((keyword && date.index === keyword[0].length) || onlyDate) {
      return { value: date.iso, line, rest: text.slice(date.index + date.length).trim() };
    }
  }
  return null;
}

/**
 * The headline: among the first lines that look like one (3–30 words, not a
 * sentence, not furniture), a line the page prints twice wins (pages repeat
 * their headline in the breadcrumb or the share box); else the first.
 */
function findTitle(lines: SourceLine[], dateline: (Found & { rest: string }) | null): Found | null {
  const window = lines.slice(0, TITLE_WINDOW);
  const candidates: Found[] = [];
  for (const line of window) {
    const text = line === dateline?.line ? dateline.rest : line.content;
    if (looksLikeHeadline(text)) candidates.push({ value: text, line });
  }
  const seen = new Map<string, number>();
  for (const line of window) {
    const text = line === dateline?.line ? dateline.rest : line.content;
    seen.set(text, (seen.get(text) ?? 0) + 1);
  }
  return candidates.find((candidate) => (seen.get(candidate.value) ?? 0) > 1) ?? candidates[0] ?? null;
}

function looksLikeHeadline(text: string): boolean {
  if (text.length > 250 || isFurniture(text) || BYLINE.test(text) || /^[•◦▪*-]/.test(text)) return false;
  const words = text.split(/\s+/).length;
  if (words < 3 || words > 30) return false;
  const lastLetter = text.replace(/["'’”»)\]]+$/u, '').slice(-1);
  return !/[.,;:]/.test(lastLetter) && findDate(text)?.index !== 0;
}

/**
 * The byline, in the shapes pages print it: `by Kateryna Denisova and The Kyiv
 * Independent news desk April 3, 2024 2:44 PM 2 min read`, `Posted on April 3,
 * 2024 by Lisa West`, `George Allison - April 29, 2024`.
 */
function findByline(lines: SourceLine[]): (Found & { date: string | null }) | null {
  for (const line of lines.slice(0, TITLE_WINDOW)) {
    const text = line.content;
    if (text.length > MAX_METADATA_LENGTH) continue;
    const leading = BYLINE.exec(text);
    if (leading) {
      const date = findDate(leading[1]!);
      const author = cleanAuthor(date ? leading[1]!.slice(0, date.index) : leading[1]!);
      if (looksLikeAuthor(author)) return { value: author, date: date?.iso ?? null, line };
      continue;
    }
    const date = findDate(text);
    if (date === null) continue;
    const after = BY_AFTER_DATE.exec(text.slice(date.index + date.length));
    const author = cleanAuthor(after ? after[1]! : text.slice(0, date.index));
    if (after ? looksLikeAuthor(author) : PERSON_NAME.test(author)) return { value: author, date: date.iso, line };
  }
  return null;
}

function cleanAuthor(text: string): string {
  return text.replace(/\s*\d+\s+min(?:ute)?s? read\s*$/i, '').replace(/[\s,|·–-]+$/u, '').replace(/^[\s,|·–-]+/u, '').trim();
}

/** A name or a list of names: capitalised, short, no digits, not a sentence. */
function looksLikeAuthor(text: string): boolean {
  const words = text.split(/\s+/);
  return /^\p{Lu}/u.test(text) && words.length <= 12 && !/\d/.test(text) && !/[.!?;:]$/.test(text) && !/[!?;]/.test(text);
}

/**
 * An author box, which WordPress themes put right above the comments: the
 * last two lines of the article are a name and a biography that starts with
 * the name's first word ("Lisa West" / "Lisa has a degree in …").
 */
function findAuthorBox(lines: SourceLine[]): (Found & { lines: SourceLine[] }) | null {
  const [nameLine, bio] = lines.slice(-2);
  if (nameLine === undefined || bio === undefined || !PERSON_NAME.test(nameLine.content)) return null;
  const firstName = nameLine.content.split(' ')[0]!;
  if (!bio.content.startsWith(`${firstName} `) || bio.content.split(/\s+/).length < 8) return null;
  return { value: nameLine.content, line: nameLine, lines: [nameLine, bio] };
}

/**
 * The article's paragraphs: blank lines separate them, furniture, captions,
 * the headline, byline and dateline are left out, repeated short lines are kept
 * once, and everything after a "Related"-style heading is dropped.
 */
function articleBody(lines: SourceLine[], title: string | null, skip: Set<SourceLine>): { body: string; omittedLines: number[] } {
  const paragraphs: string[][] = [];
  const omittedLines: number[] = [];
  const seenShort = new Set<string>();
  let paragraph: string[] = [];
  const close = (): void => {
    if (paragraph.length > 0) paragraphs.push(paragraph);
    paragraph = [];
  };
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    const text = line.content;
    if (text === '') {
      close();
      continue;
    }
    if (CUT_OFF_HEADING.test(text) && (paragraphs.length > 0 || paragraph.length > 0)) {
      for (const rest of lines.slice(index)) if (rest.content !== '') omittedLines.push(rest.number);
      break;
    }
    const repeated = text.length <= 80 && seenShort.has(text);
    if (skip.has(line) || text === title || isFurniture(text) || CUT_OFF_HEADING.test(text) || /^[•◦▪*-]$/.test(text) || repeated) {
      omittedLines.push(line.number);
      continue;
    }
    if (text.length <= 80) seenShort.add(text);
    paragraph.push(text);
  }
  close();
  return { body: paragraphs.map((lines) => lines.join('\n')).join('\n\n'), omittedLines };
}
