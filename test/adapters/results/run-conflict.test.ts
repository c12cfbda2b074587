// Result files that disagree on a run's attributes or iteration variables. What is an error is
// what opp_scavetool 6.1 refuses (checked live): an SQLite file after a file that gave the run
// other values ("Value of iteration variable conflicts with previously loaded value"); a text
// .sca after any file is not checked (the run keeps its first header), so `export conf.sca
// results/*.sca` (SQLite, then text) exports, with the SQLite file's values. The message names
// the run, the variable and both values, and the file of each, on every path (the whole load,
// the export in batches, one SQLite file giving a value twice).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { readResults } from '../../../src/adapters/results/export-batches.js';
import { loadResults } from '../../../src/adapters/results/load.js';
import { openDatabase } from '../../../src/adapters/results/sqlite-api.js';
import { exportResults } from '../../../src/app/export.js';
import { SQLITE_RESULT_SCHEMA } from '../../../src/core/results/index.js';

const RUN = 'PureAloha-22-20261205-10:00:00-4242';

function textSca(path: string, iaMean: string): void {
  writeFileSync(
    path,
    [
      'version 3',
      `run ${RUN}`,
      'attr configname PureAloha',
      'attr network Aloha',
      'attr runnumber 22',
      `itervar iaMean ${iaMean}`,
      '',
      'scalar Aloha.server duration 5',
      '',
    ].join('\n'),
  );
}

function sqliteSca(path: string, iaMean: string, extra = ''): void {
  const db = openDatabase(path, 'write');
  db.exec(SQLITE_RESULT_SCHEMA);
  db.exec(`INSERT INTO run (runId, runName, simtimeExp) VALUES (1, '${RUN}', -12);
    INSERT INTO runAttr (runId, attrName, attrValue) VALUES (1, 'configname', 'PureAloha'),
      (1, 'network', 'Aloha'), (1, 'runnumber', '22');
    INSERT INTO runItervar (runId, itervarName, itervarValue) VALUES (1, 'iaMean', '${iaMean}');
    INSERT INTO scalar (runId, moduleName, scalarName, scalarValue)
      VALUES (1, 'Aloha.server', 'collisions', 3);
    ${extra}`);
  db.close();
}

async function exported(inputs: string[]): Promise<string> {
  let written = '';
  const stdout = new Writable({
    write: (c: Buffer, _e, done) => {
      written += c.toString();
      done();
    },
  });
  await exportResults({ inputs, format: 'csv-r', output: '-', stdout });
  return written;
}

function folder(t: { after: (f: () => void) => void }): (name: string) => string {
  const dir = mkdtempSync(join(tmpdir(), 'opp-run-conflict-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return (name) => join(dir, name);
}

test('SQLite then a text .sca of the same run with another iaMean: exported with the SQLite values, as opp_scavetool does', async (t) => {
  const at = folder(t);
  sqliteSca(at('conf.sca'), '7');
  textSca(at('results.sca'), '3');
  const loaded = await loadResults([at('conf.sca'), at('results.sca')]);
  assert.equal(loaded.results.getRun(RUN)?.itervars.get('iaMean'), '7');
  assert.match(await exported([at('conf.sca'), at('results.sca')]), /itervar,,,iaMean,7,/);
});

test('a text .sca, then an SQLite file disagreeing: the run, the variable, both values and their files', async (t) => {
  // before: "conf.sca: Value of iteration variable conflicts with previously loaded value"
  const at = folder(t);
  sqliteSca(at('conf.sca'), '3');
  textSca(at('results.sca'), '7');
  const want = `${at('conf.sca')}: run ${RUN}: iteration variable iaMean is 3 here, 7 in ${at('results.sca')}`;
  await assert.rejects(loadResults([at('results.sca'), at('conf.sca')]), { message: want });
  await assert.rejects(exported([at('results.sca'), at('conf.sca')]), { message: want });
});

test('two SQLite files disagreeing: the same message from the whole load and the export in batches', async (t) => {
  const at = folder(t);
  sqliteSca(at('a.sca'), '1');
  sqliteSca(
    at('b.sca'),
    '2',
    "UPDATE runAttr SET attrValue = 'Aloha 2' WHERE attrName = 'network';",
  );
  const want = `${at('b.sca')}: run ${RUN}: run attribute network is "Aloha 2" here, Aloha in ${at('a.sca')}`;
  await assert.rejects(loadResults([at('a.sca'), at('b.sca')]), { message: want });
  // (two SQLite files and no text .sca: read in batches)
  await assert.rejects(readResults([at('a.sca'), at('b.sca')]), { message: want });
  await assert.rejects(exported([at('a.sca'), at('b.sca')]), { message: want });
});

test('one SQLite file giving a run two values: the same message when loaded whole and in batches', async (t) => {
  const at = folder(t);
  sqliteSca(
    at('conf.sca'),
    '3',
    "INSERT INTO runItervar (runId, itervarName, itervarValue) VALUES (1, 'iaMean', '5');",
  );
  const want = `${at('conf.sca')}: Cannot read SQLite result file: run ${RUN}: iteration variable iaMean is 5 here, 3 earlier in the same file`;
  textSca(at('other.sca'), '3');
  // a text .sca among the inputs: loaded whole; SQLite files alone: in batches
  await assert.rejects(exported([at('conf.sca'), at('other.sca')]), { message: want });
  await assert.rejects(exported([at('conf.sca')]), { message: want });
});
