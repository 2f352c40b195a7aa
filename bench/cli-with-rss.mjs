// Runs the built CLI with the given arguments, then reports its wall time and
// peak resident memory on stderr as `BENCH {json}` for bench/run.ts.
import { main } from '../dist/cli/main.js';

const start = performance.now();
const code = await main(process.argv.slice(2), { stdout: process.stdout, stderr: { write: () => true }, cwd: process.cwd() });
const ms = performance.now() - start;
process.stderr.write(`BENCH ${JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS, code })}\n`);
process.exitCode = code;
