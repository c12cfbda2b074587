import { existsSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { exportResults, type ExportFormat } from '../app/export.js';
import { EXIT, UsageError } from './errors.js';
import type { LineWriter } from './output.js';
import { inputClash } from '../adapters/output-path.js';

export const EXPORT_HELP = `Usage: opp-campaign export IN... -F csv-r|json [-o FILE] [-f FILTER] [-x precision=N]

Writes OMNeT++ results (files and folders of .sca, .vec, SQLite files, merged datasets) as
'opp_scavetool export' does: -F csv-r is its CSV-R format, -F json its JSON format. Runs are
listed by config, run number and run id.

  -F, --format FMT    csv-r or json
  -o, --output FILE   the output file (default, or "-": standard output)
  -f, --filter EXPR   the results to export, in opp_scavetool's filter syntax:
                        name =~ "channelUtilization*" AND module =~ "**.server"
                        itervar:numHosts =~ 10 AND NOT type =~ vector
                      fields: name, module, type, run, config (the config name), file,
                      itervar:NAME, runattr:NAME, config:KEY, attr:NAME; a pattern alone
                      matches the name; AND, OR, NOT, parentheses; patterns: * ? {a-z}
                      {5..10} (a number range), quoted with "..." when they hold spaces
  -x precision=N      significant digits of doubles, 0 to 100 (default 14, opp_scavetool's;
                      17 writes every double exactly as it is stored); also --precision=N
`;

/** The -x KEY=VALUE options opp-campaign export takes (opp_scavetool's exporter options). */
const EXPORTER_OPTIONS = ['precision'] as const;

/** The -x options (and --precision) as exporter options; a bad one is a usage error. */
function exporterOptions(
  xs: readonly string[],
  precision: string | undefined,
): { precision?: number } {
  const given = xs.map((x) => {
    const eq = x.indexOf('=');
    const key = eq < 0 ? x : x.slice(0, eq);
    if (eq < 0 || !(EXPORTER_OPTIONS as readonly string[]).includes(key))
      throw new UsageError(
        `export: -x takes KEY=VALUE with KEY one of ${EXPORTER_OPTIONS.join(', ')}, not '${x}'`,
      );
    return [key, x.slice(eq + 1)] as const;
  });
  if (precision !== undefined) given.push(['precision', precision]);
  const out: { precision?: number } = {};
  for (const [, value] of given) {
    const n = /^\d{1,3}$/.test(value) ? Number(value) : NaN;
    if (!(n >= 0 && n <= 100))
      throw new UsageError(`export: precision is a whole number 0 to 100, not '${value}'`);
    out.precision = n;
  }
  return out;
}

const FORMATS: Readonly<Record<string, ExportFormat>> = { 'csv-r': 'csv-r', json: 'json' };

export async function exportCommand(
  argv: string[],
  out: LineWriter,
  stdout: Writable,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: 'string', short: 'F' },
      output: { type: 'string', short: 'o' },
      filter: { type: 'string', short: 'f' },
      x: { type: 'string', short: 'x', multiple: true },
      precision: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    await out.line(EXPORT_HELP.trimEnd());
    return EXIT.ok;
  }
  if (positionals.length === 0) throw new UsageError('export: no input files or folders given');
  if (values.format === undefined)
    throw new UsageError('export: the format (-F csv-r|json) is missing');
  const format = FORMATS[values.format.toLowerCase()];
  if (format === undefined)
    throw new UsageError(`export: -F is csv-r or json, not '${values.format}'`);
  const exporter = exporterOptions(values.x ?? [], values.precision);
  const clash =
    values.output === undefined || values.output === '-'
      ? undefined
      : inputClash(values.output, positionals);
  if (clash !== undefined) throw new UsageError(`export: -o ${values.output} ${clash}`);
  // an input that is not there is a wrong command line (exit 2), as merge's and report's are
  const missing = positionals.find((p) => !existsSync(p));
  if (missing !== undefined)
    throw new UsageError(`export: ${missing}: no such file or folder; nothing was written`);
  await out.flush();
  await exportResults({
    inputs: positionals,
    format,
    output: values.output ?? '-',
    filter: values.filter,
    ...exporter,
    stdout,
  });
  return EXIT.ok;
}
