// Corrupt result files are reported as ResultFileError with the file name and, for text files,
// the line number.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadResults } from '../../../src/adapters/results/index.js';
import { ResultFileError, exportCsvRecords } from '../../../src/core/results/index.js';

const FIX = join(import.meta.dirname, '../../fixtures/results');
const RUN2 = 'PureAlohaExperiment-numHosts=10,iaMean=2-#0';
const sca = readFileSync(join(FIX, 'text', `${RUN2}.sca`), 'utf8');
const vec = readFileSync(join(FIX, 'text', `${RUN2}.vec`), 'utf8');

/** Loads `content` written to a temporary file; returns the error message with the folder removed. */
async function loadError(name: string, content: string | Buffer): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'opp-results-'));
  try {
    const file = join(dir, name);
    writeFileSync(file, content);
    try {
      const { results, data } = await loadResults([file]);
      for await (const chunk of exportCsvRecords(results, data)) void chunk;
    } catch (e) {
      assert.ok(e instanceof ResultFileError, `not a ResultFileError: ${String(e)}`);
      assert.equal(e.file, file);
      return e.message.replace(`${dir}/`, '');
    }
    return assert.fail('no error');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const lineOf = (text: string, needle: string): number =>
  text.slice(0, text.indexOf(needle)).split('\n').length;

test('a truncated .sca', async () => {
  const cut = sca.slice(0, sca.indexOf('Aloha.host[3] y') + 10);
  assert.equal(
    await loadError('cut.sca', cut),
    `cut.sca:${cut.split('\n').length}: last line has no line terminator (truncated file?)`,
  );
});

test('a .sca with a bad line, a bad number, no run line', async () => {
  const lines = sca.split('\n');
  lines.splice(9, 0, 'this is not a result line');
  assert.equal(await loadError('bad.sca', lines.join('\n')), 'bad.sca:10: unrecognized line');

  const badNumber = sca.replace(
    'scalar Aloha.server duration 180',
    'scalar Aloha.server duration 18O',
  );
  assert.equal(
    await loadError('number.sca', badNumber),
    `number.sca:${lineOf(sca, 'scalar Aloha.server duration')}: invalid value column`,
  );

  const noRun = sca.replace(/^run .*\n/m, '');
  assert.equal(await loadError('norun.sca', noRun), "norun.sca:2: stray 'attr' line");
});

test('a truncated or corrupt .vec', async () => {
  // the file ends with an empty line: cut inside the last data line
  const cut = vec.slice(0, vec.trimEnd().lastIndexOf('\n') + 4);
  assert.equal(
    await loadError(`${RUN2}.vec`, cut),
    `${RUN2}.vec:${cut.split('\n').length}: last line has no line terminator (truncated file?)`,
  );
  const at = lineOf(vec, '\n0\t') + 1;
  const lines = vec.split('\n');
  lines[at - 1] = (lines[at - 1] ?? '').replace(/\t[^\t]*$/, '\tone');
  assert.equal(await loadError('v.vec', lines.join('\n')), `v.vec:${at}: Malformed data value`);
  lines[at - 1] = '0\t12';
  assert.equal(await loadError('v.vec', lines.join('\n')), `v.vec:${at}: Data line too short`);
});

test('a truncated SQLite file', async () => {
  const db = readFileSync(join(FIX, 'sqlite', `${RUN2}.vec`));
  const message = await loadError('cut.vec', db.subarray(0, 40960));
  assert.match(message, /^cut\.vec: Cannot read SQLite result file: /);
});
