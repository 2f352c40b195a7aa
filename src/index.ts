/** threadlens: the library's public API. */
export * from './model.js';
export { ThreadlensError, type ErrorCode } from './errors.js';
export { normalizeParseOptions, type ParseOptions, type NormalizedParseOptions, type ArticleOverrides } from './options.js';
export { parse } from './parse/index.js';
export { parseSidecar } from './parse/sidecar.js';
export { decodeText } from './parse/decode.js';
export { formatDiagnostic } from './report/diagnostics.js';
export { renderOutline } from './report/outline.js';
export { renderThreadJson } from './report/json.js';
