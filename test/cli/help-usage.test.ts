// Each command's usage line names every option its help lists below it, and the README's usage
// block of the command names the same options (before: `run --help` left out --timeout,
// --retries, --batch, --force, --progress and --ccache-dir from its usage line, the README's
// `run` --ccache-dir, `merge --help` -q, the README's `watch` --repo and --workflow; `submit
// --remote` was not in the README).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXPORT_HELP } from '../../src/cli/export-command.js';
import { FETCH_HELP } from '../../src/cli/fetch-command.js';
import { MERGE_HELP } from '../../src/cli/merge-command.js';
import { PLAN_HELP } from '../../src/cli/plan-command.js';
import { REPORT_HELP } from '../../src/cli/report-command.js';
import { RESUME_HELP } from '../../src/cli/resume-command.js';
import { RUN_HELP } from '../../src/cli/run-command.js';
import { SNAPSHOT_HELP } from '../../src/cli/snapshot-command.js';
import { SUBMIT_HELP } from '../../src/cli/submit-command.js';
import { WATCH_HELP } from '../../src/cli/watch-command.js';

const HELPS: Record<string, string> = {
  run: RUN_HELP,
  plan: PLAN_HELP,
  merge: MERGE_HELP,
  export: EXPORT_HELP,
  report: REPORT_HELP,
  submit: SUBMIT_HELP,
  watch: WATCH_HELP,
  fetch: FETCH_HELP,
  resume: RESUME_HELP,
  snapshot: SNAPSHOT_HELP,
};

/** The options a usage text names: `--name` and `-x` (not `--` alone, not `-- ARG`). */
const optionsIn = (usage: string): Set<string> =>
  new Set(
    [...usage.matchAll(/(?<![\w-])(--[a-z][\w-]*|-[a-zA-Z])(?![\w-])/g)].map((m) => m[1] as string),
  );

/** The usage of a help text: its lines up to the first empty one. */
const usageOf = (help: string): string => help.slice(0, help.indexOf('\n\n'));

/** The options a help lists below its usage: each line's names (`-f, --ini`: both). */
function listed(help: string): string[][] {
  const names: string[][] = [];
  for (const line of help.slice(help.indexOf('\n\n')).split('\n')) {
    const m = /^ {2,}(?:(-[a-zA-Z]), )?(--[a-z][\w-]*|-[a-zA-Z])(?![\w-])/.exec(line);
    if (m) names.push([m[2] as string, ...(m[1] !== undefined ? [m[1]] : [])]);
  }
  return names;
}

/** The README's usage block of a command: its `opp-campaign CMD ...` line and those continuing it. */
function readmeUsage(command: string): string {
  const lines = readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8').split('\n');
  const at = lines.findIndex((l) => new RegExp(`^opp-campaign ${command}\\s.*\\[`).test(l));
  assert.ok(at >= 0, `README has no usage line of ${command}`);
  const usage = [lines[at] as string];
  for (let i = at + 1; /^ {4,}\[/.test(lines[i] ?? ''); i++) usage.push(lines[i] as string);
  return usage.join(' ');
}

test('every option a command lists is in its usage line, and in the README usage of the command', () => {
  const problems: string[] = [];
  for (const [command, help] of Object.entries(HELPS)) {
    const usage = optionsIn(usageOf(help));
    for (const names of listed(help))
      if (!names.some((n) => usage.has(n)))
        problems.push(`${command} --help: ${names.join(', ')} is listed but not in the usage line`);
    const readme = optionsIn(readmeUsage(command));
    for (const o of usage)
      if (!readme.has(o)) problems.push(`README's usage of ${command} lacks ${o}`);
    for (const o of readme)
      if (!usage.has(o))
        problems.push(`README's usage of ${command} has ${o}, ${command} --help not`);
  }
  assert.deepEqual(problems, []);
});
