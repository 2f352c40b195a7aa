/**
 * A deterministic generator of synthetic UKDJ-style pages for the benchmark:
 * its own vocabulary and sentence templates, threads of realistic size and
 * depth (bushy at the top, a few long chains), comments of about sixty words.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { seededRandom } from '../src/analyse/random.js';

const SUBJECTS = ['the government', 'the alliance', 'our navy', 'the army', 'Moscow', 'Kyiv', 'the treasury', 'the ministry', 'Washington', 'Berlin', 'the frigate programme', 'the reserves', 'the air force', 'the new tank', 'the budget'];
const VERBS = ['should fund', 'cannot afford', 'keeps delaying', 'will regret', 'needs to rebuild', 'has ignored', 'must protect', 'ought to reconsider', 'quietly cut', 'promised to deliver', 'refuses to explain', 'badly underestimated'];
const OBJECTS = ['the air defence order', 'more shells', 'the buffer zone idea', 'peace talks', 'long range missiles', 'the carrier group', 'our commitments', 'a proper reserve', 'the escalation risk', 'new drones', 'the training mission', 'the munitions factory'];
const OPENERS = ['Honestly', 'Spot on', 'Rubbish', 'Agreed', 'Not sure about that', 'Surely', 'Well', 'Look', 'Frankly', 'Sadly', 'Good point', 'Nonsense'];
const TAILS = ['and that is the real problem.', 'which nobody seems to admit.', 'before it is too late.', 'as usual.', 'and the figures prove it.', 'if we are serious about deterrence.', 'so why bother?', 'and everyone knows it!', 'or am I missing something?', 'which worries me.'];
const ASIDES = ['I served twenty years and never saw it this bad', 'the last review said the same', 'you only need to look at the map', 'ask anyone in the procurement office', 'the numbers on paper mean nothing', 'it happened in 2014 as well'];

function pick<T>(next: () => number, list: readonly T[]): T {
  return list[Math.floor(next() * list.length)]!;
}

function sentence(next: () => number): string {
  return `${pick(next, SUBJECTS)} ${pick(next, VERBS)} ${pick(next, OBJECTS)} ${pick(next, TAILS)}`;
}

/** About sixty words: an opener, three or four sentences, sometimes a second paragraph. */
function commentText(next: () => number): string[] {
  const first = `${pick(next, OPENERS)}, ${sentence(next)} ${capitalise(sentence(next))} ${capitalise(pick(next, ASIDES))}, ${sentence(next)}`;
  return next() < 0.3 ? [first, capitalise(sentence(next)) + ' ' + capitalise(sentence(next))] : [first];
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One page with `count` comments: a header, the count line, the tree, the reply form. */
export function generatePage(next: () => number, count: number, index: number): string {
  const lines = [`Debate ${index}: ${capitalise(pick(next, OBJECTS))} under review`, '', `by Staff Writer April ${1 + (index % 28)}, 2024`, '', capitalise(sentence(next)), '', `${count} COMMENTS`, ''];
  let depth = 0;
  let topLevel = 0;
  for (let c = 0; c < count; c++) {
    // Mostly short reply chains under each top-level comment, now and then a long one.
    depth = c === 0 || next() < 0.3 ? 0 : Math.min(depth + (next() < 0.6 ? 1 : 0), next() < 0.02 ? 12 : 5);
    if (depth > 0 && next() < 0.3) depth = Math.max(1, depth - 1);
    const indent = ' '.repeat(2 + 2 * depth);
    const [first, ...rest] = commentText(next);
    lines.push(depth === 0 ? `${indent}${++topLevel}. ${first}` : `${indent}• ${first}`);
    for (const paragraph of rest) lines.push('', `${indent}  ${paragraph}`);
    lines.push('');
  }
  lines.push('LEAVE A REPLY', '', 'Please enter your comment!');
  return lines.join('\n') + '\n';
}

/**
 * Writes `comments` comments into `dir` as pages of 40 to 160 comments (about
 * 100), or of exactly `perPage`; returns the files and bytes written.
 */
export function generateCorpus(dir: string, comments: number, seed = 20241122, perPage?: number): { files: string[]; bytes: number } {
  mkdirSync(dir, { recursive: true });
  const next = seededRandom(seed);
  const files: string[] = [];
  let bytes = 0;
  for (let index = 0, left = comments; left > 0; index++) {
    const count = Math.min(left, perPage ?? 40 + Math.floor(next() * 120));
    const text = generatePage(next, count, index);
    const file = path.join(dir, `page-${String(index).padStart(6, '0')}.txt`);
    writeFileSync(file, text);
    files.push(file);
    bytes += Buffer.byteLength(text);
    left -= count;
  }
  return { files, bytes };
}
