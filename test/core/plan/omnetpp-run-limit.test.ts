import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IniConfig, readIniFiles } from '../../../src/core/ini/index.js';
import { overOmnetppRunLimit } from '../../../src/core/plan/omnetpp-run-limit.js';

const ini = (text: string) =>
  new IniConfig(readIniFiles(['omnetpp.ini'], (p) => (p === 'omnetpp.ini' ? text : undefined)));

const STUDY = [
  '[General]',
  'network = Net',
  '[Config Fits]',
  '**.x = ${x=1..1000001}',
  '[Config Over]',
  '**.x = ${x=1..1001}',
  '**.y = ${y=1..1000}',
  '[Config Constrained]',
  '**.x = ${x=1..1e12}',
  'constraint = $x > 0',
  '',
].join('\n');

test('a config of more runs than OMNeT++ 6.1 runs (1,000,001) is an error at its heading, whatever the filter', () => {
  const study = ini(STUDY);
  assert.equal(overOmnetppRunLimit(study, ['General', 'Fits']), undefined);
  const e = overOmnetppRunLimit(study, ['Fits', 'Over']);
  assert.equal(
    e?.describe(),
    'omnetpp.ini:5: config Over has 1001000 runs: OMNeT++ 6.1 runs no run of a config of more ' +
      'than 1000001 (each stops with "Are you sure you want to generate more than one million ' +
      'runs?", whatever its run number). Split its runs over configs of at most 1000001 runs: ' +
      "move a variable out of it into configs that extend it, each with a part of that variable's " +
      'values, and run them together (-c A -c B)',
  );
  // a constraint is counted only as far as the limit
  assert.match(
    overOmnetppRunLimit(study, ['Constrained'])?.message ?? '',
    /^config Constrained has more than 1000001 runs: /,
  );
});
