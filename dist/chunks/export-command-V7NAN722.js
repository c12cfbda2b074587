import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  collectMergeInputs,
  fileInTheWay,
  loadResults
} from "./chunk-BTRHFJW2.js";
import {
  EXIT,
  UsageError
} from "./chunk-UFMSSHFB.js";
import {
  ResultSet,
  exportCsvRecords,
  exportJson,
  parseResultFilter,
  sortRunsForOutput
} from "./chunk-XGZ5LFLB.js";
import "./chunk-FA6EQWUK.js";

// src/cli/export-command.ts
import { parseArgs } from "node:util";

// src/app/export.ts
import { once } from "node:events";
import { createWriteStream, existsSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
function filterResults(results, filter) {
  const out = new ResultSet();
  for (const fr of results.fileRuns) {
    const run = results.getRun(fr.runName);
    const items = [
      ...fr.parameters,
      ...fr.scalars,
      ...fr.statistics,
      ...fr.histograms,
      ...fr.vectors
    ].filter((item) => filter(item, run));
    if (items.length === 0 || run === void 0) continue;
    out.addFile(fr.file);
    out.addRun(fr.file, run, "keep-first");
    for (const item of items) out.addItem(item);
  }
  return out;
}
var ExportError = class extends Error {
  userFacing = true;
  constructor(message) {
    super(message);
    this.name = "ExportError";
  }
};
async function exportResults(opts) {
  if (opts.output !== "-") checkOutputFile(opts.output);
  const filter = opts.filter === void 0 ? void 0 : parseResultFilter(opts.filter);
  const loaded = await loadResults(await collectMergeInputs(opts.inputs));
  const results = filter ? filterResults(loaded.results, filter) : loaded.results;
  const runOrder = sortRunsForOutput([...results.runs]).map((r) => r.runName);
  const chunks = opts.format === "json" ? exportJson(results, loaded.data, { runOrder }) : exportCsvRecords(results, loaded.data, { runOrder });
  if (opts.output === "-") await writeTo(chunks, opts.stdout);
  else await writeFile(chunks, opts.output);
  return { runs: results.runsWithItems().length, items: [...results.items()].length };
}
async function writeTo(chunks, out) {
  for await (const chunk of chunks) if (!out.write(chunk)) await once(out, "drain");
}
function checkOutputFile(path) {
  if (existsSync(path) && statSync(path).isDirectory())
    throw new ExportError(
      `${path} is a folder: name the file to write (-o ${join(path, "results.csv")})`
    );
  const dir = dirname(resolve(path));
  const file = fileInTheWay(dir);
  if (file !== void 0) throw new ExportError(`${path}: ${file} is a file, not a folder`);
  if (!existsSync(dir)) throw new ExportError(`${path}: the folder ${dir} does not exist`);
}
async function writeFile(chunks, path) {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    await pipeline(Readable.from(chunks), createWriteStream(temp));
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    const code = e.code;
    if (typeof code === "string" && code.startsWith("E"))
      throw new ExportError(`${path}: cannot write it (${code}); nothing was written`);
    throw e;
  }
}

// src/cli/export-command.ts
var EXPORT_HELP = `Usage: opp-campaign export IN... -F csv-r|json [-o FILE] [-f FILTER]

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
`;
var FORMATS = { "csv-r": "csv-r", json: "json" };
async function exportCommand(argv, out, stdout) {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: "string", short: "F" },
      output: { type: "string", short: "o" },
      filter: { type: "string", short: "f" },
      help: { type: "boolean", short: "h" }
    }
  });
  if (values.help) {
    await out.line(EXPORT_HELP.trimEnd());
    return EXIT.ok;
  }
  if (positionals.length === 0) throw new UsageError("export: no input files or folders given");
  if (values.format === void 0)
    throw new UsageError("export: the format (-F csv-r|json) is missing");
  const format = FORMATS[values.format.toLowerCase()];
  if (format === void 0)
    throw new UsageError(`export: -F is csv-r or json, not '${values.format}'`);
  await out.flush();
  await exportResults({
    inputs: positionals,
    format,
    output: values.output ?? "-",
    filter: values.filter,
    stdout
  });
  return EXIT.ok;
}
export {
  EXPORT_HELP,
  exportCommand
};
