import type { Stance, StanceScore, StanceTarget } from '../model/index.js';
import { memoise } from './cache.js';
import { loadJson } from './json.js';
import { scoreSentiment } from './sentiment.js';
import { addressedName, normaliseText, tokenize } from './text.js';

export const STANCES: readonly Stance[] = ['agree', 'disagree', 'query', 'neutral'];

/**
 * A multinomial logistic regression over the features below, fitted on the
 * RumourEval 2017 train and dev replies by `npm run train`.
 */
export interface StanceModel {
  classes: readonly Stance[];
  bias: readonly number[];
  weights: ReadonlyMap<string, readonly number[]>;
  /** Weight of the rule layer's votes (data/stance.json `ruleVotes`) added to the class scores. */
  ruleWeight: number;
}

interface StanceData {
  agreeOpenings: string[];
  disagreeOpenings: string[];
  denialWords: string[];
  supportWords: string[];
  contradictionPhrases: string[];
  queryOpenings: string[];
  sarcasmMarkers: string[];
  rhetoricalQuestions: string[];
  agreePhrases: string[];
  ruleVotes: Record<string, Partial<Record<Stance, number>> | string>;
}

const CUES = loadJson('./data/stance.json') as StanceData;
const stored = loadJson('./models/stance.json') as { classes: Stance[]; bias: number[]; weights: Record<string, number[]>; ruleWeight: number };

export const DEFAULT_STANCE_MODEL: Readonly<StanceModel> = Object.freeze({
  classes: stored.classes,
  bias: stored.bias,
  weights: new Map(Object.entries(stored.weights)),
  ruleWeight: stored.ruleWeight,
});

/** Rule votes per cue feature (`cue:agree-opening` → { agree: 1 }). */
const RULE_VOTES = new Map(
  Object.entries(CUES.ruleVotes)
    .filter((entry): entry is [string, Partial<Record<Stance, number>>] => typeof entry[1] === 'object')
    .map(([cue, votes]) => [`cue:${cue}`, votes]),
);

const URL = /\bhttps?:\/\/\S+|\bwww\.\S+/gi;
const MENTION = /@\w+/g;
const STOPWORDS = new Set(
  'the a an and or but of to in on at for with by from is are was were be been it its this that these those they them their there here we our you your he she his her i me my not no so as if then than just about what which who how why when xurl xmention'.split(' '),
);

/** A cue feature and the words that triggered it, for the reasons shown to people. */
export interface StanceFeatures {
  features: string[];
  reasons: Map<string, string>;
}

/**
 * The features of a reply (and of what it answers): its words and word pairs,
 * its opening, the cue lists of data/stance.json, questions, sentiment, and
 * how much it shares with the parent.
 */
export function stanceFeatures(reply: string, parent: string | null, target: StanceTarget): StanceFeatures {
  const features = new Set<string>();
  const reasons = new Map<string, string>();
  const cue = (name: string, reason: string): void => {
    features.add(`cue:${name}`);
    if (!reasons.has(`cue:${name}`)) reasons.set(`cue:${name}`, reason);
  };
  const tokens = stanceTokens(reply);
  const words = tokens.filter((token) => token.kind === 'word' || token.kind === 'emoticon' || token.kind === 'emoji').map((token) => token.lower);
  while (words[0] === 'xmention') words.shift();
  const joined = ` ${words.join(' ')} `;
  const present = new Set(words);

  for (const word of words) features.add(`w:${/^\d+$/.test(word) ? '#num' : word}`);
  for (let i = 0; i + 1 < words.length; i++) features.add(`b:${words[i]}_${words[i + 1]}`);
  if (words[0] !== undefined) features.add(`o1:${words[0]}`);
  if (words[1] !== undefined) features.add(`o2:${words[0]}_${words[1]}`);

  const opening = words.slice(0, 3).join(' ');
  const startsWith = (phrase: string): boolean => opening === phrase || opening.startsWith(`${phrase} `);
  const contains = (phrase: string): boolean => (phrase.includes(' ') ? joined.includes(` ${phrase} `) : present.has(phrase));
  // Emoji markers are matched in the raw text; "/s" only as a word of its own, never inside "Putin/s".
  const sarcasm = CUES.sarcasmMarkers.find((marker) => contains(marker) || (!/\p{L}/u.test(marker) && reply.includes(marker))) ?? (/(?:^|\s)\/s(?:\s|$)/.test(reply) ? '/s' : undefined);
  if (sarcasm) cue('sarcasm', `sarcasm marker: "${sarcasm}"`);
  const agreeOpening = CUES.agreeOpenings.find(startsWith);
  if (agreeOpening) cue('agree-opening', `opens in agreement: "${agreeOpening}"`);
  const agreePhrase = CUES.agreePhrases.find(contains);
  if (agreePhrase) cue('agree-phrase', `agreement: "${agreePhrase}"`);
  const disagreeOpening = CUES.disagreeOpenings.find(startsWith);
  if (disagreeOpening) cue('disagree-opening', `opens in denial: "${disagreeOpening}"`);
  const denial = CUES.denialWords.find((word) => contains(word) && !(word === 'wrong' && contains('get me wrong')));
  if (denial) cue('denial', `denial word: "${denial}"`);
  const support = CUES.supportWords.find(contains);
  if (support) cue('support', `support word: "${support}"`);
  const contradiction = CUES.contradictionPhrases.find(contains);
  if (contradiction) cue('contradiction', `contradiction: "${contradiction}"`);
  if (agreeOpening && contains('but')) cue('concession', `"yes, but" concession: "${agreeOpening} … but"`);

  const questionMarks = tokens.filter((token) => token.kind === 'question').length;
  if (questionMarks > 0) {
    const rhetorical = CUES.rhetoricalQuestions.find((phrase) => contains(phrase.replace(/\?$/, '')));
    if (rhetorical) cue('rhetorical', `rhetorical question: "${rhetorical}"`);
    else if (words[0] !== undefined && CUES.queryOpenings.includes(words[0])) cue('question-start', `asks: "${words.slice(0, 3).join(' ')} …?"`);
    else cue('question', 'asks a question');
    if (tokens.at(-1)?.kind === 'question') cue('ends-question', 'ends with a question mark');
  }
  const addressed = addressedName(reply);
  if (addressed !== null) cue('addressed', `addresses the parent's author: "${addressed}"`);
  if (words.some((word) => word === 'not' || word === 'no' || word === 'never' || word.endsWith("n't"))) features.add('cue:negation');

  const sentiment = scoreSentiment(reply).label;
  features.add(`sent:${sentiment}`);
  features.add(`len:${words.length <= 5 ? 'short' : words.length <= 20 ? 'mid' : 'long'}`);
  features.add(`target:${target}`);
  if (parent !== null) {
    if (/\?\s*$/.test(parent)) features.add('parent:question');
    const parentWords = new Set(contentWords(parent));
    const own = contentWords(reply);
    const shared = own.filter((word) => parentWords.has(word)).length;
    features.add(`overlap:${own.length === 0 || shared === 0 ? 'none' : shared / own.length >= 0.3 ? 'high' : 'some'}`);
  }
  return { features: [...features], reasons };
}

/** Tokens of a text with links as `xurl` and @mentions as `xmention` (memoised: a comment is read as a reply and as a parent). */
const stanceTokens = memoise((text: string) => tokenize(normaliseText(text).replace(URL, ' xurl ').replace(MENTION, ' xmention ')));

/** Content words of a text: four letters or more, no stop words, no links or mentions. */
const contentWords = memoise((text: string): string[] =>
  stanceTokens(text)
    .filter((token) => token.kind === 'word' && token.lower.length >= 4 && !STOPWORDS.has(token.lower))
    .map((token) => token.lower),
);

/** Class scores of the linear model alone (bias included). */
export function linearLogits(features: string[], model: StanceModel): number[] {
  const logits = [...model.bias];
  for (const feature of features) {
    const weights = model.weights.get(feature);
    if (weights) for (let c = 0; c < logits.length; c++) logits[c]! += weights[c]!;
  }
  return logits;
}

/** The rule layer's votes per class for a set of features. */
export function ruleVotes(features: string[], classes: readonly Stance[]): number[] {
  const votes = classes.map(() => 0);
  for (const feature of features) {
    const vote = RULE_VOTES.get(feature);
    if (vote) classes.forEach((stance, c) => (votes[c]! += vote[stance] ?? 0));
  }
  return votes;
}

/** Class scores: the linear model's plus the rule layer's votes times `ruleWeight`. */
export function stanceLogits(features: string[], model: StanceModel): number[] {
  const votes = ruleVotes(features, model.classes);
  return linearLogits(features, model).map((logit, c) => logit + model.ruleWeight * votes[c]!);
}

export function softmax(logits: number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((logit) => Math.exp(logit - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((value) => value / sum);
}

/** The stance of `reply` towards `parent` (the parent comment's text, or the article's title and lead). */
export function scoreStance(reply: string, parent: string | null, target: StanceTarget, model: StanceModel = DEFAULT_STANCE_MODEL): StanceScore {
  const { features, reasons } = stanceFeatures(reply, parent, target);
  const probabilities = softmax(stanceLogits(features, model));
  let best = 0;
  for (let c = 1; c < probabilities.length; c++) if (probabilities[c]! > probabilities[best]!) best = c;
  const stance = model.classes[best]!;
  const cues = [...reasons]
    .map(([feature, reason]) => ({ reason, weight: (model.weights.get(feature)?.[best] ?? 0) + model.ruleWeight * (RULE_VOTES.get(feature)?.[stance] ?? 0) }))
    .filter((entry) => entry.weight > 0)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, 3)
    .map((entry) => entry.reason);
  return { stance, confidence: Math.round(probabilities[best]! * 1000) / 1000, target, cues };
}
