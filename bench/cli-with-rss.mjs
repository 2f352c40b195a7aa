// Runs the built CLI with the given arguments, then reports its wall time, the
// time of each stage of the main job (load: read, parse and score; cluster;
// write) and the peak resident memory of the process (its worker threads
// included) on stderr as `BENCH {json}` for bench/run.ts.
import { main } from '../dist/cli/main.js';

const stages = {};
const start = performance.now();
const code = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: { write: () => true },
  cwd: process.cwd(),
  onStage: (stage, ms) => (stages[stage] = ms),
});
const ms = performance.now() - start;
process.stderr.write(`BENCH ${JSON.stringify({ ms, stages, maxRssKb: process.resourceUsage().maxRSS, code })}\n`);
process.exitCode = code;
