import { readFileSync } from 'node:fs';
import { parse, sentimentStage, stanceStage, incivilityStage } from '../src/index.js';
import { generateCorpus } from './generate.js';
const { files } = generateCorpus('/tmp/profcorpus2', 5000);
const threads = files.map((file) => parse(readFileSync(file), { file }));
for (const [name, stage] of [['sentiment', sentimentStage], ['stance', stanceStage], ['incivility', incivilityStage]] as const) {
  const t = performance.now(); for (const thread of threads) stage(thread); console.log(name, Math.round(performance.now() - t));
}
