// Starts runs' processes from a small helper process rather than from opp-campaign itself.
// Node's spawn forks the whole opp-campaign process (page tables of ~100 MB) and blocks the
// event loop until the child has exec'd: several milliseconds per run, during which no other
// run is started or finished. With 10 ms runs that alone made a campaign half again as slow as
// `xargs -P`. A python3 helper of a few MB does the fork and exec instead, and reaps each run
// with wait4, whose rusage gives its peak memory exactly (no GNU time wrapper per run).
// Without python3 the runs are started by Node, as before.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { isTooManyOpenFiles, TooManyOpenFilesError } from './open-files.js';
import { childEnvironment } from '../core/campaign/child-env.js';

export interface LaunchRequest {
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The process's stdout and stderr (created or truncated). */
  readonly logFile: string;
  /**
   * Processes (a run's sidecars) looked at the moment the process is reaped: whether one of
   * them had exited or was exiting then (`peersEnding`), the order of their ends.
   */
  readonly peers?: readonly number[];
}

export interface LaunchExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Peak resident memory of the process (ru_maxrss), KiB. */
  readonly peakKiB: number | undefined;
  /** From its start to its end as the helper saw them (ms): not skewed by a busy event loop. */
  readonly wallMs?: number;
  /** Whether one of its `peers` had exited or was exiting when it was reaped (Linux). */
  readonly peersEnding?: boolean;
}

export type Launched =
  | { readonly pid: number; readonly exited: Promise<LaunchExit> }
  | { readonly error: string; readonly cancelled?: boolean };

/**
 * The helper: one request a line on stdin (JSON), replies a line each on stdout: `pid` once
 * started (or `error`), then `exit`/`signal` with `maxrss` once reaped. It runs at most SLOTS
 * (its argument) at once and queues the rest: when a run ends, the next one starts right there,
 * before opp-campaign has even heard of the end (as `xargs -P` would), so that a campaign of
 * short runs does not wait for a round trip between two runs. `{"cancel":1}` drops the queue.
 * Each run gets a session and process group of its own (as Node's `detached`), /dev/null as
 * stdin and its log as stdout and stderr; no other descriptor of the helper leaks into it. When
 * opp-campaign goes away (stdin ends), the runs still going are killed with their groups.
 */
const HELPER = String.raw`
import collections, json, os, signal, sys, threading, time
slots = int(sys.argv[1])
out = sys.stdout.buffer
out_lock = threading.Lock()
lock = threading.Lock()  # the queue and the running runs; a run's pid is sent before its exit
live = threading.Semaphore(0)
ids = {}
began = {}
peers = {}
queue = collections.deque()
def send(obj):
    line = (json.dumps(obj, separators=(',', ':')) + '\n').encode()
    with out_lock:
        out.write(line)
        out.flush()
def failure(e):
    return e.strerror if isinstance(e, OSError) and e.strerror else str(e)
home = os.open('.', os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
devnull = os.open(os.devnull, os.O_RDONLY | os.O_CLOEXEC)
found = {}
def executable(cmd, env):
    # as execvp would search the run's PATH (posix_spawnp searches the helper's own)
    if '/' in cmd:
        return cmd
    path = env.get('PATH', os.defpath)
    key = (cmd, path)
    if key not in found:
        for d in path.split(os.pathsep):
            f = os.path.join(d or '.', cmd)
            if os.path.isfile(f) and os.access(f, os.X_OK):
                found[key] = f
                break
        else:
            raise FileNotFoundError(2, 'No such file or directory: ' + cmd)
    return found[key]
def open_log(req):
    # A log is opened (made) while its run waits in the queue, not as it starts: making a file
    # costs from 0.05 to over 1 ms on a busy disk, which a slot would wait between two runs. A
    # log already there (a run done again) is emptied only as the run starts: a run dropped from
    # the queue leaves the log of its last attempt as it was, and no empty one of its own.
    try:
        req['fd'] = os.open(req['log'], os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666)
        req['made'] = True
    except FileExistsError:
        req['fd'] = os.open(req['log'], os.O_WRONLY | os.O_CLOEXEC)
        req['made'] = False
def drop_log(req):
    if 'fd' in req:
        os.close(req.pop('fd'))
        if req['made']:
            try:
                os.unlink(req['log'])
            except OSError:
                pass
def launch(req):
    if 'fd' not in req:
        open_log(req)
    log = req.pop('fd')
    try:
        if not req['made']:
            try:
                os.ftruncate(log, 0)
            except OSError:
                pass  # not a file (/dev/null)
        return spawn(req, log)
    finally:
        os.close(log)
def spawn(req, log):
    if not hasattr(os, 'posix_spawn'):
        import subprocess  # only here: importing it takes ~4 ms of the helper's start
        p = subprocess.Popen([req['cmd']] + req['args'], cwd=req['cwd'], env=req['env'],
                             stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                             start_new_session=True)
        p.returncode = 0  # reaped by the reaper thread, not by Popen
        return p.pid
    # posix_spawn (vfork and exec, in C) costs a fraction of Popen; it has no cwd, so the
    # helper moves there for the moment (only it spawns, under the lock)
    os.chdir(req['cwd'])
    try:
        return os.posix_spawn(
            executable(req['cmd'], req['env']), [req['cmd']] + req['args'], req['env'],
            file_actions=[
                (os.POSIX_SPAWN_DUP2, devnull, 0),
                (os.POSIX_SPAWN_DUP2, log, 1),
                (os.POSIX_SPAWN_DUP2, log, 2)],
            setsid=True, setsigmask=(), setsigdef=(signal.SIGPIPE, signal.SIGXFSZ))
    finally:
        os.fchdir(home)
def start(req):
    try:
        pid = launch(req)
    except Exception as e:
        send({'id': req['id'], 'error': failure(e)})
        return
    ids[pid] = req['id']
    began[pid] = time.monotonic()
    if req.get('peers'):
        peers[pid] = req['peers']
    send({'id': req['id'], 'pid': pid})
    live.release()
def ending(pid):
    # exited or exiting: gone, a zombie, or PF_EXITING in its flags (the 9th field)
    try:
        with open('/proc/%d/stat' % pid, 'rb') as f:
            stat = f.read()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    fields = stat[stat.rindex(b')') + 2:].split()
    return fields[0] in (b'Z', b'X') or (int(fields[6]) & 4) != 0
def admit():
    while queue and len(ids) < slots:
        start(queue.popleft())
def reaper():
    while True:
        live.acquire()
        while True:
            pid, status, ru = os.wait4(-1, 0)
            ended = time.monotonic()
            with lock:
                seen = peers.pop(pid, None)
                # looked at before the next runs start; only 'ending' is told (alive now may be
                # a sidecar's wrapper not yet ended after its program: opp-campaign looks again)
                gone = {'peersEnding': 1} if seen and any(ending(p) for p in seen) else {}
                rid = ids.pop(pid, None)
                t0 = began.pop(pid, ended)
                if rid is not None:
                    admit()
            if rid is not None:
                break
        ms = round((ended - t0) * 1000)
        if os.WIFSIGNALED(status):
            send({'id': rid, 'signal': os.WTERMSIG(status), 'maxrss': ru.ru_maxrss, 'ms': ms, **gone})
        else:
            send({'id': rid, 'exit': os.WEXITSTATUS(status), 'maxrss': ru.ru_maxrss, 'ms': ms, **gone})
threading.Thread(target=reaper, daemon=True).start()
send({'ready': 1})
base = {}
for line in sys.stdin.buffer:
    req = json.loads(line)
    if req.get('cancel'):
        with lock:
            dropped = list(queue)
            queue.clear()
        for r in dropped:
            drop_log(r)
            send({'id': r['id'], 'error': 'cancelled', 'cancelled': 1})
        continue
    if 'env' in req:
        base = req['env']
    else:
        env = dict(base)
        env.update(req['envDelta'])
        for k in req['envDrop']:
            env.pop(k, None)
        req['env'] = env
    if len(queue) < 64:  # (each holds a descriptor)
        try:
            open_log(req)
        except OSError:
            pass  # said as it starts
    with lock:
        queue.append(req)
        admit()
with lock:
    for r in queue:
        drop_log(r)
    queue.clear()
    for pid in list(ids):
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
`;

interface Pending {
  started: (r: Launched) => void;
  exited?: (e: LaunchExit) => void;
  /** The run's pid (its process group's too), once started. */
  pid?: number;
}

const SIGNAL_NAMES: Record<number, NodeJS.Signals> = {
  1: 'SIGHUP',
  2: 'SIGINT',
  3: 'SIGQUIT',
  4: 'SIGILL',
  5: 'SIGTRAP',
  6: 'SIGABRT',
  7: 'SIGBUS',
  8: 'SIGFPE',
  9: 'SIGKILL',
  10: 'SIGUSR1',
  11: 'SIGSEGV',
  12: 'SIGUSR2',
  13: 'SIGPIPE',
  14: 'SIGALRM',
  15: 'SIGTERM',
};
export const signalName = (n: number): NodeJS.Signals =>
  SIGNAL_NAMES[n] ?? (`SIG${n}` as NodeJS.Signals);

/**
 * The python3 interpreters the helper may run on, in order: OPP_CAMPAIGN_PYTHON when set; else,
 * on Linux, the system's /usr/bin/python3 (a plain program: a pyenv or asdf shim on PATH is a
 * shell script that takes ~0.3 s to start the real one), then `python3` on PATH.
 */
export function launcherPythons(env: NodeJS.ProcessEnv = process.env): string[] {
  const chosen = env['OPP_CAMPAIGN_PYTHON'];
  if (chosen !== undefined && chosen !== '') return [chosen];
  const system = '/usr/bin/python3';
  return process.platform === 'linux' && existsSync(system) ? [system, 'python3'] : ['python3'];
}

/** A running helper. `undefined` from `start` when python3 is not there or does not work. */
export class ProcessLauncher {
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private baseEnv: Record<string, string> | undefined;
  private dead: string | undefined;
  /** Settles once the helper has exited and its output is read. */
  private readonly ended: Promise<void>;

  private constructor(private readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (l) => this.reply(l));
    // 'close', not 'exit': exit lines of runs that ended just before the helper did may still be
    // in the pipe when it exits; they are read first
    child.on('close', (code, signal) => this.died(`exit ${signal ?? code}`));
    this.ended = new Promise((done) => child.once('close', () => done()));
    child.stdin!.on('error', () => undefined); // its death is handled above
  }

  /**
   * A helper that runs at most `slots` processes at once (the others wait in its queue).
   * `python`: the interpreters to try in turn (by default the system's python3 on Linux, then
   * `python3` on PATH, which may be a version manager's shim that takes a few hundred ms).
   */
  static async start(
    slots: number,
    python: readonly string[] = launcherPythons(),
  ): Promise<ProcessLauncher | undefined> {
    for (const p of python) {
      const launcher = await ProcessLauncher.startWith(slots, p);
      if (launcher !== undefined) return launcher;
    }
    return undefined;
  }

  private static async startWith(
    slots: number,
    python: string,
  ): Promise<ProcessLauncher | undefined> {
    // -S: no site module (the helper needs the standard library only): ~3 ms less to start
    const child = spawn(python, ['-I', '-S', '-c', HELPER, String(slots)], {
      stdio: ['pipe', 'pipe', 'ignore'],
      // the runs' own environment (no credential): a run reads its parent's, the helper's, in
      // /proc/PPID/environ
      env: childEnvironment(process.env),
      // a session of its own: Ctrl-C at the terminal is opp-campaign's to handle, not the
      // helper's (it would take the runs' exit statuses with it)
      detached: true,
    });
    let failure: Error | undefined;
    const ready = await new Promise<boolean>((resolve) => {
      child.once('error', (e) => {
        failure = e;
        resolve(false);
      });
      child.once('exit', () => resolve(false));
      // no pipes when there were no descriptors for them (EMFILE): the error follows
      child.stdout?.once('data', (c: Buffer) => resolve(c.toString().startsWith('{"ready":1}')));
    });
    // out of descriptors, a spawn of our own would fail as well: said, not worked around
    if (isTooManyOpenFiles(failure))
      throw new TooManyOpenFilesError('starting the process launcher', failure);
    if (!ready) {
      child.kill('SIGKILL');
      return undefined;
    }
    const launcher = new ProcessLauncher(child);
    launcher.idle();
    return launcher;
  }

  launch(req: LaunchRequest): Promise<Launched> {
    if (this.dead !== undefined)
      return Promise.resolve({ error: `the process launcher died (${this.dead})` });
    const id = this.nextId++;
    this.busy();
    return new Promise<Launched>((started) => {
      this.pending.set(id, { started });
      this.child.stdin!.write(
        JSON.stringify({
          id,
          cmd: req.command,
          args: req.args,
          cwd: req.cwd,
          ...this.envField(req.env),
          log: req.logFile,
          ...(req.peers && req.peers.length > 0 ? { peers: req.peers } : {}),
        }) + '\n',
      );
    });
  }

  /**
   * Runs' environments differ in a few variables (the run file, the run key): after the first,
   * only the difference to the last one sent in full goes over the pipe.
   */
  private envField(
    given: Readonly<Record<string, string | undefined>>,
  ): { env: Record<string, string> } | { envDelta: Record<string, string>; envDrop: string[] } {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(given)) if (v !== undefined) env[k] = v;
    const base = this.baseEnv;
    if (base) {
      const envDelta: Record<string, string> = {};
      let changes = 0;
      for (const [k, v] of Object.entries(env))
        if (base[k] !== v) {
          envDelta[k] = v;
          changes++;
        }
      const envDrop = Object.keys(base).filter((k) => !(k in env));
      if (changes + envDrop.length <= 16) return { envDelta, envDrop };
    }
    this.baseEnv = env;
    return { env };
  }

  /** Launches not started yet are dropped: they resolve as cancelled. */
  cancelQueued(): void {
    if (this.dead === undefined) this.child.stdin!.write('{"cancel":1}\n');
  }

  /** The helper's process id. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /**
   * Ends the helper once its runs have ended; settles when it has exited (reaped: its CPU time
   * and its runs' count as opp-campaign's), or after `waitMs` if it has not by then.
   */
  close(waitMs = 1000): Promise<void> {
    this.child.stdin!.end();
    if (this.dead !== undefined) return Promise.resolve();
    this.busy(); // (waited for: it keeps opp-campaign alive until then)
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((done) => {
      timer = setTimeout(() => {
        this.idle(); // waited for no longer: it keeps opp-campaign alive no more
        done();
      }, waitMs);
    });
    return Promise.race([this.ended, late]).finally(() => clearTimeout(timer));
  }

  private reply(line: string): void {
    let m;
    try {
      m = JSON.parse(line) as {
        id?: number;
        pid?: number;
        error?: string;
        exit?: number;
        signal?: number;
        maxrss?: number;
        ms?: number;
        cancelled?: number;
        peersEnding?: number;
      };
    } catch {
      return; // not ours (a Python warning on stdout)
    }
    const p = m.id === undefined ? undefined : this.pending.get(m.id);
    if (!p || m.id === undefined) return; // the ready line
    if (m.pid !== undefined) {
      p.pid = m.pid;
      p.started({ pid: m.pid, exited: new Promise((resolve) => (p.exited = resolve)) });
      return;
    }
    this.pending.delete(m.id);
    if (m.error !== undefined)
      p.started(m.cancelled ? { error: m.error, cancelled: true } : { error: m.error });
    else
      p.exited?.({
        code: m.exit ?? null,
        signal: m.signal !== undefined ? signalName(m.signal) : null,
        peakKiB: m.maxrss,
        ...(m.ms !== undefined ? { wallMs: m.ms } : {}),
        ...(m.peersEnding !== undefined ? { peersEnding: m.peersEnding === 1 } : {}),
      });
    if (this.pending.size === 0) this.idle();
  }

  /** The helper is there to start runs (it has not died). */
  get alive(): boolean {
    return this.dead === undefined;
  }

  /**
   * Without the helper, no exit status will come: its runs are stopped (each is a process
   * group of its own: killed, not left running beside their retries) and count as crashed;
   * runs it had not started yet are told it died.
   */
  private died(how: string): void {
    this.dead = how;
    for (const [, p] of this.pending) {
      if (p.pid !== undefined)
        try {
          process.kill(-p.pid, 'SIGKILL');
        } catch {
          // (gone already)
        }
      p.started({ error: `the process launcher died (${how})` });
      p.exited?.({ code: null, signal: 'SIGKILL', peakKiB: undefined });
    }
    this.pending.clear();
  }

  // An idle helper must not keep opp-campaign alive; one with runs must.
  private busy(): void {
    this.child.ref();
    (this.child.stdout as Socket).ref();
  }
  private idle(): void {
    this.child.unref();
    (this.child.stdout as Socket).unref();
  }
}
