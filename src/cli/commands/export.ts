import path from 'node:path';
import type { Command } from 'commander';
import { scoreThread } from '../../analyse/index.js';
import { ThreadlensError } from '../../errors.js';
import { normalizeAnalyseOptions, type AnalyseOptions } from '../../options.js';
import { renderCommentsCsv } from '../../report/csv.js';
import { EXIT, readOptionalText, reportError, type CliIo } from '../io.js';
import { loadThreads } from '../threads.js';
import { UsageError } from '../usage.js';
import { writeFileAtomic } from '../write.js';

interface ExportCommandOptions {
  out?: string;
  bom?: boolean;
  lexicon?: string;
  tabSize: string;
}

export function registerExport(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('export')
    .description('score every comment and write one CSV row per comment (stdout, or --out FILE)')
    .argument('<file...>', 'page dumps (.txt), or folders of them')
    .option('--out <file>', 'write the CSV to this file (atomically) instead of stdout')
    .option('--bom', 'start with a UTF-8 byte-order mark, for Excel')
    .option('--lexicon <file>', 'a JSON file of additions to the incivility lexicon')
    .option('--tab-size <n>', 'columns between tab stops in indentation', '8')
    .action(async (paths: string[], options: ExportCommandOptions) => {
      const analyse = await loadAnalyseOptions(options.lexicon, io);
      const { threads, exitCode } = await loadThreads(paths, io, { tabSize: Number(options.tabSize), flag: {} });
      const csv = renderCommentsCsv(threads.map((thread) => scoreThread(thread, analyse)), { bom: options.bom === true });
      if (options.out === undefined) {
        io.stdout.write(csv);
      } else {
        try {
          await writeFileAtomic(path.resolve(io.cwd, options.out), csv);
        } catch (error) {
          reportError(new ThreadlensError('unreadable', `cannot write the file: ${(error as Error).message}`, { file: options.out }), io);
          setExit(EXIT.inputError);
          return;
        }
      }
      setExit(exitCode);
    });
}

/** Reads `--lexicon FILE`: JSON additions to the incivility lexicon; a bad file is a usage error naming it. */
export async function loadAnalyseOptions(lexiconFile: string | undefined, io: CliIo): Promise<AnalyseOptions> {
  if (lexiconFile === undefined) return {};
  const text = await readOptionalText(lexiconFile, io);
  if (text === null) throw new UsageError(`expected a lexicon file at ${lexiconFile}, found none`);
  let incivilityLexicon: unknown;
  try {
    incivilityLexicon = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${lexiconFile}: expected JSON, found a syntax error: ${(error as Error).message}`);
  }
  const options = { incivilityLexicon } as AnalyseOptions;
  try {
    normalizeAnalyseOptions(options);
  } catch (error) {
    throw new UsageError(`${lexiconFile}: ${(error as Error).message}`);
  }
  return options;
}
