import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IniConfig, readIniFiles } from '../../../src/core/ini/index.js';
import { missingNetwork } from '../../../src/core/plan/network.js';

const ini = (text: string) =>
  new IniConfig(readIniFiles(['omnetpp.ini'], (p) => (p === 'omnetpp.ini' ? text : undefined)));

// the fifo sample's layout: [General] holds common settings, each config its network
const FIFO = [
  '[General]',
  'sim-time-limit = 10s',
  '[Fifo1]',
  'description = "low job arrival rate"',
  'network = SingleQueue',
  '[Base]',
  'abstract = true',
  'network = SingleQueue',
  '[Tandem]',
  'extends = Base',
  '**.n = ${n=1..3}',
  '',
].join('\n');

test('a config that names no network is an error at its heading, naming the configs that do', () => {
  const e = missingNetwork(ini(FIFO), ['General'], []);
  assert.equal(
    e?.describe(),
    'omnetpp.ini:1: config General names no network (network= is missing or empty): OMNeT++ ' +
      'would stop every run of it with "No network specified"; configs that name one: ' +
      'Fifo1 (low job arrival rate), Tandem',
  );
  // how to choose is the entry point's to say (-c NAME, the action's input configs)
  assert.equal(e?.remedy, 'choose-config');
  // every config asked for is looked at, not only the first
  assert.match(
    missingNetwork(ini(FIFO), ['Fifo1', 'General'], [])?.message ?? '',
    /config General/,
  );
});

test('a network from the ini (inherited too) or from the command line is enough', () => {
  assert.equal(missingNetwork(ini(FIFO), ['Fifo1', 'Tandem'], []), undefined);
  assert.equal(missingNetwork(ini(FIFO), ['General'], ['--network=SingleQueue']), undefined);
  assert.notEqual(missingNetwork(ini(FIFO), ['General'], ['--network=']), undefined);
  // [General] naming it covers every config
  assert.equal(missingNetwork(ini('network = Net\n[A]\n'), ['General', 'A'], []), undefined);
});

test('with no config naming a network, the way to give one is said', () => {
  assert.match(
    missingNetwork(ini('[General]\n**.x = 1\n'), ['General'], [])?.message ?? '',
    /; set network= in it, or give --network=NAME to the runs$/,
  );
});
