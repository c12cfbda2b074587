// queuenet's runs load queueinglib (real OMNeT++ 6.1): a rerun skips them when what they load
// from the project is as it was, whatever else changed in its folder (a README, the project's
// own results from running one of its examples), and reruns them when a NED file or the
// library changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { copySamples, needsOmnetpp, SHARED_CCACHE, theOmnetpp } from '../helpers/omnetpp.js';

const skip = needsOmnetpp();

test(
  "a touched file in queueinglib's folder leaves queuenet's runs done; a NED or C++ change reruns them",
  { skip },
  async () => {
    const parent = copySamples('queuenet', 'queueinglib');
    const model = join(parent, 'queuenet');
    const lib = join(parent, 'queueinglib');
    appendFileSync(
      join(model, 'omnetpp.ini'),
      '\n[Q]\nnetwork = SmallCQN\nsim-time-limit = 2000s\n' +
        '**.queue1.serviceTime = ${st=1s,2s}\n**.queue2.serviceTime = exponential(1s)\nrepeat = 2\n',
    );
    const campaign = async () => {
      const saved = process.env.PATH;
      process.env.PATH = theOmnetpp().path;
      try {
        const args = ['run', '.', '-c', 'Q', '--progress', 'plain'];
        const r = await runCli([...args, '--ccache-dir', SHARED_CCACHE], model);
        assert.equal(r.code, 0, r.stdout + r.stderr);
        return r.stdout;
      } finally {
        process.env.PATH = saved;
      }
    };
    try {
      assert.match(await campaign(), /succeeded {2}4\n/);

      writeFileSync(join(lib, 'README.txt'), 'notes\n');
      mkdirSync(join(lib, 'results'));
      writeFileSync(join(lib, 'results', 'General-#0.sca'), 'x\n');
      appendFileSync(join(lib, 'Queue.cc'), '\n// a comment: the same library\n');
      assert.match(await campaign(), /skipped {4}4 /);

      const ned = join(lib, 'Queue.ned');
      const text = readFileSync(ned, 'utf8');
      assert.match(text, /int capacity = default\(-1\);/);
      writeFileSync(
        ned,
        text.replace('int capacity = default(-1);', 'int capacity = default(-2);'),
      );
      assert.match(await campaign(), /succeeded {2}4\n/);

      appendFileSync(join(lib, 'Queue.cc'), '\nnamespace queueing { int changedLibrary = 1; }\n');
      assert.match(await campaign(), /succeeded {2}4\n/);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  },
);
