/**
 * threadlens: the library's public API. Four phases with fixed signatures —
 * `parse(bytes, options) → Thread`, the analysis (`analyseRun(inputs,
 * options) → Run`, or stage by stage), `render(run, options) → files`, and
 * `compare(snapshots) → Comparison` — over one data model (`src/model/`).
 */
export * from './model/index.js';
export * from './options/index.js';
export { parse } from './parse/index.js';
export { parseSidecar } from './parse/sidecar.js';
export { decodeText } from './parse/decode.js';
export { readDocument, readText, detectFormat, INPUT_FORMATS, DEFAULT_RECORD_COLUMNS, type FormatReader, type InputFormat, type ReaderOptions, type RecordColumns } from './parse/formats/index.js';
export { buildThread, isoTime, type CommentRecord, type ThreadParts } from './parse/formats/build.js';
export { htmlToText } from './parse/formats/html-text.js';
export { pseudonym, pseudonymiseAuthors } from './analyse/pseudonyms.js';
export { analyseRun, analyseThread, assembleRun, keyStage, sentimentStage, stanceStage, incivilityStage, makeIdsUnique, RunBuilder, type PageText } from './analyse/index.js';
export { ArrayStore, DiskStore, type StoredThreads, type ThreadStore } from './analyse/store.js';
export { clusterStage } from './analyse/cluster/index.js';
export { threadMetrics, type ThreadMetrics, type ModerationItem, type HeatedSubthread, type ThreadTimeline, type ThreadHour } from './analyse/metrics.js';
export { commentKeys } from './analyse/keys.js';
export { parseFrames, DEFAULT_FRAMES } from './analyse/cluster/frames.js';
export { scoreSentiment, DEFAULT_SENTIMENT_MODEL, type SentimentModel, type SentimentParameters } from './analyse/sentiment.js';
export { scoreStance, STANCES, DEFAULT_STANCE_MODEL, type StanceModel } from './analyse/stance.js';
export { scoreIncivility, INCIVILITY_KINDS, compileIncivilityLexicon, extendIncivilityLexicon, type IncivilityLexicon } from './analyse/incivility.js';
export { render, renderParts, renderThread, ReportAssembler, contentOf, bytesOf, type RenderedFile, type RenderedPiece, type RunContext, type ThreadRendering } from './report/index.js';
export { WorkbookBuilder, THREAD_COLUMNS } from './report/workbook.js';
export { XlsxWriter, type XlsxCell, type XlsxColumn, type XlsxSheet } from './report/xlsx.js';
export { renderOutline } from './report/outline.js';
export { renderThreadJson } from './report/json.js';
export { renderCommentsCsv, commentsCsvChunks, neutraliseCell, COMMENT_COLUMNS, type CsvOptions } from './report/csv.js';
export { renderClustersCsv } from './report/clusters-csv.js';
export { authorView, renderAuthorsCsv, AUTHOR_COLUMNS, type AuthorView, type AuthorFigures, type AuthorPair } from './report/authors.js';
export { renderConvokit } from './report/convokit.js';
export { snapshotOf, renderSnapshot, parseSnapshot, SNAPSHOT_VERSION, type Snapshot } from './report/snapshot.js';
export { renderThreadReport } from './report/thread-report.js';
export { renderComparison, renderComparisonMarkdown } from './report/compare-markdown.js';
export { compare, isSameThread, sameArgument, type Comparison, type CompareOptions, type ThreadComparison, type Trend } from './compare/index.js';
