import { test } from 'node:test';
import assert from 'node:assert/strict';
import { main } from '../src/cli/program.js';

test('cli main returns 0', async () => {
  assert.equal(await main([]), 0);
});
