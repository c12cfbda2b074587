// Reading OMNeT++ project files and planning a project's build, on fixtures shaped like INET's
// and Veins' own files (test/fixtures/projects).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  nedPackageOf,
  parseBuildSpec,
  parseDotProject,
  parseNedExclusions,
  parseNedFolders,
  ProjectFileError,
} from '../../../src/core/projects/project-files.js';
import { planOmnetppBuild, type ProjectExports } from '../../../src/core/projects/makemake.js';
import { buildOrder, closure, ProjectGraphError } from '../../../src/core/projects/order.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'projects');
const read = (p: string): string => readFileSync(join(FIXTURES, p), 'utf8');

test('.project: the name and the referenced projects', () => {
  assert.deepEqual(parseDotProject(read('veins_inet/.project'), 'veins_inet/.project'), {
    name: 'veins_inet',
    references: ['inet', 'veins'],
  });
  // Veins' .project has <name> elements deep in its build commands too: the project's is the first
  assert.deepEqual(parseDotProject(read('veins/.project'), 'veins/.project'), {
    name: 'veins',
    references: [],
  });
  assert.throws(
    () => parseDotProject('<projectDescription><projects>\n<project>x</projects>', 'p/.project'),
    (e: unknown) =>
      e instanceof ProjectFileError && /^p\/\.project:2: unexpected <\/projects>/.test(e.message),
  );
});

test('.oppbuildspec: folders, their type and their makemake options', () => {
  const dirs = parseBuildSpec(read('inet/.oppbuildspec'), 'inet/.oppbuildspec');
  assert.deepEqual(
    dirs.map((d) => [d.path, d.type, d.options.join(' ')]),
    [
      ['.', 'custom', ''],
      [
        'src',
        'makemake',
        '--make-so --deep -o INET -O out -pINET --meta:export-include-path --meta:export-library --meta:use-exported-libs --meta:feature-cflags --meta:feature-ldflags',
      ],
    ],
  );
  assert.deepEqual(
    dirs.map((d) => d.line),
    [3, 4],
  );
});

test('.nedfolders and .nedexclusions (with OMNeT++ 4.x exclusion lines)', () => {
  assert.deepEqual(parseNedFolders(read('inet/.nedfolders')), {
    folders: ['examples', 'showcases', 'src', 'tutorials'],
    excludedPackages: [],
  });
  assert.deepEqual(parseNedFolders(read('veins/.nedfolders')).folders, [
    'examples/veins',
    'src/veins',
  ]);
  assert.deepEqual(parseNedFolders(read('legacy/.nedfolders')), {
    folders: ['examples', 'src'],
    excludedPackages: ['inet.applications.voipstream', 'inet.linklayer.ext'],
  });
  assert.deepEqual(parseNedExclusions('inet.emulation\ninet.visualizer.osg\n\n', 'x'), [
    'inet.emulation',
    'inet.visualizer.osg',
  ]);
  assert.throws(
    () => parseNedExclusions('inet.ok\nnot a package\n', 'p/.nedexclusions'),
    /p\/\.nedexclusions:2:/,
  );
  assert.equal(
    nedPackageOf('//\n// Copyright\n//\n\npackage org.car2x.veins;\n'),
    'org.car2x.veins',
  );
  assert.equal(nedPackageOf('// package commented.out;\n@license(GPL);\n'), '');
});

const ROOT = '/work';
const dirsOf = (p: string) => parseBuildSpec(read(`${p}/.oppbuildspec`), p);
const NO_DEPS: ProjectExports[] = [];

test('omnetpp preset on an INET-shaped project: makemake in src, --meta options translated', () => {
  const plan = planOmnetppBuild({
    folderName: 'inet',
    hasDotProject: true,
    root: `${ROOT}/inet`,
    dirs: dirsOf('inet'),
    mode: 'release',
    jobs: 4,
    features: {
      excludedFolders: ['src/inet/emulation', 'src/inet/emulation/ext', 'src/inet/visualizer/osg'],
      compileFlags: ['-DINET_WITH_IPv4'],
      linkerFlags: ['-lpcap'],
      hasDefinesFile: true,
    },
    deps: NO_DEPS,
  });
  assert.deepEqual(plan.steps, [
    {
      cmd: 'opp_makemake',
      args: [
        '-f',
        '--make-so',
        '--deep',
        '-o',
        'INET',
        '-O',
        'out',
        '-pINET',
        '-I.',
        // the -D flags go to the definesFile; the linker flags to makemake
        '-lpcap',
        '-Xinet/emulation',
        '-Xinet/emulation/ext',
        '-Xinet/visualizer/osg',
      ],
      dir: 'src',
    },
    { cmd: 'make', args: ['-j4', 'MODE=release'], dir: 'src' },
  ]);
  assert.deepEqual(plan.libraries, ['src/INET']);
  assert.deepEqual(plan.exports, {
    includeDirs: [`${ROOT}/inet/src`],
    libraries: [{ dir: `${ROOT}/inet/src`, name: 'INET' }],
  });

  // without a definesFile the compile flags go on the makemake command line
  const noHeader = planOmnetppBuild({
    folderName: 'inet',
    hasDotProject: true,
    root: `${ROOT}/inet`,
    dirs: dirsOf('inet'),
    mode: 'debug',
    jobs: 1,
    features: {
      excludedFolders: [],
      compileFlags: ['-DX'],
      linkerFlags: [],
      hasDefinesFile: false,
    },
    deps: NO_DEPS,
  });
  assert.deepEqual(noHeader.steps[0]?.args.slice(-2), ['-I.', '-DX']);
  assert.deepEqual(noHeader.steps[1], { cmd: 'make', args: ['-j1', 'MODE=debug'], dir: 'src' });
});

test('a project referencing INET and Veins uses their exported headers and libraries', () => {
  const exportsOf = (name: string, lib: string): ProjectExports => ({
    includeDirs: [`${ROOT}/${name}/src`],
    libraries: [{ dir: `${ROOT}/${name}/src`, name: lib }],
  });
  const plan = planOmnetppBuild({
    folderName: 'veins_inet',
    hasDotProject: true,
    root: `${ROOT}/veins_inet`,
    dirs: dirsOf('veins_inet'),
    mode: 'release',
    jobs: 2,
    deps: [exportsOf('inet', 'INET'), exportsOf('veins', 'veins')],
  });
  assert.deepEqual(plan.steps[0]?.args, [
    '-f',
    '--make-so',
    '--deep',
    '-o',
    'veins_inet',
    '-O',
    'out',
    '-pVEINS_INET',
    '-I.',
    '-I.',
    '-I../../inet/src',
    '-I../../veins/src',
    '-L../../inet/src',
    '-lINET$(D)',
    '-L../../veins/src',
    '-lveins$(D)',
  ]);
  assert.deepEqual(plan.libraries, ['src/veins_inet']);
});

test('--meta:recurse: the root descends into the build folders below it; make runs at the top', () => {
  const plan = planOmnetppBuild({
    folderName: 'mix',
    hasDotProject: true,
    root: `${ROOT}/mix`,
    dirs: dirsOf('legacy'),
    mode: 'release',
    jobs: 2,
    deps: NO_DEPS,
  });
  assert.deepEqual(
    plan.steps.map((s) => `${s.dir}: ${s.cmd} ${s.args.join(' ')}`),
    [
      '.: opp_makemake -f --nolink -O out -d base -d modules -d examples/basic -d tools',
      'base: opp_makemake -f --deep --make-so -o mixbase -O out',
      'modules: opp_makemake -f --deep --make-so -o mixmodules -O out -lmixbase',
      'examples/basic: opp_makemake -f -O out -lmixbase -lmixmodules',
      '.: make -j2 MODE=release',
    ],
  );
  assert.deepEqual(plan.libraries, ['base/mixbase', 'modules/mixmodules']);
  assert.deepEqual(
    plan.exports.libraries.map((l) => l.name),
    ['mixbase', 'mixmodules'],
  );
});

test('build order: references first; undeclared references and cycles are errors naming the files', () => {
  const nodes = [
    { name: 'veins_inet', references: ['inet', 'veins'], source: 'veins_inet/.project' },
    { name: 'inet', references: [], source: 'inet/.project' },
    { name: 'veins', references: [], source: 'veins/.project' },
  ];
  assert.deepEqual(buildOrder(nodes), ['inet', 'veins', 'veins_inet']);
  assert.deepEqual(closure(nodes, buildOrder(nodes), 'veins_inet'), [
    'inet',
    'veins',
    'veins_inet',
  ]);
  assert.deepEqual(closure(nodes, buildOrder(nodes), 'veins'), ['veins']);
  assert.deepEqual(buildOrder(nodes, { references: ['veins_inet'], source: 'model/.project' }), [
    'inet',
    'veins',
    'veins_inet',
  ]);
  assert.throws(
    () => buildOrder(nodes, { references: ['simu5g'], source: 'model/.project' }),
    (e: unknown) =>
      e instanceof ProjectGraphError &&
      e.message ===
        "model/.project references project 'simu5g', which the campaign file does not declare under 'projects' (declared: veins_inet, inet, veins)",
  );
  // no campaign file: the projects are the model's .project's; one referencing the model is a cycle
  assert.throws(
    () =>
      buildOrder(
        [...nodes, { name: 'x', references: ['simu5g'], source: 'x/.project' }],
        { references: ['veins_inet', 'x'], source: 'model/.project', name: 'model' },
        false,
      ),
    (e: unknown) =>
      e instanceof ProjectGraphError &&
      e.message ===
        "x/.project references project 'simu5g', which is not among the model's referenced projects (veins_inet, inet, veins, x, from model/.project; there is no campaign file): declare it under 'projects' in a campaign file",
  );
  assert.throws(
    () =>
      buildOrder(
        [
          { name: 'a', references: ['b'], source: 'a/.project' },
          { name: 'b', references: ['model'], source: 'b/.project' },
        ],
        { references: ['a'], source: 'model/.project', name: 'model' },
      ),
    (e: unknown) =>
      e instanceof ProjectGraphError &&
      e.message ===
        "b/.project references project 'model', the model itself: a cycle through the model (model -> a -> b -> model; see model/.project): a project the model uses cannot use the model; remove the reference from b/.project",
  );
  assert.throws(
    () =>
      buildOrder([
        { name: 'a', references: ['b'], source: 'a/.project' },
        { name: 'b', references: ['c'], source: 'b/.project' },
        { name: 'c', references: ['a'], source: 'c/.project' },
      ]),
    (e: unknown) =>
      e instanceof ProjectGraphError &&
      e.message ===
        'referenced projects form a cycle: a -> b -> c -> a (see a/.project, b/.project, c/.project)',
  );
});

test("a makemake folder without -o: its target is named after the project's folder (.project), else after itself", () => {
  const dirs = [
    { path: 'src', type: 'makemake' as const, options: ['--deep', '-O', 'out'], line: 3 },
  ];
  const plan = (hasDotProject: boolean) =>
    planOmnetppBuild({
      folderName: 'wizard',
      hasDotProject,
      root: `${ROOT}/wizard`,
      dirs,
      mode: 'release',
      jobs: 1,
      deps: NO_DEPS,
    });
  // the IDE's new project: opp_makemake in src/ finds the .project above it
  assert.deepEqual(plan(true).executables, ['src/wizard']);
  // no .project anywhere: opp_makemake names it after the folder it runs in
  assert.deepEqual(plan(false).executables, ['src/src']);
});
