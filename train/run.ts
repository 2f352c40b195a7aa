/** `npm run train`: refits the committed models from the benchmarks' train/dev parts. */
import { trainSentiment } from './sentiment.js';

const log = (line: string): void => void process.stderr.write(line + '\n');
trainSentiment(log);
