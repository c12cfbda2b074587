// Zero-config on real folders: what the folder adapter reads (binaries, not launcher scripts;
// sources below, not in build output; referenced projects beside the model), the campaign file
// overriding it, and a folder without a model stopping `run` before anything starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { describeFolder, findReferencedProjects } from '../../src/adapters/project-folder.js';
import { loadCampaign } from '../../src/app/campaign-setup.js';
import { buildProjects } from '../../src/app/build-projects.js';
import { runCli } from '../helpers/cli.js';

function files(root: string, tree: Record<string, string>): void {
  for (const [path, text] of Object.entries(tree)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

const dotProject = (name: string, refs: string[] = []): string =>
  `<projectDescription><name>${name}</name><projects>${refs.map((r) => `<project>${r}</project>`).join('')}</projects></projectDescription>`;

test('a folder: binaries and libraries in it, sources below it, its project files', () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'opp-detect-')), 'sim');
  files(dir, {
    sim: '\x7fELF...',
    'sim.sh': '#!/bin/sh\nexec ./sim "$@"\n',
    'libsim.so': '\x7fELF...',
    'README.txt': 'not executable',
    'NOTES.txt': 'executable by mistake (a tree from Windows)',
    'src/net/Node.cc': '',
    'src/msg/Pkt.msg': '',
    'out/gcc-release/gen.cc': '',
    '.hidden/x.cc': '',
    '.project': dotProject('simulator'),
    '.nedfolders': 'src\n',
  });
  for (const f of ['sim', 'sim.sh', 'libsim.so', 'NOTES.txt']) chmodSync(join(dir, f), 0o755);
  const f = describeFolder(dir);
  assert.equal(f.name, 'sim');
  assert.deepEqual(f.programs, ['sim']);
  assert.deepEqual(f.libraries, ['libsim.so']);
  assert.deepEqual(f.sources, ['src/msg/Pkt.msg', 'src/net/Node.cc']);
  assert.equal(f.nedFolders, 'src\n');
  assert.equal(f.makefile, undefined);
  assert.match(f.dotProject ?? '', /simulator/);
});

test('referenced projects are found beside the model, transitively; a missing one says where', () => {
  const ws = mkdtempSync(join(tmpdir(), 'opp-workspace-'));
  files(ws, {
    'model/.project': dotProject('model', ['liba', 'gone']),
    'liba/.project': dotProject('liba', ['libb']),
    'b-checkout/.project': dotProject('libb', ['liba']),
    'b-checkout/B.cc': '',
  });
  const refs = findReferencedProjects(join(ws, 'model'));
  assert.deepEqual(
    refs.map((r) => [r.name, r.path, r.referencedBy]),
    [
      ['liba', '../liba', join(ws, 'model', '.project')],
      ['gone', undefined, join(ws, 'model', '.project')],
      ['libb', '../b-checkout', join(ws, 'liba', '.project')],
    ],
  );
  assert.deepEqual(refs[1]?.lookedIn, [
    '../gone',
    `every folder in ${ws} with a .project named gone`,
  ]);
  assert.deepEqual(refs[2]?.folder?.sources, ['B.cc']);
});

test('the campaign file overrides what the folder says', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-override-'));
  files(dir, {
    'omnetpp.ini': '[General]\n',
    Makefile:
      '# OMNeT++/OMNEST Makefile for x\nTARGET_DIR = .\nTARGET_NAME = x$(D)\nTARGET = $(TARGET_NAME)$(EXE_SUFFIX)\n',
  });
  const detected = await loadCampaign(dir, {});
  assert.deepEqual(detected.settings.build, { preset: 'make', dir: '.', args: ['MODE=release'] });
  assert.equal(detected.settings.run.preset === 'omnetpp' && detected.settings.run.program, './x');
  assert.equal(detected.modelDetected, true);

  writeFileSync(join(dir, 'opp-campaign.yml'), 'build: none\nrun: { program: out/other }\n');
  const given = await loadCampaign(dir, {});
  assert.deepEqual(given.settings.build, { preset: 'none' });
  assert.equal(given.settings.run.preset === 'omnetpp' && given.settings.run.program, 'out/other');
  assert.equal(given.detected, undefined);
  assert.equal(given.modelDetected, false);
});

test('run in a folder without a model stops before anything starts, naming what it looked for', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'opp-nomodel-')), 'sim');
  files(dir, { 'omnetpp.ini': '[General]\nnetwork = Net\n', 'Net.ned': 'network Net {}\n' });
  const r = await runCli(['run', dir, '--progress', 'plain']);
  assert.equal(r.code, 1);
  assert.equal(
    r.stderr.trim(),
    `opp-campaign: error: ${dir}: no simulation model found: looked for a Makefile, an .oppbuildspec, C++ sources (*.cc, *.cpp, *.msg) for opp_makemake, an executable or lib*.so named sim, projects referenced by .project, load-libs in the ini files; build the model first, or say what to run in opp-campaign.yml (run: program or libraries; build:)`,
  );
  assert.ok(!existsSync(join(dir, 'results')));
});

test("an ini in a folder of an OMNeT++ project (the IDE's simulations/ beside src/): the error says how to run it from the project", async () => {
  const root = mkdtempSync(join(tmpdir(), 'opp-nested-'));
  const proj = join(root, 'bigproj');
  files(proj, {
    '.project': dotProject('bigproj'),
    '.oppbuildspec':
      '<buildspec version="4.0"><dir path="src" type="makemake" makemake-options="--deep --make-so"/></buildspec>',
    '.nedfolders': 'src\nsimulations\n',
    'src/Queue.cc': '',
    'simulations/omnetpp.ini': '[General]\nnetwork = Net\n',
  });
  const r = await runCli(['run', join(proj, 'simulations'), '--progress', 'plain']);
  assert.equal(r.code, 1);
  const project = relative(process.cwd(), proj);
  assert.ok(
    r.stderr.includes(
      `is inside the OMNeT++ project at ${project} (its .project): run it from there, as the IDE builds it: opp-campaign run ${project} -f simulations/omnetpp.ini\n`,
    ),
    r.stderr,
  );
  // a folder with no project around it: no such advice
  const lone = mkdtempSync(join(tmpdir(), 'opp-lone-'));
  files(lone, { 'omnetpp.ini': '[General]\nnetwork = Net\n' });
  const l = await runCli(['run', lone, '--progress', 'plain']);
  assert.equal(l.code, 1);
  assert.doesNotMatch(l.stderr, /inside the OMNeT\+\+ project/);
});

test('an ini error comes before anything about the model', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'opp-badini-'));
  files(dir, { 'omnetpp.ini': '[General]\n**.x = ${x=1..}\n' });
  const r = await runCli(['run', dir, '--progress', 'plain']);
  assert.equal(r.code, 1);
  // the file as found from the current folder: DIR/omnetpp.ini
  assert.ok(r.stderr.startsWith(`opp-campaign: error: ${dir}/omnetpp.ini:2: `), r.stderr);
});

test('load-libs in an included ini file: the model comes from the ini, as opp_run loads it', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'opp-loadlibs-')), 'sim');
  files(dir, {
    'omnetpp.ini': '[General]\ninclude common.ini\nnetwork = Net\n',
    'common.ini': 'load-libs = ../inet/src/INET\n',
    'Net.ned': 'network Net {}\n',
  });
  const c = await loadCampaign(dir, {});
  assert.equal(c.settings.run.preset, 'omnetpp');
  assert.match(c.detected ?? '', /load-libs/);
});

test('features of detected projects: the campaign file sets them without declaring the projects; a wrong project or feature is refused before anything is built', async () => {
  const root = mkdtempSync(join(tmpdir(), 'opp-detected-features-'));
  const feature = (id: string) =>
    `<feature id="${id}" name="${id}" description="" initiallyEnabled="true" requires="" recommended="" labels="" nedPackages="" extraSourceFolders="" compileFlags="-DWITH_${id.toUpperCase()}" linkerFlags=""/>`;
  files(root, {
    // a chain: sim -> ext -> base, each found beside the model as the IDE's workspace has them
    'base/.project': dotProject('base'),
    'base/Makefile': 'all:\n\ttouch built\n',
    'ext/.project': dotProject('ext', ['base']),
    'ext/Makefile': 'all:\n\ttouch built\n',
    'ext/.oppfeatures': `<features>${feature('Counting')}</features>`,
    'sim/.project': dotProject('sim', ['ext']),
    'sim/omnetpp.ini': '[General]\nnetwork = Net\n',
    'sim/Net.ned': 'network Net {}\n',
  });
  const dir = join(root, 'sim');
  writeFileSync(join(dir, 'opp-campaign.yml'), 'features: { ext: { disable: [Counting] } }\n');
  const c = await loadCampaign(dir, {});
  assert.deepEqual(c.settings.projects?.map((p) => p.name).sort(), ['base', 'ext']);
  assert.deepEqual(c.settings.features, { ext: { enable: [], disable: ['Counting'] } });

  writeFileSync(join(dir, 'opp-campaign.yml'), 'features: { nope: { disable: [Counting] } }\n');
  await assert.rejects(
    loadCampaign(dir, {}),
    /opp-campaign\.yml:1: 'features\.nope': 'nope' is not a referenced project \(the model's: (ext, base|base, ext);/,
  );

  // a misspelt feature of a project built late: refused before the first project is built
  writeFileSync(join(dir, 'opp-campaign.yml'), 'features: { ext: { disable: [Countin] } }\n');
  const late = await loadCampaign(dir, {});
  await assert.rejects(
    buildProjects({
      dir,
      settings: late.settings,
      stateDir: join(root, 'state'),
      checkoutRoot: join(root, 'checkouts'),
      ccacheDir: join(root, 'ccache'),
      jobs: 1,
      say: () => undefined,
    }),
    /Countin/,
  );
  assert.ok(!existsSync(join(root, 'base', 'built')), 'base was built before the error');
});

test('project and feature mistakes found after the campaign file is read name its line', async () => {
  const root = mkdtempSync(join(tmpdir(), 'opp-feature-lines-'));
  const feature = (id: string) =>
    `<feature id="${id}" name="${id}" description="" initiallyEnabled="true" requires="" recommended="" labels="" nedPackages="" extraSourceFolders="" compileFlags="" linkerFlags=""/>`;
  files(root, {
    'ext/.project': dotProject('ext'),
    'ext/Makefile': 'all:\n\ttouch built\n',
    'ext/.oppfeatures': `<features>${feature('Counting')}${feature('Other')}</features>`,
    'sim/.project': dotProject('sim', ['ext']),
    'sim/omnetpp.ini': '[General]\nnetwork = Net\n',
    'sim/Net.ned': 'network Net {}\n',
  });
  const dir = join(root, 'sim');
  const file = join(dir, 'opp-campaign.yml');
  const fails = async (text: string, message: RegExp): Promise<void> => {
    writeFileSync(file, text);
    const c = await loadCampaign(dir, {});
    await assert.rejects(
      buildProjects({
        dir,
        settings: c.settings,
        stateDir: join(root, 'state'),
        checkoutRoot: join(root, 'checkouts'),
        ccacheDir: join(root, 'ccache'),
        jobs: 1,
        say: () => undefined,
      }),
      (e: Error) => message.test(e.message),
    );
  };
  const at = (line: number): string => `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}: `;
  await fails(
    'jobs: 1\nfeatures:\n  ext:\n    disable:\n      - Other\n      - Countin\n',
    new RegExp(`${at(6)}\\S+\\.oppfeatures defines no feature 'Countin'`),
  );
  await fails(
    'features:\n  ext:\n    enable: [Counting]\n    disable:\n      - Other\n      - Counting\n',
    new RegExp(`${at(6)}feature 'Counting' is both enabled and disabled$`),
  );
  await fails(
    'projects:\n  - name: ext\n    path: ../nosuch\n',
    new RegExp(`${at(3)}project 'ext': \\S+nosuch \\(projects: path\\) is not a folder$`),
  );
  // a project neither declared nor found beside the model
  writeFileSync(file, 'jobs: 1\nfeatures:\n  nosuchproj: { enable: [X] }\n');
  await assert.rejects(loadCampaign(dir, {}), (e: Error) =>
    new RegExp(`${at(3)}'features\\.nosuchproj': 'nosuchproj' is not a referenced project`).test(
      e.message,
    ),
  );
  assert.ok(!existsSync(join(root, 'ext', 'built')), 'nothing was built');
});

test('a referenced project with its own Makefile: the runs load the lib*.so its build left', async () => {
  const root = mkdtempSync(join(tmpdir(), 'opp-handmake-'));
  const dir = join(root, 'sim');
  files(root, {
    // a clean checkout: nothing built yet, and no .oppbuildspec to say what it exports
    'foo/.project': dotProject('foo'),
    'foo/Makefile': 'all: libfoo.so\nlibfoo.so: foo.c\n\tcc -shared -fPIC -o $@ foo.c\n',
    'foo/foo.c': 'int foo(void) { return 1; }\n',
    'sim/.project': dotProject('sim', ['foo']),
    'sim/omnetpp.ini': '[General]\nnetwork = Net\n',
    'sim/Net.ned': 'network Net {}\n',
  });
  const c = await loadCampaign(dir, {});
  assert.deepEqual(
    c.settings.projects?.map((p) => [p.name, p.build.preset, p.libraries]),
    [['foo', 'make', undefined]],
    'what it exports is not known before its build',
  );
  const linked = await buildProjects({
    dir,
    settings: c.settings,
    stateDir: join(root, 'state'),
    checkoutRoot: join(root, 'checkouts'),
    ccacheDir: join(root, 'ccache'),
    jobs: 1,
    say: () => undefined,
  });
  assert.deepEqual(linked?.paths.libraries, ['../foo/foo']);
});

test("no campaign file, and a referenced project's .project references the model: a cycle through the model", async () => {
  const root = mkdtempSync(join(tmpdir(), 'opp-modelcycle-'));
  const dir = join(root, 'queuenet');
  files(root, {
    'queueinglib/.project': dotProject('queueinglib', ['queuenet']),
    'queueinglib/Makefile': 'all:\n\ttouch built\n',
    'queuenet/.project': dotProject('queuenet', ['queueinglib']),
    'queuenet/omnetpp.ini': '[General]\nnetwork = Net\n',
    'queuenet/Net.ned': 'network Net {}\n',
  });
  try {
    const c = await loadCampaign(dir, {});
    const e = await buildProjects({
      dir,
      settings: c.settings,
      stateDir: join(root, 'state'),
      checkoutRoot: join(root, 'checkouts'),
      ccacheDir: join(root, 'ccache'),
      jobs: 1,
      say: () => undefined,
    }).then(
      () => assert.fail('no error'),
      (e: unknown) => e as Error,
    );
    // before: "... references project 'queuenet', which the campaign file does not declare under
    // 'projects' (declared: queueinglib)", with no campaign file there
    assert.equal(
      e.message,
      `${join(root, 'queueinglib', '.project')} references project 'queuenet', the model itself: ` +
        `a cycle through the model (queuenet -> queueinglib -> queuenet; see ${join(dir, '.project')}): ` +
        `a project the model uses cannot use the model; remove the reference from ${join(root, 'queueinglib', '.project')}`,
    );
    assert.ok(!existsSync(join(root, 'queueinglib', 'built')), 'queueinglib was built');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
