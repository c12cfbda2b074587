import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findCampaignFile, readCampaignFile } from '../adapters/campaign-file.js';
import { filterTimeNow, loadIniFiles } from '../adapters/ini-files.js';
import { Spool } from '../adapters/spool.js';
import {
  DEFAULT_MAX_RUNS,
  IniConfig,
  latin1Json,
  listConfigs,
  query,
  QUERIES,
} from '../core/ini/index.js';
import { planRuns } from '../core/plan/plan.js';
import { OMNETPP_MAX_RUNS, overOmnetppRunLimit } from '../core/plan/omnetpp-run-limit.js';
import { offlineWarnings } from '../app/preflight.js';
import { UsageError } from './errors.js';
import type { LineWriter } from './output.js';

export const PLAN_HELP = `Usage: opp-campaign plan [-f] INI... [-c CONFIG]... [-r FILTER] [-q WHAT] [-a] [--json] [--max-runs N]

Expands omnetpp.ini files into runs exactly as OMNeT++ 6.1 does.

  -f, --ini INI       an ini file (also accepted as a plain argument; default: omnetpp.ini);
                      a folder stands for its campaign's ini files and configs, as
                      'run DIR' takes them
  -c, --config NAME   the config (default: General); --json accepts several
  -r, --runs FILTER   run numbers and ranges (0..3,7) or an expression ($x > 2 && $repetition == 0)
  -q, --query WHAT    numruns | runnumbers | runs | rundetails | sectioninheritance,
                      printed exactly as 'opp_run -s -q WHAT' prints it
  -a, --all           every config with its number of runs (as 'opp_run -s -a')
      --json          the full plan: every selected run with its variables, resolved
                      config entries, result file names and stable run key
      --max-runs N    refuse configs with more runs than N (default ${DEFAULT_MAX_RUNS})
`;

export async function planCommand(
  argv: string[],
  out: LineWriter,
  err?: { write(s: string): void },
): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ini: { type: 'string', short: 'f', multiple: true },
      config: { type: 'string', short: 'c', multiple: true },
      runs: { type: 'string', short: 'r' },
      query: { type: 'string', short: 'q' },
      all: { type: 'boolean', short: 'a' },
      json: { type: 'boolean' },
      'max-runs': { type: 'string' },
      silent: { type: 'boolean', short: 's' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    await out.line(PLAN_HELP.trimEnd());
    return 0;
  }
  // a folder or ini file given as an argument or with -f that is not there is a wrong command
  // line (exit 2), as run's folder and -f file are
  const missing = positionals.find((f) => !existsSync(f));
  if (missing !== undefined) throw new UsageError(`plan: ${missing}: no such file or folder`);
  const noIni = values.ini?.find((f) => !existsSync(f));
  if (noIni !== undefined) throw new UsageError(`plan: -f ${noIni}: no such file`);
  const files: string[] = [];
  // a folder's campaign file names the configs `run DIR` runs: the plan's too, without -c
  let campaignConfigs: readonly string[] | undefined;
  for (const f of [...(values.ini ?? []), ...positionals]) {
    const of = await iniFilesOf(f);
    files.push(...of.files);
    campaignConfigs ??= of.configs;
  }
  if (files.length === 0) files.push('omnetpp.ini');
  const maxRuns = parseMaxRuns(values['max-runs']);
  // a config named twice (`-c A -c A`) is planned once, as `run` runs it once
  const configs = [...new Set(values.config ?? campaignConfigs ?? [])];
  const modes = [values.all, values.query !== undefined, values.json].filter(Boolean).length;
  if (modes > 1) throw new UsageError('plan: -a, -q and --json cannot be combined');
  // (as opp_run, in any case; a wrong value is a wrong command line, said before the ini is read)
  if (
    values.query !== undefined &&
    !(QUERIES as readonly string[]).includes(values.query.toLowerCase())
  )
    throw new UsageError(
      `plan: unrecognized -q argument '${values.query}': one of ${QUERIES.join(', ')}`,
    );

  const ini = new IniConfig(loadIniFiles(files), filterTimeNow());
  // opp_run -s refuses a misspelled option name; without the model, it can only be a warning
  for (const w of offlineWarnings(ini.doc)) err?.write(`${w}\n`);
  // plan counts past OMNeT++'s limit on purpose; a config that OMNeT++ would run none of is
  // said (`run` and the plan job refuse it)
  const asked = values.all ? ini.configNames() : configs.length > 0 ? configs : ['General'];
  // A config with a constraint is counted by stepping through its runs: only when its runs
  // without the constraint (counted without stepping) are over the limit, and then once: the
  // count is kept for the listing, query or plan below, which count it to --max-runs anyway
  const q = values.query ?? 'numruns';
  const countsAnyway =
    values.all ||
    values.json ||
    ((QUERIES as readonly string[]).includes(q.toLowerCase()) &&
      q.toLowerCase() !== 'sectioninheritance');
  for (const name of asked) {
    if (name !== 'General' && !ini.configNames().includes(name)) continue;
    let over;
    try {
      const runs = ini.config(name);
      if (runs.lookup('constraint') === undefined) over = overOmnetppRunLimit(ini, [name]);
      else {
        const bound = runs.countWithoutConstraint(OMNETPP_MAX_RUNS);
        if (bound <= OMNETPP_MAX_RUNS) continue; // cannot be over it
        if (!countsAnyway) {
          err?.write(
            `opp-campaign: note: config ${name} has a constraint and ${Number.isFinite(bound) ? bound : `more than ${OMNETPP_MAX_RUNS}`} runs without it: not checked against OMNeT++ 6.1's limit of ${OMNETPP_MAX_RUNS} runs (\`opp-campaign plan -c ${name}\` counts them)\n`,
          );
          continue;
        }
        // past a --max-runs under the limit, the query refuses the config by itself
        if (maxRuns < OMNETPP_MAX_RUNS && runs.count(maxRuns) > maxRuns) continue;
        over = overOmnetppRunLimit(ini, [name], maxRuns);
      }
    } catch {
      continue; // the query below says what is wrong, as opp_run does
    }
    if (over) err?.write(`opp-campaign: warning: ${over.describe()}\n`);
  }
  if (values.all) {
    await writeLines(listConfigs(ini, maxRuns), out);
    return 0;
  }
  if (values.json) {
    await writeJsonPlan(ini, configs.length > 0 ? configs : ['General'], values.runs, maxRuns, out);
    return 0;
  }
  if (configs.length > 1 && values.config === undefined)
    throw new UsageError(
      `plan: the campaign file names ${configs.length} configs (${configs.join(', ')}); -q ${values.query ?? 'numruns (the default)'} answers for one: choose with -c NAME (several go with --json)`,
    );
  if (configs.length > 1)
    throw new UsageError(
      `plan: -q ${values.query ?? 'numruns (the default)'} answers for one config, not ${configs.length} (several go with --json)`,
    );
  const opts = { maxRuns, ...(values.runs !== undefined ? { filter: values.runs } : {}) };
  await writeLines(query(ini, configs[0] ?? 'General', q, opts), out);
  return 0;
}

/**
 * The lines, computed as they are written; once the output has failed (`| head` has its lines,
 * a full disk) no more are computed: the listing of a huge study stops with its reader.
 */
async function writeLines(lines: Iterable<string>, out: LineWriter): Promise<void> {
  for (const line of lines) {
    if (out.failed) return;
    await out.line(line);
  }
}

/**
 * An ini file as given; a folder's ini files: its campaign file's, else its omnetpp.ini, and
 * the configs its campaign file names (General without one).
 */
async function iniFilesOf(path: string): Promise<{ files: string[]; configs?: readonly string[] }> {
  if (!statSync(path, { throwIfNoEntry: false })?.isDirectory()) return { files: [path] };
  const settings = await readCampaignFile(findCampaignFile(path));
  return { files: settings.ini.map((f) => join(path, f)), configs: settings.configs };
}

function parseMaxRuns(text: string | undefined): number {
  if (text === undefined) return DEFAULT_MAX_RUNS;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new UsageError(`plan: --max-runs takes a positive whole number, not '${text}'`);
  return n;
}

async function writeJsonPlan(
  ini: IniConfig,
  configs: string[],
  filter: string | undefined,
  maxRuns: number,
  out: LineWriter,
): Promise<void> {
  const header = {
    version: 1,
    inifile: ini.doc.fileName,
    configs: configs.map((name) => ({ name, chain: ini.chainNames(name) })),
    ...(filter !== undefined ? { filter } : {}),
  };
  const runs = planRuns(ini, { configs, maxRuns, ...(filter !== undefined ? { filter } : {}) });
  // One run per line inside the array. Held back until the plan is complete, so an error
  // midway leaves stdout empty rather than a truncated document.
  const spool = new Spool();
  try {
    // an ini's byte that is not UTF-8 in its Latin-1 reading (`\u00e9`), not as `\udce9`
    const head = latin1Json(JSON.stringify(header));
    spool.write(head.slice(0, -1) + ',"runs":[\n');
    let first = true;
    for (const run of runs) {
      spool.write((first ? '' : ',') + latin1Json(JSON.stringify(run)) + '\n');
      first = false;
    }
    spool.write(']}\n');
    for (const chunk of spool.chunks()) {
      if (out.failed) break; // the reader has gone: the rest of the document is not read back
      await out.raw(chunk);
    }
  } finally {
    spool.close();
  }
}
