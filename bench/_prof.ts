import { readFileSync } from 'node:fs';
import { parse, scoreThread, clusterThreads } from '../src/index.js';
import { generateCorpus } from './generate.js';
const { files } = generateCorpus('/tmp/profcorpus', 5000);
const threads = files.map((file) => parse(readFileSync(file), { file }));
let t = performance.now();
const scored = threads.map((thread) => scoreThread(thread));
console.log('score', performance.now() - t);
t = performance.now(); clusterThreads(scored); console.log('cluster', performance.now() - t);
