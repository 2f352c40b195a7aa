/** Options, one normaliser per concern: parsing, analysis, rendering. */
export * from './parse.js';
export * from './analyse.js';
export * from './render.js';
