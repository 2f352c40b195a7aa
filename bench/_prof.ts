import { readFileSync } from 'node:fs';
import { parse, scoreThread } from '../src/index.js';
import { generateCorpus } from './generate.js';
const { files } = generateCorpus('/tmp/profcorpus5', 8000);
const threads = files.map((file) => parse(readFileSync(file), { file }));
const t = performance.now(); threads.map((thread) => scoreThread(thread)); console.log('score', performance.now() - t);
