import { Command, CommanderError } from 'commander';
import { registerAnalyse } from './commands/analyse.js';
import { registerCompare } from './commands/compare.js';
import { registerExport } from './commands/export.js';
import { registerParse } from './commands/parse.js';
import { EXIT, reportError, setDebug, type CliIo } from './io.js';

/**
 * Runs the CLI with `argv` (without `node` and the script) and returns the
 * exit code. All output goes through `io`; nothing here exits the process.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  // --debug may stand anywhere on the line, for every command.
  setDebug(argv.includes('--debug'));
  argv = argv.filter((arg) => arg !== '--debug');
  let exitCode: number = EXIT.ok;
  const program = new Command('threadlens')
    .description('analyse the reader-comment threads under news articles')
    .version(await packageVersion(), '-V, --version')
    .addHelpText('after', '\nAdd --debug anywhere to see the stack trace of an internal error.')
    .exitOverride()
    .showHelpAfterError('(run threadlens --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  const setExit = (code: number): void => {
    exitCode = Math.max(exitCode, code);
  };
  registerParse(program, io, setExit);
  registerExport(program, io, setExit);
  registerAnalyse(program, io, setExit);
  registerCompare(program, io, setExit);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version "errors" are successful exits; everything else is misuse.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usageError;
    }
    return reportError(error, io);
  }
  return exitCode;
}

async function packageVersion(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const manifest = JSON.parse(await readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}
