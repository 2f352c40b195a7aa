/**
 * What the analysis stages say about a comment, kept on the comment itself
 * (`comment.data`), as unified plugins annotate syntax-tree nodes: a score can
 * never be matched to the wrong comment, because it is never anywhere else.
 *
 * Inferred, so nothing here has a position. Each stage fills its own field;
 * after {@link analyseThread} every field is present.
 *
 * ## Example
 *
 * The reply `• Exactly this. Nobody wants a war with a nuclear power.`
 * under another comment becomes (abridged):
 *
 * ```json
 * { "id": "c2", "parentId": "c1", "depth": 1, "text": "Exactly this. Nobody wants …", "line": 6, …,
 *   "data": {
 *     "key": "5f0c1e2d3a4b5c6d",
 *     "sentiment": { "score": -0.31, "label": "negative", "cues": [{ "text": "war", "weight": -2 }] },
 *     "stance": { "stance": "agree", "confidence": 0.71, "target": "parent", "cues": ["opening agreement"] },
 *     "incivility": { "kinds": [], "target": null, "severity": 0, "cues": [] },
 *     "cluster": { "id": "escalation", "similarity": 0.42, "quote": null } } }
 * ```
 */

import type { Comment } from './thread.js';

export type SentimentLabel = 'positive' | 'negative' | 'neutral';

/** A word, phrase, emoticon, emoji or `!` that moved a sentiment score, and by how much. */
export interface SentimentCue {
  text: string;
  weight: number;
}

/**
 * `score` in [-1, 1]; `label` is `neutral` within the model's neutral band
 * (±0.05); `cues` are the lexicon hits (AFINN units) in text order, then the
 * learned corrections of at least 0.1 (on the human −4..4 scale).
 */
export interface SentimentScore {
  score: number;
  label: SentimentLabel;
  cues: SentimentCue[];
}

export type Stance = 'agree' | 'disagree' | 'query' | 'neutral';

/** What a stance is towards: the comment answered, or the article for a top-level comment. */
export type StanceTarget = 'parent' | 'article';

/** `confidence` is the classifier's probability for `stance`; `cues` say why, strongest first. */
export interface StanceScore {
  stance: Stance;
  confidence: number;
  target: StanceTarget;
  cues: string[];
}

export type IncivilityKind = 'insult' | 'profanity' | 'threat' | 'identity_attack';

/**
 * Whom incivility is aimed at: another participant (`commenter`), a named
 * politician or leader (`public_figure`), or a group, institution or nobody in
 * particular (`other`). Moderators act on `commenter` first.
 */
export type IncivilityTarget = 'commenter' | 'public_figure' | 'other';

/** `kinds` empty and `target` null when civil; `severity` 0 civil … 3 severe (threats, slurs). */
export interface IncivilityScore {
  kinds: IncivilityKind[];
  target: IncivilityTarget | null;
  severity: number;
  cues: string[];
}

/**
 * Where the clusterer placed a comment.
 *
 * - `id`: the id of one of the run's clusters (`Run.clusters`).
 * - `similarity`: cosine similarity to the cluster's centre, in [0, 1].
 * - `quote`: set on the one comment per thread and cluster that states the
 *   argument best there: its sentence closest to the centre. `null` on the others.
 */
export interface ClusterAssignment {
  id: string;
  similarity: number;
  quote: string | null;
}

/**
 * A comment's annotations.
 *
 * - `key`: stable across snapshots of the same comment: a hash of its text
 *   (whitespace folded), `-2`, `-3`… for repeats in one thread.
 * - `sentiment`, `stance` (towards the parent, or the article for a top-level
 *   comment), `incivility`: from the scoring stages.
 * - `cluster`: from the run's clustering; `null` when the comment has too
 *   little content, or is too far from every cluster, to place.
 */
export interface CommentData {
  key?: string;
  sentiment?: SentimentScore;
  stance?: StanceScore;
  incivility?: IncivilityScore;
  cluster?: ClusterAssignment | null;
}

/** Every annotation present: what `analyseThread` leaves on each comment. */
export type Annotations = Required<CommentData>;

/** A comment after the analysis: every annotation present. */
export interface AnalysedComment extends Comment {
  data: Annotations;
}
