import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makemakeToRefresh } from '../../src/adapters/makemake-refresh.js';

/** A Makefile opp_makemake --deep wrote for Host.cc. */
const GENERATED =
  '#\n# This file was generated with the command:\n#  opp_makemake --deep\n#\n\nOBJS = $O/Host.o\n\nMSGFILES =\n\nSMFILES =\n';

test("a campaign's results folder in the tree is not listed for sources (it may hold a file per run)", () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-refresh-'));
  writeFileSync(join(dir, 'Makefile'), GENERATED);
  writeFileSync(join(dir, 'Host.cc'), '');
  mkdirSync(join(dir, 'results', '.opp-campaign'), { recursive: true });
  // (a stand-in for what no results folder holds: a source opp_makemake would take)
  writeFileSync(join(dir, 'results', 'Stray.cc'), '');
  assert.equal(makemakeToRefresh(dir), undefined);
  // the same folder without the campaign's mark is a source folder like any other
  writeFileSync(join(dir, 'results', '.opp-campaign', 'x'), '');
  const other = join(dir, 'notes');
  mkdirSync(other);
  writeFileSync(join(other, 'Extra.cc'), '');
  assert.deepEqual(makemakeToRefresh(dir), ['-f', '--deep']);
});

test('a loop of symbolic links in the tree is no folder (the campaign went no further: ELOOP)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-refresh-'));
  writeFileSync(join(dir, 'Makefile'), GENERATED);
  writeFileSync(join(dir, 'Host.cc'), '');
  symlinkSync('loop', join(dir, 'loop'));
  assert.equal(makemakeToRefresh(dir), undefined);
});
