// Copies the data and model files (JSON) from src/ to dist/ after tsc, which only emits code.
import { cpSync } from 'node:fs';

cpSync('src', 'dist', { recursive: true, filter: (source) => !/\.[cm]?ts$/.test(source) || source.endsWith('.d.ts') });
