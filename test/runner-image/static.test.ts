// Static checks of runner-image/: shellcheck on every shell script of the repository, the
// Dockerfile linted (dockerfile-utils, plus the rules below that it does not know), the
// cloud-init user data and the Helm values parsed and checked for what they must contain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { validate } from 'dockerfile-utils';
import YAML from 'yaml';

const ROOT = new URL('../../', import.meta.url).pathname;
const IMAGE = join(ROOT, 'runner-image');
const read = (...parts: string[]): string => readFileSync(join(...parts), 'utf8');

function has(tool: string, ...args: string[]): boolean {
  return spawnSync(tool, args, { stdio: 'ignore' }).status === 0;
}

// --- shell scripts ---------------------------------------------------------------------------

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'out', 'results']);
const SHELL_SHEBANG = /^#!\s*(?:\/usr\/bin\/env\s+)?(?:\/usr)?(?:\/bin\/)?(?:ba|da|k)?sh\b/;

/** Every file of the repository that is a shell script: *.sh, or a shell shebang. */
function shellScripts(dir = ROOT): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) found.push(...shellScripts(path));
    } else if (entry.isFile() && statSync(path).size < 1_000_000) {
      const firstLine = readFileSync(path, 'utf8').split('\n', 1)[0] ?? '';
      if (entry.name.endsWith('.sh') || SHELL_SHEBANG.test(firstLine)) found.push(path);
    }
  }
  return found.sort();
}

test('shellcheck: every shell script of the repository is clean', (t) => {
  if (!has('shellcheck', '--version'))
    return t.skip('shellcheck is not installed (apt-get install shellcheck; .ci/run installs it)');
  const scripts = shellScripts();
  const names = scripts.map((s) => relative(ROOT, s));
  for (const expected of [
    'runner-image/entrypoint.sh',
    'runner-image/vm/opp-runner-start.sh',
    'runner-image/vm/reclaim-watch.sh',
    '.ci/run',
  ])
    assert.ok(names.includes(expected), `${expected} was not found as a shell script`);
  const r = spawnSync('shellcheck', ['--external-sources', '--severity=style', ...scripts], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, `shellcheck found problems:\n${r.stdout}${r.stderr}`);
});

// --- the Dockerfile --------------------------------------------------------------------------

interface Instruction {
  readonly keyword: string;
  readonly args: string;
  readonly line: number;
}

/** Instructions with their continuation lines joined; comments and blank lines dropped. */
function instructions(text: string): Instruction[] {
  const result: Instruction[] = [];
  let pending: { parts: string[]; line: number } | undefined;
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && !pending)) return;
    const continued = line.endsWith('\\');
    const part = continued ? line.slice(0, -1).trim() : line;
    pending ??= { parts: [], line: i + 1 };
    pending.parts.push(part);
    if (!continued) {
      const joined = pending.parts.filter((p) => p !== '').join(' ');
      const space = joined.indexOf(' ');
      result.push({
        keyword: joined.slice(0, space).toUpperCase(),
        args: joined.slice(space + 1),
        line: pending.line,
      });
      pending = undefined;
    }
  });
  return result;
}

const DOCKERFILE = read(IMAGE, 'Dockerfile');
const INSTRUCTIONS = instructions(DOCKERFILE);
const all = (keyword: string): Instruction[] => INSTRUCTIONS.filter((i) => i.keyword === keyword);
const finalStage = INSTRUCTIONS.slice(INSTRUCTIONS.lastIndexOf(all('FROM').at(-1)!));

test('Dockerfile: dockerfile-utils finds no problem', () => {
  const problems = validate(DOCKERFILE).map(
    (d) => `Dockerfile:${d.range.start.line + 1}: ${JSON.stringify(d.message)}`,
  );
  assert.deepEqual(problems, []);
});

test('Dockerfile: base images pinned by version and digest; runs as runner, not root', () => {
  const froms = all('FROM');
  assert.equal(froms.length, 2, 'a build stage for OMNeT++ and the runner image');
  for (const f of froms) {
    assert.match(
      f.args,
      /^ghcr\.io\/actions\/actions-runner:\d+\.\d+\.\d+@sha256:[0-9a-f]{64}(?: AS \w+)?$/,
      `line ${f.line}: FROM must name a runner release and its digest`,
    );
  }
  assert.equal(new Set(froms.map((f) => f.args.split(' ')[0])).size, 1, 'one base for both stages');
  assert.equal(finalStage.filter((i) => i.keyword === 'USER').at(-1)?.args, 'runner');
  const entrypoint = all('ENTRYPOINT').at(-1)?.args ?? '';
  assert.deepEqual(JSON.parse(entrypoint), ['/usr/local/bin/opp-runner-entrypoint']);
  assert.ok(
    finalStage.some(
      (i) =>
        i.keyword === 'COPY' &&
        /entrypoint\.sh \/usr\/local\/bin\/opp-runner-entrypoint$/.test(i.args),
    ),
  );
  assert.match(
    finalStage.find((i) => i.keyword === 'RUN' && i.args.includes('gpasswd'))?.args ?? '',
    /gpasswd --delete runner sudo/,
    'jobs must not get passwordless sudo',
  );
});

test('Dockerfile: downloads verified, apt lists removed, pipes fail, no secrets', () => {
  assert.equal(all('ADD').length, 0, 'ADD fetches URLs unverified: use curl and a checksum');
  for (const run of all('RUN')) {
    if (/\b(curl|wget)\b[^&|;]*https?:\/\//.test(run.args))
      assert.match(
        run.args,
        /sha(1|256)sum --check/,
        `line ${run.line}: a download without checksum`,
      );
    if (/apt-get install/.test(run.args)) {
      assert.match(run.args, /--no-install-recommends/, `line ${run.line}`);
      assert.match(run.args, /rm -rf \/var\/lib\/apt\/lists\/\*/, `line ${run.line}`);
    }
  }
  // Each stage sets a bash SHELL with pipefail before its first RUN with a pipe.
  for (const [start, stage] of stages()) {
    const shell = stage.findIndex((i) => i.keyword === 'SHELL');
    const piped = stage.findIndex((i) => i.keyword === 'RUN' && / \| /.test(i.args));
    if (piped >= 0) {
      assert.ok(shell >= 0 && shell < piped, `stage at line ${start}: SHELL before a piped RUN`);
      assert.deepEqual(JSON.parse(stage[shell]!.args), ['/bin/bash', '-o', 'pipefail', '-c']);
    }
  }
  for (const i of [...all('ARG'), ...all('ENV')])
    for (const [, name] of i.args.matchAll(/(?:^|\s)(\w+)=/g))
      assert.doesNotMatch(
        name ?? '',
        /(^|_)(TOKEN|SECRET|PASSWORD|PAT|JITCONFIG|CREDENTIALS?)(_|$)/i,
        `line ${i.line}: ${name}: credentials never go into an image`,
      );
});

function stages(): [number, Instruction[]][] {
  const starts = INSTRUCTIONS.flatMap((i, n) => (i.keyword === 'FROM' ? [n] : []));
  return starts.map((s, k) => [INSTRUCTIONS[s]!.line, INSTRUCTIONS.slice(s, starts[k + 1])]);
}

test('Dockerfile: OMNeT++ from source without GUI, version as build argument; cache and labels', () => {
  assert.ok(all('ARG').some((a) => /^OMNETPP_VERSION=\d+\.\d+\.\d+$/.test(a.args)));
  const build = all('RUN').find((r) => r.args.includes('./configure'))?.args ?? '';
  for (const flag of ['WITH_QTENV=no', 'WITH_OSG=no', 'WITH_OSGEARTH=no'])
    assert.ok(build.includes(flag), `configure without ${flag}`);
  assert.match(build, /make MODE=release/);
  const download = all('RUN').find((r) => r.args.includes('-core.tgz'))?.args ?? '';
  assert.match(download, /omnetpp-\$\{OMNETPP_VERSION\}-core\.tgz/);
  const install = finalStage.find((i) => i.keyword === 'RUN' && i.args.includes('apt-get install'));
  for (const pkg of ['ccache', 'zstd', 'git', 'make', 'clang', 'build-essential'])
    assert.match(install?.args ?? '', new RegExp(`\\b${pkg}\\b`), `the image needs ${pkg}`);
  // OMNeT++ links its libraries and every model with the system's SQLite (Makefile.inc:
  // SYS_LIBS = -lstdc++ -lsqlite3): both stages need its development files
  const installs = all('RUN').filter((r) => r.args.includes('apt-get install'));
  assert.equal(installs.length, 2, 'an apt-get install in each stage');
  for (const i of installs)
    assert.match(i.args, /\blibsqlite3-dev\b/, 'the image needs libsqlite3-dev');
  const inc = '/opt/omnetpp-6.1/Makefile.inc';
  if (existsSync(inc))
    assert.match(read(inc), /^SYS_LIBS = .*-lsqlite3/m, 'as OMNeT++ 6.1 links it');
  const env = finalStage
    .filter((i) => i.keyword === 'ENV')
    .map((i) => i.args)
    .join(' ');
  assert.match(env, /CCACHE_DIR=\/home\/runner\/cache\//);
  assert.match(env, /OPP_CAMPAIGN_CACHE_DIR=\/home\/runner\/cache\//);
  assert.match(env, /OPP_RUNNER_LABELS=opp-omnetpp,omnetpp,omnetpp-\$\{OMNETPP_VERSION\}/);
  assert.deepEqual(JSON.parse(all('VOLUME').at(-1)?.args ?? '[]'), ['/home/runner/cache']);
});

// --- cloud-init ------------------------------------------------------------------------------

interface WriteFile {
  path: string;
  permissions: string;
  content: string;
}

const CLOUD_INIT_TEXT = read(IMAGE, 'cloud-init.yaml');
const CLOUD_INIT = YAML.parse(CLOUD_INIT_TEXT) as {
  packages: string[];
  write_files: WriteFile[];
  runcmd: string[][];
};
const VM_FILES: Record<string, string> = {
  '/etc/opp-runner/runner.env': 'runner.env',
  '/etc/opp-runner/egress.nft': 'egress.nft',
  '/usr/local/sbin/opp-runner-start': 'opp-runner-start.sh',
  '/usr/local/sbin/opp-runner-reclaim-watch': 'reclaim-watch.sh',
  '/etc/systemd/system/opp-runner.service': 'opp-runner.service',
  '/etc/systemd/system/opp-runner-reclaim-watch.service': 'opp-runner-reclaim-watch.service',
};

test('cloud-init: user data that installs a container engine and starts the runner', () => {
  assert.ok(
    CLOUD_INIT_TEXT.startsWith('#cloud-config\n'),
    'cloud-init needs the #cloud-config line',
  );
  assert.ok(CLOUD_INIT.packages.includes('docker.io'), 'Docker from the distribution');
  assert.ok(CLOUD_INIT.packages.includes('nftables'));
  const paths = CLOUD_INIT.write_files.map((f) => f.path).sort();
  assert.deepEqual(paths, Object.keys(VM_FILES).sort());
  const commands = CLOUD_INIT.runcmd.map((c) => c.join(' '));
  assert.ok(commands.includes('systemctl enable --now docker.service'));
  assert.ok(commands.includes('systemctl enable --now opp-runner.service'));
  for (const f of CLOUD_INIT.write_files)
    assert.equal(f.permissions, f.path.includes('/sbin/') ? '0755' : '0644', f.path);
});

test('cloud-init: its files are exact copies of runner-image/vm/', () => {
  for (const f of CLOUD_INIT.write_files)
    assert.equal(
      f.content,
      read(IMAGE, 'vm', VM_FILES[f.path] ?? ''),
      `cloud-init.yaml's ${f.path} differs from runner-image/vm/${VM_FILES[f.path]}: copy it again`,
    );
});

test('VM: the container gets all cores, the cache volume and its credential on stdin only', () => {
  const start = read(IMAGE, 'vm', 'opp-runner-start.sh');
  const run = start.slice(start.indexOf('docker run'), start.indexOf('"$image" &'));
  assert.match(run, /--volume opp-runner-cache:\/home\/runner\/cache/);
  assert.match(run, /--init/);
  assert.match(run, /--interactive/);
  assert.match(run, /--cap-drop ALL --security-opt no-new-privileges/);
  assert.doesNotMatch(run, /--cpus|--cpuset|--memory/, 'one runner per VM uses the whole VM');
  assert.doesNotMatch(run, /--privileged|docker\.sock/);
  assert.doesNotMatch(run, /--env "?ACTIONS_RUNNER_INPUT/, 'docker inspect would show it');
  assert.match(start, /printf '%s\\n' "\$credential" \| docker run/);
  const env = read(IMAGE, 'vm', 'runner.env');
  assert.doesNotMatch(env, /^(ACTIONS_RUNNER_INPUT_\w+|GITHUB_TOKEN|GH_TOKEN)=/m);
  assert.match(env, /^OPP_RUNNER_IMAGE=/m);
});

function unitSettings(text: string): Map<string, string> {
  return new Map(
    text
      .split('\n')
      .filter((l) => /^\w+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const),
  );
}

test('VM: systemd restarts the runner, stops it after docker, and waits out its grace', () => {
  const unit = unitSettings(read(IMAGE, 'vm', 'opp-runner.service'));
  assert.equal(unit.get('Restart'), 'always');
  assert.match(unit.get('After') ?? '', /docker\.service/, 'stopped before Docker at shutdown');
  assert.equal(unit.get('Requires'), 'docker.service');
  assert.equal(unit.get('KillMode'), 'mixed');
  assert.equal(unit.get('ExecStart'), '/usr/local/sbin/opp-runner-start');
  // opp-runner-start keeps its failed-start count in /run/opp-runner, the hash of the last
  // just-in-time configuration in /var/lib/opp-runner (test/runner-image/vm-start.test.ts)
  assert.equal(unit.get('RuntimeDirectory'), 'opp-runner');
  assert.equal(unit.get('RuntimeDirectoryPreserve'), 'yes');
  assert.equal(unit.get('StateDirectory'), 'opp-runner');
  assert.match(read(IMAGE, 'vm', 'runner.env'), /^OPP_RUNNER_MAX_FAILED_STARTS=[1-9]\d*$/m);
  assert.equal(unit.get('WantedBy'), 'multi-user.target');
  const grace = Number(
    /^OPP_RUNNER_GRACE_SECONDS=(\d+)$/m.exec(read(IMAGE, 'vm', 'runner.env'))?.[1],
  );
  assert.ok(Number(unit.get('TimeoutStopSec')) > grace + 10, 'systemd would kill the job early');
  const watch = unitSettings(read(IMAGE, 'vm', 'opp-runner-reclaim-watch.service'));
  assert.equal(watch.get('ExecStart'), '/usr/local/sbin/opp-runner-reclaim-watch');
});

test('VM: the egress rules parse (nft -c)', (t) => {
  if (!has('nft', '--version')) return t.skip('nft is not installed (apt-get install nftables)');
  const r = spawnSync('nft', ['-c', '-f', join(IMAGE, 'vm', 'egress.nft')], { encoding: 'utf8' });
  if (r.status !== 0 && /Operation not permitted/.test(r.stderr))
    return t.skip('nft -c needs CAP_NET_ADMIN here');
  assert.equal(r.status, 0, r.stderr);
  const rules = read(IMAGE, 'vm', 'egress.nft');
  assert.match(rules, /169\.254\.0\.0\/16/, 'the metadata service is blocked');
  assert.match(rules, /tcp dport 443 accept/);
});

// --- Actions Runner Controller ---------------------------------------------------------------

test('ARC values: a scale set that scales to zero, runs the image, mounts the cache', () => {
  const values = YAML.parse(read(IMAGE, 'arc-values.yaml')) as {
    githubConfigUrl: string;
    githubConfigSecret: unknown;
    runnerScaleSetName: string;
    scaleSetLabels: string[];
    minRunners: number;
    maxRunners: number;
    template: {
      spec: {
        terminationGracePeriodSeconds: number;
        securityContext: { runAsNonRoot: boolean; runAsUser: number; fsGroup: number };
        containers: {
          name: string;
          image: string;
          command: string[];
          env: { name: string; value: string }[];
          resources: { limits: { cpu: string; memory: string } };
          volumeMounts: { name: string; mountPath: string }[];
        }[];
        volumes: { name: string }[];
      };
    };
  };
  assert.match(values.githubConfigUrl, /^https:\/\/github\.com\/[\w.-]+\/[\w.-]+$/);
  assert.equal(typeof values.githubConfigSecret, 'string', 'a pre-defined secret, not a token');
  assert.match(values.runnerScaleSetName, /^[\w-]+$/);
  assert.deepEqual(values.scaleSetLabels.slice(0, 1), ['omnetpp']);
  assert.equal(values.minRunners, 0, 'scale to zero');
  assert.ok(Number.isInteger(values.maxRunners) && values.maxRunners >= 1);
  const spec = values.template.spec;
  const runner = spec.containers.find((c) => c.name === 'runner');
  assert.ok(runner, 'ARC configures the container named "runner"');
  assert.match(runner.image, /opp-runner:\d+\.\d+\.\d+$/);
  assert.deepEqual(runner.command, ['/usr/local/bin/opp-runner-entrypoint']);
  assert.ok(runner.resources.limits.cpu, 'a CPU limit: the entrypoint runs that many runs at once');
  const cache = runner.volumeMounts.find((m) => m.mountPath === '/home/runner/cache');
  assert.ok(cache && spec.volumes.some((v) => v.name === cache.name), 'the cache volume');
  assert.equal(spec.securityContext.runAsNonRoot, true);
  assert.equal(spec.securityContext.runAsUser, 1001);
  assert.equal(spec.securityContext.fsGroup, 1001, 'the cache volume writable by runner');
  const grace = Number(runner.env.find((e) => e.name === 'OPP_RUNNER_GRACE_SECONDS')?.value);
  assert.ok(spec.terminationGracePeriodSeconds > grace, 'Kubernetes would kill the job early');
});

test('security guide: pull-request jobs read the shared cache and never write it', () => {
  const guide = read(IMAGE, 'README.md');
  const section = guide.slice(guide.indexOf('## Security guide'));
  assert.match(section, /\*\*Caches and pull requests\.\*\*/);
  for (const needed of ['CCACHE_READONLY', 'OPP_RUNNER_CACHE_READONLY', 'readOnly: true', ':ro'])
    assert.ok(section.includes(needed), `the security guide mentions ${needed}`);
});

// Helm merges values files as maps and replaces everything else (lists included) by the later
// file's value.
function helmMerge(base: unknown, over: unknown): unknown {
  const isMap = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!isMap(base) || !isMap(over)) return over;
  const merged: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) merged[k] = k in base ? helmMerge(base[k], v) : v;
  return merged;
}

interface ArcContainer {
  name: string;
  env: { name: string; value: string }[];
  volumeMounts: { name: string; mountPath: string; readOnly?: boolean }[];
  [key: string]: unknown;
}
interface ArcValues {
  githubConfigSecret: string;
  runnerScaleSetName: string;
  scaleSetLabels?: string[];
  template: {
    spec: {
      containers: ArcContainer[];
      volumes: { name: string; persistentVolumeClaim?: { claimName: string } }[];
    };
  };
}

test('ARC values for pull requests: the whole runner container again, the cache read-only', () => {
  const base = YAML.parse(read(IMAGE, 'arc-values.yaml')) as ArcValues;
  const pr = helmMerge(base, YAML.parse(read(IMAGE, 'arc-values-pr.yaml'))) as ArcValues;
  assert.equal(pr.runnerScaleSetName, 'opp-omnetpp-pr');
  const trusted = [base.runnerScaleSetName, ...(base.scaleSetLabels ?? [])];
  for (const label of [pr.runnerScaleSetName, ...(pr.scaleSetLabels ?? [])])
    assert.ok(!trusted.includes(label), `${label}: a job could land on either pool`);
  const runner = (v: ArcValues): ArcContainer =>
    v.template.spec.containers.find((c) => c.name === 'runner')!;
  const { env, volumeMounts, ...rest } = runner(pr);
  const { env: baseEnv, volumeMounts: baseMounts, ...baseRest } = runner(base);
  // image, command, resources, securityContext, ...: what a partial list would have dropped
  assert.deepEqual(rest, baseRest, "the pull-request pool's runner container differs");
  assert.deepEqual(env, [...baseEnv, { name: 'OPP_RUNNER_CACHE_READONLY', value: 'true' }]);
  assert.deepEqual(
    volumeMounts,
    baseMounts.map((m) => (m.mountPath === '/home/runner/cache' ? { ...m, readOnly: true } : m)),
  );
  assert.equal(pr.template.spec.containers.length, base.template.spec.containers.length);
  assert.deepEqual(pr.template.spec.volumes, base.template.spec.volumes, 'the same claim');
});

test('ARC: the cache claim is ReadWriteMany, in the namespace and named as the values mount it', () => {
  const pvc = YAML.parse(read(IMAGE, 'arc-cache-pvc.yaml')) as {
    kind: string;
    metadata: { name: string; namespace: string };
    spec: { accessModes: string[]; storageClassName: string; resources: unknown };
  };
  const values = YAML.parse(read(IMAGE, 'arc-values.yaml')) as ArcValues;
  const claims = values.template.spec.volumes.map((v) => v.persistentVolumeClaim?.claimName);
  assert.equal(pvc.kind, 'PersistentVolumeClaim');
  assert.ok(claims.includes(pvc.metadata.name), 'the values mount another claim');
  assert.equal(pvc.metadata.namespace, 'arc-runners');
  assert.deepEqual(pvc.spec.accessModes, ['ReadWriteMany'], 'every runner pod mounts it at once');
  assert.ok(pvc.spec.storageClassName, 'a class that offers ReadWriteMany, not the default');
});

/** The commands of the first `sh` block after `heading`, continuation lines joined. */
function shellBlock(markdown: string, heading: string): string[][] {
  const section = markdown.slice(markdown.indexOf(heading));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => l.split(/\s+/));
}

const option = (words: string[], name: string): string[] =>
  words.flatMap((w, i) => (w === name && words[i + 1] ? [words[i + 1]!] : []));

test('README, Kubernetes: each namespace, secret and claim exists before what needs it', () => {
  const commands = shellBlock(read(IMAGE, 'README.md'), '## Kubernetes');
  assert.ok(commands.length > 0, 'the Kubernetes section has a sh block');
  const namespaces = new Set<string>();
  const secrets = new Set<string>();
  const claims = new Set<string>();
  const installs: string[][] = [];
  for (const words of commands) {
    const line = words.join(' ');
    const [ns] = option(words, '--namespace');
    if (words.includes('--create-namespace') && ns) namespaces.add(ns);
    if (line.startsWith('kubectl create namespace ')) namespaces.add(words[3]!);
    if (ns) assert.ok(namespaces.has(ns), `${line}: namespace ${ns} does not exist yet`);
    if (line.startsWith('kubectl create secret ')) secrets.add(`${ns}/${words[4]}`);
    if (line.startsWith('kubectl apply ')) {
      for (const file of option(words, '-f')) {
        const pvc = YAML.parse(read(ROOT, file)) as {
          metadata: { name: string; namespace: string };
        };
        assert.ok(namespaces.has(pvc.metadata.namespace), `${line}: no namespace yet`);
        claims.add(`${pvc.metadata.namespace}/${pvc.metadata.name}`);
      }
    }
    if (line.startsWith('helm install ') && words.at(-1)?.endsWith('/gha-runner-scale-set')) {
      const files = option(words, '-f');
      const values = files.reduce<unknown>(
        (merged, f) => helmMerge(merged, YAML.parse(read(ROOT, f))),
        {},
      ) as ArcValues;
      assert.ok(secrets.has(`${ns}/${values.githubConfigSecret}`), `${line}: no secret yet`);
      for (const v of values.template.spec.volumes)
        if (v.persistentVolumeClaim)
          assert.ok(
            claims.has(`${ns}/${v.persistentVolumeClaim.claimName}`),
            `${line}: claim ${v.persistentVolumeClaim.claimName} not created yet (pods stay Pending)`,
          );
      installs.push(files);
    }
  }
  assert.deepEqual(installs, [
    ['runner-image/arc-values.yaml'],
    ['runner-image/arc-values.yaml', 'runner-image/arc-values-pr.yaml'],
  ]);
});

test("cloud-init installs the tools of the README's credential commands", () => {
  const guide = read(IMAGE, 'README.md');
  const step4 = guide.slice(guide.indexOf('4. **Give it'), guide.indexOf('5. **Check**'));
  for (const tool of ['jq', 'curl'])
    if (new RegExp(`\\b${tool}\\b`).test(step4))
      assert.ok(CLOUD_INIT.packages.includes(tool), `step 4 uses ${tool}: install it`);
});
