import path from 'node:path';
import type { Command } from 'commander';
import { commentsCsvChunks, renderCommentsCsv } from '../../report/csv.js';
import { addAnalyseFlags, analyseOnDisk, analyseOptionsOf, type AnalyseFlags } from '../flags.js';
import { exitCodeOf, type CliIo } from '../io.js';
import { ensureFolder, writeFileAtomic } from '../output.js';

interface ExportCommandOptions extends AnalyseFlags {
  out?: string;
  bom?: boolean;
}

export function registerExport(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const command = program
    .command('export')
    .description('score every comment and write one CSV row per comment (stdout, or --out FILE)')
    .argument('<file...>', 'pages (.txt dumps, saved .html), exports (.xml, .jsonl, .csv), or folders of them')
    .option('--out <file>', 'write the CSV to this file (atomically) instead of stdout')
    .option('--bom', 'start with a UTF-8 byte-order mark, for Excel');
  addAnalyseFlags(command).action(async (paths: string[], options: ExportCommandOptions) => {
    const analyse = await analyseOptionsOf(options, io);
    // A file that cannot be written fails now, not after the analysis.
    if (options.out !== undefined) await ensureFolder(path.dirname(path.resolve(io.cwd, options.out)), options.out);
    await analyseOnDisk(paths, io, options, analyse, async (found, problems) => {
      // Nothing read: the header alone.
      const run = found ?? { clusters: [], threads: [] };
      // To stdout piece by piece (the whole CSV of a large run is never one string); to a file, at once and atomically.
      if (options.out === undefined) for (const piece of commentsCsvChunks(run, { bom: options.bom === true })) io.stdout.write(piece);
      else await writeFileAtomic(path.resolve(io.cwd, options.out), renderCommentsCsv(run, { bom: options.bom === true }), options.out);
      setExit(exitCodeOf(problems));
    });
  });
}
