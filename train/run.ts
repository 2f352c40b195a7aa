/** `npm run train`: refits the committed models from the benchmarks' train/dev parts. `-- stance`, `-- sentiment`, `-- incivility` or `-- sentence` for one. */
import { trainIncivility } from './incivility.js';
import { trainSentence } from './sentence.js';
import { trainSentiment } from './sentiment.js';
import { trainStance } from './stance.js';

const log = (line: string): void => void process.stderr.write(line + '\n');
const only = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
if (only.length === 0 || only.includes('sentiment')) trainSentiment(log);
if (only.length === 0 || only.includes('stance')) trainStance(log);
if (only.length === 0 || only.includes('incivility')) trainIncivility(log);
if (only.length === 0 || only.includes('sentence')) trainSentence(log);
