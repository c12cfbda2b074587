// GitHub shows ten error and ten warning annotations of a step and drops the rest silently: the
// action's annotations of many ini problems are nine (or eight) and one saying how many more.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fail } from '../../src/action/main.js';
import { OptionNameError } from '../../src/core/ini/option-names.js';
import { misbehaveProject, MISBEHAVE_CAMPAIGN } from '../helpers/project.js';
import { parseAnnotations, runAction } from './run-action.js';

const KEYS = Array.from({ length: 15 }, (_, i) => `sim-time-limt-${i}`);

test('15 keys that are no OMNeT++ option: the plan job warns at nine, a tenth says 6 more, the log has all', async () => {
  const workspace = misbehaveProject(
    `[General]\nnetwork = Net\n[Config M]\n${KEYS.map((k) => `${k} = 1s\n`).join('')}`,
    MISBEHAVE_CAMPAIGN,
  );
  const plan = await runAction({
    workspace,
    artifactDir: mkdtempSync(join(tmpdir(), 'opp-artifacts-')),
    inputs: { command: 'plan' },
  });
  assert.equal(plan.code, 0, plan.stdout + plan.stderr);
  const warnings = plan.annotations.filter((a) => a.level === 'warning');
  assert.equal(warnings.length, 10, plan.stdout);
  assert.deepEqual(
    warnings.slice(0, 9).map((w) => [w.props['file'], w.props['line']]),
    KEYS.slice(0, 9).map((_, i) => ['omnetpp.ini', String(4 + i)]),
  );
  assert.match(
    warnings[9]?.message ?? '',
    /^6 more keys that are no option of OMNeT\+\+ 6\.1, from omnetpp\.ini:13: see the step's log$/,
  );
  for (const [i, k] of KEYS.entries())
    assert.match(
      plan.stdout,
      new RegExp(`(omnetpp\\.ini:${4 + i}: |::)Unknown configuration option: ${k}\\b`),
      k,
    );
});

test('a refusal of 15 option names fails the step with ten error annotations: eight at their lines, one saying 7 more, the failure listing all', () => {
  const problems = KEYS.map((k, i) => ({
    message: `Unknown configuration option: ${k}`,
    location: { file: 'sim/omnetpp.ini', line: 4 + i },
  }));
  let out = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (chunk: string | Uint8Array): boolean => {
    out += chunk.toString();
    return true;
  };
  try {
    fail(new OptionNameError(problems));
  } finally {
    process.stdout.write = write;
    process.exitCode = undefined; // setFailed's, not this test's
  }
  const errors = parseAnnotations(out).filter((a) => a.level === 'error');
  assert.equal(errors.length, 10, out);
  assert.deepEqual(
    errors.slice(0, 8).map((e) => e.props['line']),
    ['4', '5', '6', '7', '8', '9', '10', '11'],
  );
  assert.match(
    errors[8]?.message ?? '',
    /^7 more unknown or misplaced options, from sim\/omnetpp\.ini:12: the step's failure below lists every one$/,
  );
  for (const [i, k] of KEYS.entries())
    assert.ok(
      errors[9]?.message.includes(`sim/omnetpp.ini:${4 + i}: Unknown configuration option: ${k}`),
      k,
    );
});
