import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../src/cli/program.js';

test('cli main: --help returns 0; no command at all is a wrong command line (2)', async () => {
  assert.equal(await main(['--help']), 0);
  assert.equal(
    await main([], {
      stdout: process.stdout,
      stderr: new (await import('node:stream')).PassThrough(),
    }),
    2,
  );
});
