import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readIniFiles, IniError } from '../../../src/core/ini/index.js';
import { SectionGraph } from '../../../src/core/ini/sections.js';

const graph = (text: string) => {
  const g = new SectionGraph(readIniFiles(['omnetpp.ini'], () => text));
  g.validate();
  return g;
};

test('C3 linearisation of a diamond, as -q sectioninheritance prints it', () => {
  const g = graph(
    '[General]\n[Config Base]\n[Config Left]\nextends = Base\n[Config Right]\nextends = Base\n[Config D]\nextends = Left, Right\n',
  );
  assert.deepEqual(g.chainNames('D'), ['D', 'Left', 'Right', 'Base', 'General']);
  assert.deepEqual(g.chainNames('General'), ['General']);
});

test('without a [General] section, chains end without it and General is still a config', () => {
  const g = graph('[Config A]\n**.a = 1\n');
  assert.deepEqual(g.chainNames('A'), ['A']);
  assert.deepEqual(g.chainNames('General'), []);
});

test('inconsistent hierarchies, cycles and unknown bases are errors with a location', () => {
  const err = (text: string, re: RegExp, line?: number) =>
    assert.throws(
      () => graph(text),
      (e: unknown) =>
        e instanceof IniError &&
        re.test(e.message) &&
        (line === undefined || e.location?.line === line),
    );
  err(
    '[Config A]\nextends = B\n[Config B]\nextends = A\n',
    /Cycle detected in section fallback chain at \[A\]/,
    2,
  );
  err('[Config A]\nextends = Nope\n', /No such config: Nope/, 2);
  err('[General]\nextends = A\n[Config A]\n', /\[General\] section cannot extend/, 2);
  err(
    '[Config X]\n[Config Y]\n[Config A]\nextends = X, Y\n[Config B]\nextends = Y, X\n[Config C]\nextends = A, B\n',
    /fallback chain inconsistency at \[C\]/,
    7,
  );
  err('[Config 9lives]\n', /Must begin with a letter/, 1);
  assert.throws(() => graph('[General]\n').chainNames('Missing'), /No such config: Missing/);
});
