/** threadlens: the library's public API. */
export * from './model.js';
export { ThreadlensError, type ErrorCode } from './errors.js';
export {
  normalizeParseOptions,
  normalizeAnalyseOptions,
  type ParseOptions,
  type NormalizedParseOptions,
  type AnalyseOptions,
  type NormalizedAnalyseOptions,
  type ArticleOverrides,
} from './options.js';
export { parse } from './parse/index.js';
export { parseSidecar } from './parse/sidecar.js';
export { decodeText } from './parse/decode.js';
export { formatDiagnostic } from './report/diagnostics.js';
export { renderOutline } from './report/outline.js';
export { renderThreadJson } from './report/json.js';
export { scoreThread, sentimentStage, stanceStage, incivilityStage, clusterThreads, analyseThreads } from './analyse/index.js';
export { parseFrames, DEFAULT_FRAMES } from './analyse/cluster/frames.js';
export { scoreSentiment, DEFAULT_SENTIMENT_MODEL, type SentimentModel, type SentimentParameters } from './analyse/sentiment.js';
export { scoreStance, STANCES, DEFAULT_STANCE_MODEL, type StanceModel } from './analyse/stance.js';
export { scoreIncivility, INCIVILITY_KINDS, compileIncivilityLexicon, extendIncivilityLexicon, type IncivilityLexicon } from './analyse/incivility.js';
export { renderCommentsCsv, neutraliseCell, COMMENT_COLUMNS, type CsvOptions } from './report/csv.js';
export { commentKeys, threadId } from './report/keys.js';
