import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rawArgs, spawnable } from '../../src/adapters/raw-argv.js';

test("an argument Node read as U+FFFD is read again from the command line's bytes; nothing is guessed", () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-argv-'));
  const cmdline = join(dir, 'cmdline');
  // node, its options and the script come first; the arguments are the last ones
  writeFileSync(
    cmdline,
    Buffer.from(
      'node\0--enable-source-maps\0cli.js\0run\0-c\0Caf\xe9\0-r\0$v == "\xe8"\0',
      'latin1',
    ),
  );
  const args = ['run', '-c', 'Caf\uFFFD', '-r', '$v == "\uFFFD"'];
  assert.deepEqual(rawArgs(args, cmdline), ['run', '-c', 'Caf\udce9', '-r', '$v == "\udce8"']);
  // arguments that are not the command line's (process.title changed it): left as they are
  assert.deepEqual(rawArgs(['run', '-c', 'X\uFFFD'], cmdline), ['run', '-c', 'X\uFFFD']);
  // no U+FFFD: the file is not read
  assert.deepEqual(rawArgs(['plan'], join(dir, 'none')), ['plan']);
  assert.deepEqual(rawArgs(['-c', 'A\uFFFD'], join(dir, 'none')), ['-c', 'A\uFFFD']);
  rmSync(dir, { recursive: true, force: true });
});

test('spawnable: an argument holding a byte kept from an ini reaches the program as those bytes', () => {
  assert.deepEqual(spawnable('opp_run', ['-c', 'A']), ['opp_run', ['-c', 'A']]);
  const [file, args] = spawnable('printf', ['%s|', "it's caf\udce9 😀", '\udc80', '']);
  const r = spawnSync(file, args);
  assert.equal(r.status, 0, r.stderr.toString());
  assert.deepEqual(
    r.stdout,
    Buffer.concat([
      Buffer.from("it's caf"),
      Buffer.from([0xe9]),
      Buffer.from(' 😀|'),
      Buffer.from([0x80]),
      Buffer.from('||'),
    ]),
  );
});
