// The results folder's lock and the registry of running runs, against real processes: a live
// holder keeps others out, a dead one's lock is taken over, and only a dead owner's runs are
// reaped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  FolderInUseError,
  inPlaceRecordsDir,
  lockResultsFolder,
  useInPlaceFolders,
} from '../../src/adapters/campaign-lock.js';
import { RunningRegistry, startTime } from '../../src/adapters/running-registry.js';
import { alive, gone } from '../helpers/processes.js';

function folder(): string {
  const out = mkdtempSync(join(tmpdir(), 'opp-lock-'));
  mkdirSync(join(out, '.opp-campaign'));
  return out;
}

const lockFile = (out: string) => join(out, '.opp-campaign', 'lock');

/** A process that has ended: its pid and start time name no running process. */
function deadProcess(): { pid: number; start: string } {
  const r = spawnSync('sh', ['-c', 'echo $$; cut -d" " -f22 /proc/$$/stat'], { encoding: 'utf8' });
  const [pid = '', start = ''] = r.stdout.trim().split('\n');
  return { pid: Number(pid), start };
}

test('a live holder keeps a second campaign out, naming its pid; release frees the folder', () => {
  const out = folder();
  const release = lockResultsFolder(out);
  assert.throws(
    () => lockResultsFolder(out),
    (e: unknown) =>
      e instanceof FolderInUseError &&
      e.message.startsWith(
        `${out} is in use by another opp-campaign (process ${process.pid}, since `,
      ),
  );
  release();
  assert.equal(existsSync(lockFile(out)), false);
  lockResultsFolder(out)();
  assert.deepEqual(readdirSync(join(out, '.opp-campaign')), [], 'no temporary files left');
});

test('an in-place folder: a campaign using another build of it holds it until killed; a dead one never', async () => {
  const lockDir = mkdtempSync(join(tmpdir(), 'opp-in-place-lock-'));
  mkdirSync(join(lockDir, 'users'));
  const dead = deadProcess();
  writeFileSync(
    join(lockDir, 'users', `${dead.pid}.1`),
    `${dead.pid} ${dead.start} 2026-01-01T00:00:00.000Z other\n`,
  );
  const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
  const exited = new Promise((r) => holder.once('exit', r));
  const pid = holder.pid as number;
  writeFileSync(
    join(lockDir, 'users', `${pid}.1`),
    `${pid} ${startTime(pid) ?? ''} 2026-01-01T00:00:00.000Z other\n`,
  );
  const said: string[] = [];
  let told!: () => void;
  const waiting = new Promise<void>((r) => (told = r));
  const using = useInPlaceFolders(
    [{ folder: '/lib', lockDir, key: 'mine', what: "project 'lib'" }],
    {
      say: (l) => {
        said.push(l);
        told();
      },
      pollMs: 10,
    },
  );
  await waiting;
  holder.kill('SIGKILL');
  await exited;
  const release = await using;
  assert.deepEqual(said, [
    `project 'lib': waiting for another opp-campaign (process ${pid}, since 2026-01-01T00:00:00.000Z) that uses another build of /lib (other features or build settings) to finish its runs`,
  ]);
  assert.deepEqual(
    readdirSync(join(lockDir, 'users')),
    [`${process.pid}.1`],
    'the dead ones removed',
  );
  release();
  assert.deepEqual(readdirSync(join(lockDir, 'users')), []);
  assert.deepEqual(readdirSync(lockDir), ['users'], 'no lock or temporary file left');
  rmSync(lockDir, { recursive: true });
});

test('a lock left by a dead campaign, or naming a recycled pid, is taken over', () => {
  const dead = deadProcess();
  const out = folder();
  writeFileSync(lockFile(out), `${dead.pid} ${dead.start} 2026-01-01T00:00:00.000Z\n`);
  lockResultsFolder(out)();
  // a live pid with another start time is another process that got the pid later
  writeFileSync(lockFile(out), `${process.pid} 1 2026-01-01T00:00:00.000Z\n`);
  lockResultsFolder(out)();
  writeFileSync(lockFile(out), 'garbage');
  lockResultsFolder(out)();
});

test('a takeover guard left by a campaign that died taking over a stale lock does not keep the folder locked', () => {
  const dead = deadProcess();
  const out = folder();
  writeFileSync(lockFile(out), `${dead.pid} ${dead.start} 2026-01-01T00:00:00.000Z\n`);
  writeFileSync(
    `${lockFile(out)}.takeover`,
    `${dead.pid} ${dead.start} 2026-01-01T00:00:00.000Z\n`,
  );
  lockResultsFolder(out)();
  assert.deepEqual(readdirSync(join(out, '.opp-campaign')), [], 'lock and guard gone');
});

test('a live campaign taking over a stale lock keeps its guard however long it is stopped: nobody takes the lock meanwhile', async () => {
  // (a loaded machine stopped a campaign for over a second between its look at the stale lock
  // and its unlink; another took the guard for its age, then the lock, and the first, resumed,
  // removed that lock as the stale one and took the lock too)
  const dead = deadProcess();
  const out = folder();
  writeFileSync(lockFile(out), `${dead.pid} ${dead.start} 2026-01-01T00:00:00.000Z\n`);
  // the guard of a live campaign (this process), linked 1.2 s ago
  writeFileSync(
    `${lockFile(out)}.takeover`,
    `${process.pid} ${startTime(process.pid) ?? ''} 2026-01-01T00:00:00.000Z\n`,
  );
  await new Promise((r) => setTimeout(r, 1200));
  assert.throws(
    () => lockResultsFolder(out),
    (e: unknown) => e instanceof FolderInUseError && e.message.startsWith('cannot take the lock'),
  );
  assert.ok(existsSync(`${lockFile(out)}.takeover`), "the live holder's guard is still there");
});

test('a lock from a system without /proc (no start time): a live pid holds it, a dead one not', () => {
  const out = folder();
  writeFileSync(lockFile(out), `${process.pid}  2026-01-01T00:00:00.000Z\n`);
  assert.throws(() => lockResultsFolder(out), FolderInUseError);
  writeFileSync(lockFile(out), `${deadProcess().pid}  2026-01-01T00:00:00.000Z\n`);
  lockResultsFolder(out)();
});

/** A process group of its own (`sleep 600`) with OPP_CAMPAIGN_RUN_KEY=key, as a run's. */
function startWithKey(key: string): number {
  const child = spawn('sleep', ['600'], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, OPP_CAMPAIGN_RUN_KEY: key },
  });
  child.unref();
  return child.pid ?? 0;
}

test("the registry reaps a dead campaign's runs, and only those that still are its runs", async () => {
  const out = folder();
  const dir = join(out, '.opp-campaign', 'running');
  const registry = new RunningRegistry(dir);
  const ours = startWithKey('k-ours');
  registry.add(ours, 'k-ours');
  const orphan = startWithKey('k-orphan');
  const ended = startWithKey('k-ended');
  const stranger = startWithKey('k-stranger'); // as if the system had given a dead run's pid to it
  const sidecar = startWithKey('');
  const dead = deadProcess();
  writeFileSync(
    join(dir, `campaign-${dead.pid}-${dead.start}`),
    `+ ${orphan} key k-orphan\n+ ${ended} key k-ended\n- ${ended}\n+ ${stranger} key k-run\n` +
      `+ ${sidecar} start ${startTime(sidecar)}\n+ 12`, // the last line cut short by the crash
  );
  try {
    assert.equal(new RunningRegistry(dir).reapSurvivors(), 2);
    assert.ok(await gone(orphan), 'the run of the dead campaign was not stopped');
    assert.ok(await gone(sidecar), 'the sidecar of the dead campaign was not stopped');
    for (const pid of [ours, ended, stranger]) assert.ok(alive(pid), `${pid} was killed`);
    assert.deepEqual(readdirSync(dir), [`campaign-${process.pid}-${startTime(process.pid)}`]);
    registry.remove(ours);
    registry.close();
    assert.deepEqual(readdirSync(dir), [], 'a registry with nothing running goes away');
  } finally {
    for (const pid of [ours, ended, stranger]) process.kill(-pid, 'SIGKILL');
  }
});

test("the registry reaps a dead campaign's build that started before it was listed (killed between spawn and add), by its expected key", async () => {
  const out = folder();
  const dir = join(out, '.opp-campaign', 'running');
  mkdirSync(dir, { recursive: true });
  const unlisted = startWithKey('build-k1'); // a make the killed campaign never got to add()
  const listed = startWithKey('build-k2'); // one it did add: stopped once, counted once
  const stranger = startWithKey('build-k3');
  const dead = deadProcess();
  writeFileSync(
    join(dir, `campaign-${dead.pid}-${dead.start}`),
    `? build-k1\n? build-k2\n+ ${listed} key build-k2\n`,
  );
  try {
    assert.equal(new RunningRegistry(dir).reapSurvivors(), 2);
    assert.ok(await gone(unlisted), 'the unlisted build of the dead campaign was not stopped');
    assert.ok(await gone(listed), 'the listed build of the dead campaign was not stopped');
    assert.ok(alive(stranger), 'a process with another key was killed');
    assert.deepEqual(readdirSync(dir), []);
  } finally {
    for (const pid of [unlisted, listed, stranger])
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // gone
      }
  }
});

test("the registry reaps what is left of a dead campaign's group whose leader ended (a launcher that started SUMO and exited)", async () => {
  const out = folder();
  const dir = join(out, '.opp-campaign', 'running');
  mkdirSync(dir, { recursive: true });
  const launcher = (key: string) => {
    // the leader starts a worker in its own group and exits at once
    const child = spawn('sh', ['-c', 'sleep 600 >/dev/null 2>&1 & echo $!'], {
      detached: true,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, OPP_CAMPAIGN_RUN_KEY: key },
    });
    return new Promise<{ leader: number; worker: number }>((done) => {
      let text = '';
      child.stdout.on('data', (d: Buffer) => (text += d.toString()));
      child.on('close', () => done({ leader: child.pid ?? 0, worker: Number(text.trim()) }));
    });
  };
  const left = await launcher('k-left');
  const other = await launcher('k-other'); // a group that holds another key: not the run's
  assert.ok(alive(left.worker) && alive(other.worker));
  const dead = deadProcess();
  writeFileSync(
    join(dir, `campaign-${dead.pid}-${dead.start}`),
    `+ ${left.leader} key k-left\n+ ${other.leader} key k-run\n`,
  );
  try {
    assert.equal(new RunningRegistry(dir).reapSurvivors(), 1);
    assert.ok(await gone(left.worker), "the group's worker outlived the dead campaign");
    assert.ok(alive(other.worker), 'a group with another key was killed');
  } finally {
    process.kill(-other.leader, 'SIGKILL');
  }
});

test('campaigns that find the same stale lock at once: exactly one of them takes it', async () => {
  const LOCK = join(import.meta.dirname, '..', '..', 'src', 'adapters', 'campaign-lock.ts');
  const racers = 8;
  for (let round = 0; round < 2; round++) {
    const dead = deadProcess();
    const out = folder();
    writeFileSync(lockFile(out), `${dead.pid} ${dead.start} 2026-01-01T00:00:00.000Z\n`);
    // every racer starts at the same moment; a winner holds the lock until every racer has
    // tried (a loaded machine may start one late: it must find the lock held, not released),
    // then says whether the lock file was still its own all along
    const startAt = Date.now() + 1500;
    const tried = join(out, 'tried');
    const script = `
      import { appendFileSync, existsSync, readFileSync } from 'node:fs';
      const { lockResultsFolder } = await import(${JSON.stringify(LOCK)});
      const tried = ${JSON.stringify(tried)};
      const count = () => (existsSync(tried) ? readFileSync(tried, 'utf8').length : 0);
      while (Date.now() < ${startAt});
      let release;
      try { release = lockResultsFolder(${JSON.stringify(out)}); }
      catch (e) { appendFileSync(tried, 'x'); console.log(e.name); process.exit(0); }
      appendFileSync(tried, 'x');
      const mine = readFileSync(${JSON.stringify(lockFile(out))}, 'utf8');
      const until = Date.now() + 400;
      const last = Date.now() + 60000;
      let kept = true;
      while ((Date.now() < until || count() < ${racers}) && Date.now() < last)
        if (readFileSync(${JSON.stringify(lockFile(out))}, 'utf8') !== mine) kept = false;
      release();
      console.log(kept ? 'held' : 'lost');`;
    const results = await Promise.all(
      Array.from(
        { length: racers },
        () =>
          new Promise<string>((resolve, reject) => {
            const child = spawn(
              process.execPath,
              ['--import', 'tsx', '--input-type=module', '-e', script],
              { stdio: ['ignore', 'pipe', 'inherit'] },
            );
            let text = '';
            child.stdout.on('data', (d: Buffer) => (text += d.toString()));
            child.on('error', reject);
            child.on('close', () => resolve(text.trim()));
          }),
      ),
    );
    assert.deepEqual(
      results.filter((r) => r !== 'FolderInUseError'),
      ['held'],
      `round ${round}: ${results.join(', ')}`,
    );
  }
});

test('the in-place records fall back to a folder of this user under TMPDIR, never through a link planted there', (t) => {
  const root = mkdtempSync(join(tmpdir(), 'opp-inplace-fallback-'));
  const saved = process.env['TMPDIR'];
  t.after(() => {
    if (saved === undefined) delete process.env['TMPDIR'];
    else process.env['TMPDIR'] = saved;
    rmSync(root, { recursive: true, force: true });
  });
  writeFileSync(join(root, 'file'), '');
  const preferred = join(root, 'file', 'in-place'); // cannot be made: ENOTDIR
  process.env['TMPDIR'] = join(root, 'tmp');
  mkdirSync(join(root, 'tmp'));
  const said: string[] = [];
  const own = join(root, 'tmp', `opp-campaign-${process.getuid?.() ?? 'user'}`);
  assert.equal(
    inPlaceRecordsDir(preferred, (l) => said.push(l)),
    join(own, 'in-place'),
  );
  assert.match(said[0] ?? '', /cannot make .* \(ENOTDIR\): .* recorded in .*in-place instead/);
  // a link in its place (made by someone else, to somewhere else): nothing made through it
  rmSync(own, { recursive: true });
  const elsewhere = join(root, 'elsewhere');
  mkdirSync(elsewhere);
  symlinkSync(elsewhere, own);
  said.length = 0;
  assert.equal(
    inPlaceRecordsDir(preferred, (l) => said.push(l)),
    undefined,
  );
  assert.match(said[0] ?? '', /not this user's folder\): .* not coordinated/);
  assert.deepEqual(readdirSync(elsewhere), [], 'before: in-place made through the link');
});
