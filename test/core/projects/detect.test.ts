// Zero-config detection over folder descriptions built in the test: the build, the model, the
// NED path and the referenced projects, as opp_makemake and the IDE find them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  detectProject,
  type DetectInput,
  type ProjectFolder,
  type ReferencedFolder,
} from '../../../src/core/projects/detect.js';
import { makefileFacts } from '../../../src/core/projects/makefile-target.js';

const folder = (name: string, more: Partial<ProjectFolder> = {}): ProjectFolder => ({
  name,
  path: `/w/${name}`,
  sources: [],
  programs: [],
  libraries: [],
  ...more,
});

const input = (model: ProjectFolder, more: Partial<DetectInput> = {}): DetectInput => ({
  model,
  referenced: [],
  iniLoadsLibraries: false,
  ...more,
});

/** The header and target lines opp_makemake 6.1 writes. */
const generated = (name: string, suffix = 'EXE_SUFFIX', prefix = ''): string =>
  [
    '#',
    `# OMNeT++/OMNEST Makefile for ${prefix}${name}`,
    '#',
    'TARGET_DIR = .',
    `TARGET_NAME = ${prefix}${name}$(D)`,
    `TARGET = $(TARGET_NAME)$(${suffix})`,
    '',
  ].join('\n');

const spec = (options: string, path = '.'): string =>
  `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<buildspec version="4.0">\n    <dir makemake-options="${options}" path="${path}" type="makemake"/>\n</buildspec>\n`;

/** aloha's .oppbuildspec, as OMNeT++ 6.1 ships it */
const SAMPLE_SPEC = spec(
  '--deep --meta:recurse --meta:export-library --meta:use-exported-libs --meta:feature-cflags --meta:feature-ldflags',
);
const QUEUEINGLIB_SPEC = spec(
  '--make-so -pQUEUEING -S -I. --meta:export-include-path --meta:export-library --meta:use-exported-libs --meta:feature-cflags --meta:feature-ldflags',
);

test('the target of a Makefile opp_makemake wrote', () => {
  assert.deepEqual(makefileFacts(generated('aloha')), {
    generated: true,
    target: { kind: 'exe', path: 'aloha' },
  });
  assert.deepEqual(
    makefileFacts(generated('queueinglib', 'SHARED_LIB_SUFFIX', '$(LIB_PREFIX)')).target,
    { kind: 'shared', path: 'queueinglib' },
  );
  assert.deepEqual(
    makefileFacts(generated('x', 'A_LIB_SUFFIX', '$(LIB_PREFIX)').replace('= .', '= out/lib'))
      .target,
    { kind: 'static', path: 'out/lib/x' },
  );
  assert.deepEqual(makefileFacts('all:\n\tg++ -o sim sim.cc\n'), {
    generated: false,
    target: undefined,
  });
});

test('a built sample: make with its Makefile, the Makefile target runs', () => {
  const d = detectProject(
    input(
      folder('aloha', {
        makefile: generated('aloha'),
        buildSpec: SAMPLE_SPEC,
        sources: ['Host.cc'],
        programs: ['aloha'],
      }),
    ),
  );
  assert.deepEqual(d.build, { preset: 'make', dir: '.', args: ['MODE=release'] });
  assert.equal(d.buildText, 'make MODE=release (the Makefile, by opp_makemake)');
  assert.deepEqual(d.model, {
    kind: 'found',
    program: './aloha',
    libraries: [],
    why: "the Makefile's target",
  });
});

test('an unbuilt sample: the .oppbuildspec says how, its target is named after the folder', () => {
  const d = detectProject(
    input(folder('aloha', { buildSpec: SAMPLE_SPEC, sources: ['Host.cc', 'Server.cc'] })),
  );
  assert.equal(d.build.preset, 'omnetpp');
  assert.ok(d.build.preset === 'omnetpp' && d.build.buildSpec?.length === 1);
  assert.equal(d.buildText, 'opp_makemake -f --deep && make MODE=release (.oppbuildspec)');
  assert.deepEqual(d.model, {
    kind: 'found',
    program: './aloha',
    libraries: [],
    why: 'the .oppbuildspec',
  });
  // -o names it; --make-so makes it a library opp_run loads
  const lib = detectProject(
    input(folder('mine', { buildSpec: spec('--deep --make-so -o sim'), sources: ['a.cc'] })),
  );
  assert.deepEqual(lib.model, {
    kind: 'found',
    program: undefined,
    libraries: ['./sim'],
    why: 'the .oppbuildspec',
  });
  const inSrc = detectProject(
    input(folder('mine', { buildSpec: spec('--deep -o sim', 'src'), sources: ['src/a.cc'] })),
  );
  assert.equal(inSrc.model.kind === 'found' && inSrc.model.program, 'src/sim');
});

test('sources alone: opp_makemake --deep, an executable named after the folder', () => {
  const d = detectProject(input(folder('mysim', { sources: ['src/a.cc', 'src/m.msg'] })));
  assert.deepEqual(d.build, {
    preset: 'omnetpp',
    dir: '.',
    makemake: ['-f', '--deep'],
    mode: 'release',
  });
  assert.equal(d.model.kind === 'found' && d.model.program, './mysim');
});

test('nothing to build: what is in the folder, named after the folder or the .project', () => {
  const dotProject = '<projectDescription><name>tictoc</name></projectDescription>';
  const cases: [Partial<ProjectFolder>, unknown][] = [
    [{ programs: ['other', 'mysim'] }, { program: './mysim', libraries: [] }],
    [{ programs: ['mysim_dbg'] }, { program: './mysim_dbg', libraries: [] }],
    [
      { programs: ['tictoc', 'x'], dotProject },
      { program: './tictoc', libraries: [] },
    ],
    [{ libraries: ['libmysim.so', 'libz.so'] }, { program: undefined, libraries: ['./mysim'] }],
    [{ programs: ['run-me'] }, { program: './run-me', libraries: [] }],
    [{ libraries: ['libmodel.so'] }, { program: undefined, libraries: ['./model'] }],
  ];
  for (const [more, expected] of cases) {
    const m = detectProject(input(folder('mysim', more))).model;
    assert.equal(m.kind, 'found', JSON.stringify(more));
    assert.deepEqual(
      m.kind === 'found' ? { program: m.program, libraries: m.libraries } : m,
      expected,
    );
  }
  const several = detectProject(input(folder('mysim', { programs: ['a', 'b'] }))).model;
  assert.equal(several.kind, 'ambiguous');
  assert.match(
    several.kind === 'ambiguous' ? several.message : '',
    /none named after the project \(an executable or lib\*\.so named mysim\): \.\/a, \.\/b/,
  );
  const none = detectProject(input(folder('mysim'))).model;
  assert.equal(none.kind, 'none');
  assert.match(none.kind === 'none' ? none.lookedFor : '', /a Makefile, an \.oppbuildspec, C\+\+/);
  assert.deepEqual(detectProject(input(folder('mysim'))).build, { preset: 'none' });
});

test('a hand-written Makefile: the .oppbuildspec builds when it has makemake folders, else make', () => {
  // INET's top Makefile stops ("please use make makefiles") until src/Makefile exists: the
  // IDE's build generates it first
  const inet = `<buildspec version="4.0"><dir path="." type="custom"/><dir makemake-options="--make-so --deep -o INET -O out" path="src" type="makemake"/></buildspec>`;
  const d = detectProject(
    input(
      folder('inet', { makefile: 'all: checkmakefiles\n\tcd src && $(MAKE)\n', buildSpec: inet }),
    ),
  );
  assert.equal(
    d.buildText,
    '(in src) opp_makemake -f --make-so --deep -o INET -O out && (in src) make MODE=release (.oppbuildspec)',
  );
  assert.equal(d.build.preset, 'omnetpp');
  assert.deepEqual(d.model.kind === 'found' && d.model.libraries, ['src/INET']);
  // a Makefile opp_makemake wrote is used as it is, .oppbuildspec or not
  const built = detectProject(
    input(folder('aloha', { makefile: generated('aloha'), buildSpec: SAMPLE_SPEC })),
  );
  assert.equal(built.buildText, 'make MODE=release (the Makefile, by opp_makemake)');
  const plain = detectProject(input(folder('sim', { makefile: 'all:\n', sources: ['a.cc'] })));
  assert.equal(plain.model.kind === 'found' && plain.model.program, './sim');
});

test('several executables in an .oppbuildspec are ambiguous', () => {
  const two = `<buildspec version="4.0"><dir makemake-options="-o a" path="x" type="makemake"/><dir makemake-options="-o b" path="y" type="makemake"/></buildspec>`;
  const m = detectProject(input(folder('p', { buildSpec: two, sources: ['x/a.cc'] }))).model;
  assert.deepEqual(m, {
    kind: 'ambiguous',
    message: 'the .oppbuildspec builds several executables: x/a, y/b',
  });
});

test("the model's NED folders, when not just the folder itself", () => {
  assert.deepEqual(detectProject(input(folder('a', { nedFolders: '.\n' }))).nedPath, []);
  assert.deepEqual(
    detectProject(input(folder('a', { nedFolders: 'src\nsimulations\n' }))).nedPath,
    ['src', 'simulations'],
  );
});

test('referenced projects: found ones become projects, the IDE build first', () => {
  const queueinglib: ReferencedFolder = {
    name: 'queueinglib',
    referencedBy: '/w/queuenet/.project',
    path: '../queueinglib',
    folder: folder('queueinglib', {
      buildSpec: QUEUEINGLIB_SPEC,
      makefile: generated('queueinglib', 'SHARED_LIB_SUFFIX', '$(LIB_PREFIX)'),
      sources: ['Job.cc'],
    }),
    lookedIn: ['../queueinglib'],
  };
  const built: ReferencedFolder = {
    name: 'helpers',
    referencedBy: '/w/queuenet/.project',
    path: '../helpers',
    folder: folder('helpers', {
      makefile: generated('helpers', 'SHARED_LIB_SUFFIX', '$(LIB_PREFIX)'),
    }),
    lookedIn: [],
  };
  const nedOnly: ReferencedFolder = {
    name: 'neds',
    referencedBy: '/w/helpers/.project',
    path: '../neds',
    folder: folder('neds'),
    lookedIn: [],
  };
  const missing: ReferencedFolder = {
    name: 'gone',
    referencedBy: '/w/queuenet/.project',
    lookedIn: ['../gone', 'every folder in /w with a .project named gone'],
  };
  const d = detectProject(
    input(folder('queuenet', { nedFolders: '.' }), {
      referenced: [queueinglib, built, nedOnly, missing],
    }),
  );
  assert.deepEqual(d.projects, [
    {
      name: 'queueinglib',
      source: { kind: 'path', path: '../queueinglib' },
      build: { preset: 'omnetpp', mode: 'release' },
    },
    {
      name: 'helpers',
      source: { kind: 'path', path: '../helpers' },
      build: { preset: 'make', dir: '.', args: ['MODE=release'] },
      libraries: ['helpers'],
    },
    {
      name: 'neds',
      source: { kind: 'path', path: '../neds' },
      build: { preset: 'none' },
      libraries: [],
    },
  ]);
  assert.deepEqual(d.projectTexts, [
    'queueinglib at ../queueinglib (its .oppbuildspec)',
    'helpers at ../helpers (its Makefile)',
    'neds at ../neds (nothing to build)',
  ]);
  assert.deepEqual(
    d.missing.map((m) => m.name),
    ['gone'],
  );
  assert.equal(d.model.kind, 'none');
});

test('a broken project file is an error naming it', () => {
  assert.throws(
    () =>
      detectProject(
        input(folder('p', { buildSpec: '<buildspec><dir path="." type="odd"/></buildspec>' })),
      ),
    /^ProjectFileError: \/w\/p\/\.oppbuildspec:1: unknown folder type 'odd'$/,
  );
});
