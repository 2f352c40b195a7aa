import { createRequire } from 'node:module';

/**
 * Loads a JSON data file shipped with threadlens (a path relative to src/analyse/)
 * or one of its dependencies (a package path).
 * (`require` keeps every key, even ones like `true` or `constructor`, that
 * JSON-as-module transforms choke on.)
 */
export const loadJson: (specifier: string) => unknown = createRequire(import.meta.url);
