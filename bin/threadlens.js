#!/usr/bin/env node
// Entry point of the `threadlens` command: runs the compiled CLI and exits with its code.
import { main } from '../dist/cli/main.js';

process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  stderrIsTty: process.stderr.isTTY === true,
});
