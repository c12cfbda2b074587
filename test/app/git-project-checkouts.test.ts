// A git: project is built in its checkout, which campaigns on this machine share: a checkout per
// everything that changes the build (two campaigns at one commit with other build settings or
// features never build in, nor load the library of, each other's folder), and a lock so that
// two campaigns with the same settings never build one checkout at the same time (the second
// waits, then finds it built); the lock of a dead process is taken over. Real git (a repository
// on disk, file:// URL), real make.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadCampaign } from '../../src/app/campaign-setup.js';
import { buildProjects } from '../../src/app/build-projects.js';

function files(root: string, tree: Record<string, string>): void {
  for (const [path, text] of Object.entries(tree)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

const git = (cwd: string, ...args: string[]): void =>
  void execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], {
    cwd,
    stdio: 'ignore',
  });

/**
 * A project `foo` at tag v1 whose Makefile writes libfoo.so with its FLAVOUR (its "compile
 * flags") and, when GATE is given, first waits for that file; a model `sim` using it.
 */
function setUp(): { root: string; url: string } {
  const root = mkdtempSync(join(tmpdir(), 'opp-gitproj-'));
  const lib = join(root, 'foo-src');
  files(lib, {
    '.project': '<projectDescription><name>foo</name></projectDescription>',
    Makefile:
      'FLAVOUR ?= plain\nGATE ?=\nall:\n' +
      '\t@if [ -n "$(GATE)" ]; then while [ ! -e "$(GATE)" ]; do sleep 0.05; done; fi\n' +
      '\techo $(FLAVOUR) > libfoo.so\n',
  });
  git(lib, 'init', '-q');
  git(lib, 'add', '-A');
  git(lib, 'commit', '-qm', 'foo');
  git(lib, 'tag', 'v1');
  files(root, {
    'sim/omnetpp.ini': '[General]\nnetwork = Net\n',
    'sim/Net.ned': 'network Net {}\n',
  });
  return { root, url: `file://${lib}` };
}

async function settingsWith(root: string, url: string, args: string[]) {
  writeFileSync(
    join(root, 'sim', 'opp-campaign.yml'),
    `projects:\n  - name: foo\n    git: ${url}\n    ref: v1\n` +
      `    build: { preset: make, args: ${JSON.stringify(args)} }\n`,
  );
  return (await loadCampaign(join(root, 'sim'), {})).settings;
}

const options = (root: string, state: string, say: (line: string) => void) => ({
  dir: join(root, 'sim'),
  stateDir: join(root, state),
  checkoutRoot: join(root, 'checkouts'),
  ccacheDir: join(root, 'ccache'),
  jobs: 1,
  say,
});

test('one project at one commit with two build settings: two checkouts, each keeps its own library', async () => {
  const { root, url } = setUp();
  try {
    const a = await settingsWith(root, url, ['FLAVOUR=a']);
    const b = await settingsWith(root, url, ['FLAVOUR=b']);
    const linkedA = await buildProjects({ ...options(root, 'outA', () => {}), settings: a });
    const libA = linkedA?.buildEnv['OPP_CAMPAIGN_PROJECT_FOO'] as string;
    assert.equal(readFileSync(join(libA, 'libfoo.so'), 'utf8'), 'a\n');
    const linkedB = await buildProjects({ ...options(root, 'outB', () => {}), settings: b });
    const libB = linkedB?.buildEnv['OPP_CAMPAIGN_PROJECT_FOO'] as string;
    assert.notEqual(libB, libA, 'both campaigns were given one checkout');
    assert.equal(readFileSync(join(libB, 'libfoo.so'), 'utf8'), 'b\n');
    // campaign A's library is still A's (before: B rebuilt it in place, and A's runs loaded B's)
    assert.equal(readFileSync(join(libA, 'libfoo.so'), 'utf8'), 'a\n');
    // the same settings again: the same checkout, found built
    const said: string[] = [];
    const again = await buildProjects({
      ...options(root, 'outA', (l) => said.push(l)),
      settings: a,
    });
    assert.equal(again?.buildEnv['OPP_CAMPAIGN_PROJECT_FOO'], libA);
    assert.deepEqual(again?.rebuilt, []);
    assert.ok(said.includes("project 'foo': up to date"), said.join('\n'));
    assert.deepEqual(
      readdirSync(join(root, 'checkouts')).filter((f) => f.endsWith('.lock')),
      [],
      'a lock was left behind',
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('two campaigns with the same settings at once: the second waits until the first has built it, then finds it built', async () => {
  const { root, url } = setUp();
  try {
    const gate = join(root, 'gate');
    const saidB: string[] = [];
    const s = await settingsWith(root, url, ['FLAVOUR=a', `GATE=${gate}`]);
    const saidA: string[] = [];
    const first = buildProjects({ ...options(root, 'outA', (l) => saidA.push(l)), settings: s });
    // the first is building (its make waits for the gate) once it says so
    await new Promise<void>((resolve) => {
      const look = (): void =>
        saidA.some((l) => l.startsWith("building project 'foo'"))
          ? resolve()
          : void setTimeout(look, 20);
      look();
    });
    let waiting!: () => void;
    const seen = new Promise<string>((resolve) => {
      waiting = () => resolve('waited');
    });
    const second = buildProjects({
      ...options(root, 'outB', (l) => {
        saidB.push(l);
        if (/waiting for another opp-campaign/.test(l)) waiting();
      }),
      settings: s,
    });
    // before: the second built at once in the same folder (its make waited for the gate too)
    let decided = false;
    const started = new Promise<string>((resolve) => {
      const look = (): void => {
        if (saidB.some((l) => l.startsWith("building project 'foo'"))) resolve('built at once');
        else if (!decided) setTimeout(look, 20);
      };
      look();
    });
    const what = await Promise.race([seen, started]);
    decided = true;
    writeFileSync(gate, '');
    const [a, b] = await Promise.all([first, second]);
    assert.equal(what, 'waited', saidB.join('\n'));
    assert.match(
      saidB.join('\n'),
      new RegExp(
        `project 'foo': waiting for another opp-campaign \\(process ${process.pid}, since [^)]+\\) to finish building it \\(lock .*\\.lock\\)`,
      ),
    );
    assert.deepEqual(a?.rebuilt, ['foo']);
    assert.deepEqual(b?.rebuilt, [], 'the second built it again');
    assert.ok(saidB.includes("project 'foo': up to date"), saidB.join('\n'));
    assert.equal(
      readFileSync(join(b?.buildEnv['OPP_CAMPAIGN_PROJECT_FOO'] as string, 'libfoo.so'), 'utf8'),
      'a\n',
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("a checkout's lock left by a dead process is taken over: the build goes on", async () => {
  const { root, url } = setUp();
  try {
    const s = await settingsWith(root, url, ['FLAVOUR=a']);
    // where the checkout goes: a first build finds it
    const linked = await buildProjects({ ...options(root, 'outA', () => {}), settings: s });
    const dir = linked?.buildEnv['OPP_CAMPAIGN_PROJECT_FOO'] as string;
    const dead = spawnSync('true').pid;
    writeFileSync(`${dir}.lock`, `${dead} 1 2026-01-01T00:00:00.000Z\n`);
    const said: string[] = [];
    await buildProjects({
      ...options(root, 'outA', (l) => said.push(l)),
      settings: s,
    });
    assert.ok(said.includes("project 'foo': up to date"), said.join('\n'));
    assert.ok(!said.some((l) => /waiting/.test(l)), said.join('\n'));
    assert.deepEqual(
      readdirSync(join(root, 'checkouts')).filter((f) => f.endsWith('.lock')),
      [],
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
