// A project in the layout the IDE's new-project wizard makes: the model's sources in src/ (its
// .oppbuildspec runs opp_makemake there, with no -o), the ini in simulations/, a .project at the
// top. opp_makemake names the executable after the project's folder (the first folder upwards
// with a .project), not after src/ (real OMNeT++ 6.1, with aloha's sources).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { copySample, needsOmnetpp, theOmnetpp } from '../helpers/omnetpp.js';

const skip = needsOmnetpp();

const BUILDSPEC = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<buildspec version="4.0">
    <dir makemake-options="--deep -O out -I. --meta:recurse --meta:use-exported-include-paths --meta:export-library --meta:use-exported-libs --meta:feature-cflags --meta:feature-ldflags" path="src" type="makemake"/>
    <dir path="." type="custom"/>
</buildspec>
`;

function ideProject(): string {
  const aloha = copySample('aloha');
  const dir = join(aloha, '..', 'wizard');
  mkdirSync(join(dir, 'src'), { recursive: true });
  mkdirSync(join(dir, 'simulations'));
  for (const f of readdirSync(aloha))
    if (/\.(cc|h|ned)$/.test(f)) cpSync(join(aloha, f), join(dir, 'src', f));
  cpSync(join(aloha, 'omnetpp.ini'), join(dir, 'simulations', 'omnetpp.ini'));
  writeFileSync(join(dir, '.nedfolders'), 'src\nsimulations\n');
  writeFileSync(
    join(dir, '.project'),
    '<?xml version="1.0" encoding="UTF-8"?>\n<projectDescription><name>wizard</name><projects></projects></projectDescription>\n',
  );
  writeFileSync(join(dir, '.oppbuildspec'), BUILDSPEC);
  return dir;
}

test(
  "the IDE's layout (src/ and simulations/): built from its .oppbuildspec, its executable found and run",
  { skip },
  async () => {
    const dir = ideProject();
    const saved = process.env.PATH;
    process.env.PATH = theOmnetpp().path;
    let r;
    try {
      r = await runCli(
        [
          'run',
          '.',
          '-f',
          'simulations/omnetpp.ini',
          '-c',
          'PureAlohaExperiment',
          '-r',
          '0..1',
          '--progress',
          'plain',
          '--ccache-dir',
          join(dir, '..', 'cache'),
        ],
        dir,
      );
    } finally {
      process.env.PATH = saved;
    }
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /model src\/wizard \(the \.oppbuildspec\)/);
    assert.match(r.stdout, /succeeded {2}2\n/);
  },
);
