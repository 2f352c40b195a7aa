/**
 * Runs many regular expressions over a comment without scanning it once per
 * pattern. Each pattern's possible first words are read from its source
 * ("\b(?:hope|wish)s? …" starts with hope, hopes, wish or wishes); the
 * comment's words are looked up in a map of those, and a pattern is tried
 * only where one of its first words starts, as a sticky match at that
 * position. A pattern whose start cannot be read that way (no leading `\b`,
 * a class or `\w` first, a top-level choice too wide) is scanned as usual.
 * A pattern is also skipped outright when the text lacks a literal run it
 * cannot match without ("waste of").
 */

type Node =
  | { type: 'char'; char: string; min: number; max: number }
  | { type: 'group'; options: Node[][]; min: number; max: number }
  | { type: 'zero'; boundary: boolean }
  | { type: 'any'; min: number; max: number };

/** Parses the subset of regex syntax that matters here; throws on what it does not follow. */
class Parser {
  private i = 0;
  constructor(private readonly source: string) {}

  parse(): Node[][] {
    const options = this.alternation();
    if (this.i !== this.source.length) throw new Error('unbalanced');
    return options;
  }

  private alternation(): Node[][] {
    const options = [this.sequence()];
    while (this.source[this.i] === '|') {
      this.i++;
      options.push(this.sequence());
    }
    return options;
  }

  private sequence(): Node[] {
    const items: Node[] = [];
    while (this.i < this.source.length && this.source[this.i] !== '|' && this.source[this.i] !== ')') items.push(this.item());
    return items;
  }

  private item(): Node {
    const source = this.source;
    const char = source[this.i]!;
    if (char === '(') {
      this.i++;
      let look = false;
      if (source.startsWith('?:', this.i)) this.i += 2;
      else if (source.startsWith('?=', this.i) || source.startsWith('?!', this.i)) (this.i += 2), (look = true);
      else if (source.startsWith('?<=', this.i) || source.startsWith('?<!', this.i)) (this.i += 3), (look = true);
      else if (source.startsWith('?<', this.i)) this.i = source.indexOf('>', this.i) + 1;
      else if (source[this.i] === '?') throw new Error('group');
      const options = this.alternation();
      if (source[this.i] !== ')') throw new Error('unbalanced');
      this.i++;
      if (look) return { type: 'zero', boundary: false };
      return { type: 'group', options, ...this.quantifier() };
    }
    if (char === '[') {
      this.i++;
      if (source[this.i] === '^') this.i++;
      if (source[this.i] === ']') this.i++;
      while (this.i < source.length && source[this.i] !== ']') this.i += source[this.i] === '\\' ? 2 : 1;
      if (source[this.i] !== ']') throw new Error('class');
      this.i++;
      return { type: 'any', ...this.quantifier() };
    }
    if (char === '\\') {
      const next = source[this.i + 1];
      if (next === undefined) throw new Error('escape');
      this.i += 2;
      if (next === 'b') return { type: 'zero', boundary: true };
      if (next === 'B') return { type: 'zero', boundary: false };
      if ((next === 'p' || next === 'P' || next === 'u' || next === 'k') && (source[this.i] === '{' || source[this.i] === '<')) {
        const close = source.indexOf(source[this.i] === '{' ? '}' : '>', this.i);
        if (close === -1) throw new Error('escape');
        this.i = close + 1;
        return { type: 'any', ...this.quantifier() };
      }
      if (next === 'u') this.i += 4;
      else if (next === 'x') this.i += 2;
      else if (next === 'c') this.i += 1;
      if (/[a-zA-Z0-9]/.test(next)) return { type: 'any', ...this.quantifier() };
      return { type: 'char', char: next, ...this.quantifier() };
    }
    this.i++;
    if (char === '.') return { type: 'any', ...this.quantifier() };
    if (char === '^') return { type: 'zero', boundary: false };
    if (char === '$') return { type: 'zero', boundary: true };
    return { type: 'char', char, ...this.quantifier() };
  }

  private quantifier(): { min: number; max: number } {
    const source = this.source;
    let min = 1;
    let max = 1;
    const char = source[this.i];
    if (char === '?') [min, max] = [0, 1];
    else if (char === '*') [min, max] = [0, Infinity];
    else if (char === '+') [min, max] = [1, Infinity];
    else if (char === '{') {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(this.i, this.i + 24));
      if (!match) return { min, max };
      min = Number(match[1]);
      max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
      this.i += match[0].length - 1;
    } else return { min, max };
    this.i++;
    if (source[this.i] === '?') this.i++;
    return { min, max };
  }
}

interface Lead {
  text: string;
  /** The first word ends there (a boundary or a non-word character follows). */
  whole: boolean;
}

const MAX_LEADS = 2000;
const WORD_CHAR = /[a-z0-9\u00df-\u024f'*]/;
const ANY_NODE: Node = { type: 'any', min: 1, max: 1 };

/** The possible first words of a sequence (whole words, or prefixes of the word), or null where unknowable. */
function leads(sequence: Node[], prefix: string, out: Lead[]): boolean {
  if (out.length > MAX_LEADS) return false;
  for (let index = 0; index < sequence.length; index++) {
    const node = sequence[index]!;
    if (node.type === 'zero') {
      if (node.boundary && prefix !== '') {
        out.push({ text: prefix, whole: true });
        return true;
      }
      continue;
    }
    if (node.type === 'any') {
      if (prefix === '') return false;
      out.push({ text: prefix, whole: false });
      return true;
    }
    if (node.type === 'char') {
      const isWord = WORD_CHAR.test(node.char) && (prefix !== '' || (node.char !== "'" && node.char !== '*'));
      if (!isWord) {
        if (prefix === '') return false;
        out.push({ text: prefix, whole: true });
        // An optional separator ("body ?bag") may also be left out: the word then goes on.
        return node.min === 0 ? leads(sequence.slice(index + 1), prefix, out) : true;
      }
      if (node.min === 1 && node.max === 1) {
        prefix += node.char;
        continue;
      }
      const rest = sequence.slice(index + 1);
      if (node.min === 0 && node.max === 1) return leads(rest, prefix + node.char, out) && leads(rest, prefix, out);
      if (prefix === '' && node.min === 0) return false;
      out.push({ text: prefix + (node.min >= 1 ? node.char : ''), whole: false });
      return true;
    }
    const rest = sequence.slice(index + 1);
    let ok = true;
    for (const option of node.options) ok = ok && leads(node.max > 1 ? [...option, ANY_NODE] : [...option, ...rest], prefix, out);
    if (node.min === 0) ok = ok && leads(rest, prefix, out);
    return ok;
  }
  if (prefix === '') return false;
  out.push({ text: prefix, whole: false });
  return true;
}

/**
 * Runs `read` on each top-level option of a pattern that starts at a word
 * boundary (after any lookbehind); false where the pattern does not parse,
 * an option does not start so, or `read` gives up.
 */
function readOptions(source: string, read: (option: Node[]) => boolean): boolean {
  let options: Node[][];
  try {
    options = new Parser(source).parse();
  } catch {
    return false;
  }
  // Only patterns that start at a word boundary (after any lookbehind) are tried at word starts.
  for (const option of options) {
    const first = option.find((node) => !(node.type === 'zero' && !node.boundary));
    if (!first || first.type !== 'zero' || !first.boundary || !read(option)) return false;
  }
  return true;
}

/** The first words of a pattern that starts at a word boundary, or null. */
export function firstWords(source: string): Lead[] | null {
  const out: Lead[] = [];
  return readOptions(source, (option) => leads(option, '', out)) && out.length > 0 ? out : null;
}

/** What must follow a pattern's first word: the possible second words, or null where anything may. */
interface Second {
  whole: Set<string>;
  prefixes: string[];
}

interface LeadPair {
  first: Lead;
  second: Lead | null;
}

const MAX_PAIRS = 4000;

/**
 * The possible first words of a sequence, each with the second word that can
 * follow it after a single space (null: anything may follow, or nothing can
 * be said). Stage 0 reads the first word, 1 the separator after a whole
 * first word, 2 the second word. Returns false where the first word is
 * unknowable (as {@link leads}).
 */
function leadPairs(sequence: Node[], stage: 0 | 1 | 2, first: Lead | null, prefix: string, out: LeadPair[]): boolean {
  if (out.length > MAX_PAIRS) return false;
  // A second word is checked against the next token: it stops before a joining character the tokenizer may not join.
  const pushSecond = (text: string, whole: boolean): void => {
    const cut = text.search(/['*]/);
    out.push({ first: first!, second: text === '' || cut === 0 ? null : cut === -1 ? { text, whole } : { text: text.slice(0, cut), whole: false } });
  };
  // Anything may come from here (a class, \w, the end of the pattern): the word read so far is a prefix.
  const openEnd = (): boolean => {
    if (stage === 0) {
      if (prefix === '') return false;
      out.push({ first: { text: prefix, whole: false }, second: null });
    } else if (stage === 1) out.push({ first: first!, second: null });
    else pushSecond(prefix, false);
    return true;
  };
  for (let index = 0; index < sequence.length; index++) {
    const node = sequence[index]!;
    const rest = (): Node[] => sequence.slice(index + 1);
    if (node.type === 'zero') {
      if (!node.boundary) continue;
      if (stage === 0 && prefix !== '') {
        first = { text: prefix, whole: true };
        stage = 1;
        prefix = '';
      } else if (stage === 2 && prefix !== '') {
        pushSecond(prefix, true);
        return true;
      }
      continue;
    }
    if (node.type === 'any') return openEnd();
    if (node.type === 'char') {
      const isWord = WORD_CHAR.test(node.char) && (prefix !== '' || (node.char !== "'" && node.char !== '*'));
      if (stage === 1) {
        if (node.char === ' ' && node.min === 1 && node.max === 1) {
          stage = 2;
          continue;
        }
        out.push({ first: first!, second: null });
        return true;
      }
      if (!isWord) {
        if (prefix === '') {
          if (stage === 0) return false;
          out.push({ first: first!, second: null });
          return true;
        }
        if (stage === 2) {
          pushSecond(prefix, true);
          return node.min === 0 ? leadPairs(rest(), 2, first, prefix, out) : true;
        }
        const lead = { text: prefix, whole: true };
        let ok = true;
        if (node.char === ' ' && node.max === 1) ok = leadPairs(rest(), 2, lead, '', out);
        else out.push({ first: lead, second: null });
        return node.min === 0 ? ok && leadPairs(rest(), 0, null, prefix, out) : ok;
      }
      if (node.min === 1 && node.max === 1) {
        prefix += node.char;
        continue;
      }
      if (node.min === 0 && node.max === 1) return leadPairs(rest(), stage, first, prefix + node.char, out) && leadPairs(rest(), stage, first, prefix, out);
      if (stage === 0) {
        if (prefix === '' && node.min === 0) return false;
        out.push({ first: { text: prefix + (node.min >= 1 ? node.char : ''), whole: false }, second: null });
      } else pushSecond(prefix + (node.min >= 1 ? node.char : ''), false);
      return true;
    }
    let ok = true;
    for (const option of node.options) ok = ok && leadPairs(node.max > 1 ? [...option, ANY_NODE] : [...option, ...rest()], stage, first, prefix, out);
    if (node.min === 0) ok = ok && leadPairs(rest(), stage, first, prefix, out);
    return ok;
  }
  return openEnd();
}

/**
 * The first words of a pattern that starts at a word boundary, each with what
 * may follow it, or null (as {@link firstWords}).
 */
function firstWordPairs(source: string): Map<string, { first: Lead; second: Second | null }> | null {
  const out: LeadPair[] = [];
  if (!readOptions(source, (option) => leadPairs(option, 0, null, '', out)) || out.length === 0) return null;
  const byFirst = new Map<string, { first: Lead; second: Second | null }>();
  for (const { first, second } of out) {
    const key = `${first.whole}:${first.text}`;
    let entry = byFirst.get(key);
    if (!entry) byFirst.set(key, (entry = { first, second: { whole: new Set(), prefixes: [] } }));
    // Only a whole first word is followed by a known token; after a prefix anything may come.
    if (second === null || !first.whole) entry.second = null;
    else if (entry.second !== null) {
      if (second.whole) entry.second.whole.add(second.text);
      else entry.second.prefixes.push(second.text);
    }
  }
  return byFirst;
}

/** a-z, 0-9 and _: where \b cannot fall inside a word. */
const isPlainWordCode = (code: number): boolean => (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95;

/** No character after the first where {@link FirstWordEntry.secondsFor} would try a shorter second word. */
function isPlainWord(token: string): boolean {
  for (let i = 1; i < token.length; i++) if (!isPlainWordCode(token.charCodeAt(i))) return false;
  return true;
}

/** The patterns a whole first word can start: those after which anything may follow, and those whose second word is known. */
class FirstWordEntry {
  readonly any: number[] = [];
  private readonly bySecond = new Map<string, number[]>();
  private readonly bySecondPrefix: Array<[string, number]> = [];

  add(id: number, second: Second | null): void {
    if (second === null) {
      this.any.push(id);
      return;
    }
    for (const word of second.whole) {
      const list = this.bySecond.get(word) ?? [];
      if (!list.includes(id)) list.push(id);
      this.bySecond.set(word, list);
    }
    for (const prefix of new Set(second.prefixes)) this.bySecondPrefix.push([prefix, id]);
  }

  /** What was tried after each next token (bounded): the token's answer from {@link secondsFor} merged with `any`, in order. */
  private readonly tried = new Map<string, readonly number[]>();

  /** The patterns to try at this first word, given the next token (undefined at the end of the text), in the order they were added. */
  idsFor(next: string | undefined): readonly number[] {
    // No pattern of this word names its second word: the next token changes nothing.
    if (next === undefined || (this.bySecond.size === 0 && this.bySecondPrefix.length === 0)) return this.any;
    // The common case, without the memo: a plain next word that is no second word here (see secondsFor).
    if (this.bySecondPrefix.length === 0 && isPlainWord(next) && !this.bySecond.has(next)) return this.any;
    let ids = this.tried.get(next);
    if (ids === undefined) {
      const more = this.secondsFor(next);
      ids = more === null ? this.any : [...new Set([...this.any, ...more])].sort((a, b) => a - b);
      if (this.tried.size >= 4096) this.tried.clear();
      this.tried.set(next, ids);
    }
    return ids;
  }

  /**
   * The patterns whose second word the next token can be, or null if none.
   * A whole second word also fits a token that goes on where \b can fall
   * ("russians's", "russiansé": the tokenizer joins what \b stops at).
   */
  private secondsFor(token: string): number[] | null {
    if (this.bySecond.size === 0 && this.bySecondPrefix.length === 0) return null;
    let found: number[] | null = null;
    const take = (ids: readonly number[]): void => {
      found ??= [];
      for (const id of ids) if (!found.includes(id)) found.push(id);
    };
    const exact = this.bySecond.get(token);
    if (exact !== undefined) take(exact);
    for (let end = 1; end < token.length; end++) {
      if (isPlainWordCode(token.charCodeAt(end))) continue;
      const ids = this.bySecond.get(token.slice(0, end));
      if (ids !== undefined) take(ids);
    }
    for (const [prefix, id] of this.bySecondPrefix) if (token.startsWith(prefix)) take([id]);
    return found;
  }
}

/** Literal runs a pattern cannot match without (only from a pattern with a single top-level option). */
export function requiredLiterals(source: string): string[] {
  let options: Node[][];
  try {
    options = new Parser(source).parse();
  } catch {
    return [];
  }
  if (options.length !== 1) return [];
  const out: string[] = [];
  let run = '';
  const flush = (): void => {
    if (run.trim().length >= 3) out.push(run.trim());
    run = '';
  };
  for (const node of options[0]!) {
    if (node.type === 'char' && node.min >= 1) {
      run += node.char;
      if (node.max !== 1) flush();
    } else if (node.type === 'zero') continue;
    else flush();
  }
  flush();
  return out;
}

/** One pattern as the index runs it. */
export interface IndexedPattern<T> {
  value: T;
  /** Global (for a scan) and sticky (for a try at one position) forms. */
  global: RegExp;
  sticky: RegExp;
  literals: string[];
}

export interface PatternMatch<T> {
  value: T;
  index: number;
  text: string;
}

function containsAll(text: string, literals: readonly string[]): boolean {
  for (const literal of literals) if (!text.includes(literal)) return false;
  return true;
}

/** One call of {@link PatternIndex.matches}: the text, what was found, and per pattern whether its literals are there (0 not yet known, 1 yes, -1 no) and where its last match ended. */
interface MatchRun<T> {
  text: string;
  out: PatternMatch<T>[];
  state: Int8Array;
  until: Float64Array;
}

/** Patterns indexed by their first words; `matches` returns every match of every pattern, non-overlapping per pattern. */
export class PatternIndex<T> {
  private readonly patterns: IndexedPattern<T>[] = [];
  /**
   * Per whole first word, the patterns it can start: those after which
   * anything may follow, those whose second word is known (by that word),
   * and those whose second word starts a certain way.
   */
  private readonly whole = new Map<string, FirstWordEntry>();
  private readonly prefixes = new Map<string, Array<[string, number]>>();
  private readonly scanned: number[] = [];

  add(source: string, regex: RegExp, value: T): void {
    const id = this.patterns.length;
    const flags = regex.flags.replace(/[gy]/g, '');
    this.patterns.push({ value, global: new RegExp(regex.source, `${flags}g`), sticky: new RegExp(regex.source, `${flags}y`), literals: requiredLiterals(source) });
    // The first words with their second ones where they can be read; else the first words alone.
    const leads = firstWords(source);
    if (leads === null) {
      this.scanned.push(id);
      return;
    }
    const pairs = firstWordPairs(source) ?? new Map(leads.map((lead) => [`${lead.whole}:${lead.text}`, { first: lead, second: null }]));
    for (const { first: lead, second } of pairs.values()) {
      if (lead.whole) {
        let entry = this.whole.get(lead.text);
        if (!entry) this.whole.set(lead.text, (entry = new FirstWordEntry()));
        entry.add(id, second);
      } else {
        const list = this.prefixes.get(lead.text[0]!) ?? [];
        list.push([lead.text, id]);
        this.prefixes.set(lead.text[0]!, list);
      }
    }
  }

  get size(): number {
    return this.patterns.length;
  }

  /** Every match in `text`, given its words (raw lower-case forms) and their start offsets. */
  matches(text: string, words: readonly string[], starts: readonly number[]): PatternMatch<T>[] {
    const out: PatternMatch<T>[] = [];
    if (this.patterns.length === 0) return out;
    const run: MatchRun<T> = { text, out, state: new Int8Array(this.patterns.length), until: new Float64Array(this.patterns.length) };
    const hasPrefixes = this.prefixes.size > 0;
    for (let i = 0; i < words.length; i++) {
      const word = words[i]!;
      const at = starts[i]!;
      const exact = this.whole.get(word);
      // A pattern whose second word is known is tried only where the next token can be it.
      if (exact !== undefined) for (const id of exact.idsFor(words[i + 1])) this.tryAt(run, id, at);
      if (!hasPrefixes) continue;
      const prefixes = this.prefixes.get(word[0]!);
      if (prefixes !== undefined) for (const [prefix, id] of prefixes) if (word.startsWith(prefix)) this.tryAt(run, id, at);
    }
    for (const id of this.scanned) {
      if (!this.ready(run, id)) continue;
      const pattern = this.patterns[id]!;
      pattern.global.lastIndex = 0;
      for (const match of text.matchAll(pattern.global)) if (match[0].length > 0) out.push({ value: pattern.value, index: match.index, text: match[0] });
    }
    return out;
  }

  /** Whether the text holds every literal run the pattern needs (looked at once per text). */
  private ready(run: MatchRun<T>, id: number): boolean {
    if (run.state[id] === 0) run.state[id] = containsAll(run.text, this.patterns[id]!.literals) ? 1 : -1;
    return run.state[id] === 1;
  }

  /** Tries pattern `id` at one position, unless its last match covers it. */
  private tryAt(run: MatchRun<T>, id: number, at: number): void {
    if (at < run.until[id]! || !this.ready(run, id)) return;
    const pattern = this.patterns[id]!;
    pattern.sticky.lastIndex = at;
    const match = pattern.sticky.exec(run.text);
    if (match === null || match[0].length === 0) return;
    run.until[id] = at + match[0].length;
    run.out.push({ value: pattern.value, index: at, text: match[0] });
  }
}
