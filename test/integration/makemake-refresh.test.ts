// After opp-campaign's own first build of a project with no Makefile (opp_makemake -f --deep,
// then make), the Makefile opp_makemake wrote is what builds it: a .cc added or deleted since
// is taken in, the Makefile written again with the command line its header records (real
// OMNeT++ 6.1, with aloha's sources); with nothing changed, opp_makemake is not run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { copySample, needsOmnetpp, theOmnetpp } from '../helpers/omnetpp.js';

const skip = needsOmnetpp();

test(
  'a .cc added, then deleted, after the first build: the Makefile opp_makemake wrote is written again, and the model builds and runs',
  { skip },
  async () => {
    const dir = copySample('aloha');
    const saved = process.env.PATH;
    process.env.PATH = theOmnetpp().path;
    try {
      rmSync(join(dir, 'Makefile'), { force: true });
      rmSync(join(dir, '.oppbuildspec'), { force: true });
      writeFileSync(
        join(dir, 'omnetpp.ini'),
        readFileSync(join(dir, 'omnetpp.ini'), 'utf8') +
          '\n[Quick]\nsim-time-limit = 10s\n**.iaTime = exponential(1s)\n',
      );
      const run = () =>
        runCli([
          'run',
          dir,
          '-c',
          'Quick',
          '--force',
          '--progress',
          'plain',
          '--ccache-dir',
          join(dirname(dir), 'cache'),
        ]);
      const buildLog = () =>
        readFileSync(join(dir, 'results', '.opp-campaign', 'build.log'), 'utf8');
      const first = await run();
      assert.equal(first.code, 0, first.stdout + first.stderr);
      assert.match(readFileSync(join(dir, 'Makefile'), 'utf8'), /opp_makemake -f --deep/);
      // nothing changed: make alone
      const again = await run();
      assert.equal(again.code, 0, again.stdout + again.stderr);
      assert.doesNotMatch(buildLog(), /opp_makemake/);
      // a new source that the model uses: without it in the Makefile the link fails
      writeFileSync(join(dir, 'Extra.cc'), 'int alohaExtra() { return 42; }\n');
      const server = readFileSync(join(dir, 'Server.cc'), 'utf8');
      writeFileSync(
        join(dir, 'Server.cc'),
        `${server}\nint alohaExtra();\nstatic int alohaExtraValue = alohaExtra();\n`,
      );
      const added = await run();
      assert.equal(added.code, 0, added.stdout + added.stderr);
      assert.match(buildLog(), /^\$ opp_makemake -f --deep$/m);
      // said (a hand edit of the Makefile is gone)
      assert.match(
        added.stderr + added.stdout,
        /the sources are not those the Makefile lists: written again \(opp_makemake -f --deep\)/,
      );
      assert.match(readFileSync(join(dir, 'Makefile'), 'utf8'), /\$O\/Extra\.o/);
      // deleted again: make would stop at "No rule to make target"
      writeFileSync(join(dir, 'Server.cc'), server);
      rmSync(join(dir, 'Extra.cc'));
      const deleted = await run();
      assert.equal(deleted.code, 0, deleted.stdout + deleted.stderr);
      assert.doesNotMatch(readFileSync(join(dir, 'Makefile'), 'utf8'), /Extra/);
    } finally {
      process.env.PATH = saved;
      rmSync(dirname(dir), { recursive: true, force: true });
    }
  },
);
