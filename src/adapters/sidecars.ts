// A run's helper processes (sidecars): started before the run with ports of their own, each in a
// process group of its own with its output in a log next to the run's, checked for readiness (a
// TCP port that accepts, or a line on its output), watched while the run goes on, and stopped
// with their whole group after it (SIGTERM, then SIGKILL), so that nothing outlives the run.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import {
  sidecarCommand,
  sidecarRunParts,
  type SidecarSettings,
} from '../core/campaign/sidecar-settings.js';
import { TemplateError } from '../core/campaign/command.js';
import type { PortAllocator } from './free-ports.js';
import { HAS_PROC, isExiting, readProcStat } from './proc-stat.js';

export interface SidecarContext {
  readonly specs: readonly SidecarSettings[];
  /** The run's placeholders: config, run, key, resultdir, runfile. */
  readonly values: Readonly<Record<string, string>>;
  /** The project folder (sidecars' `dir` is relative to it). */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The log file of a sidecar, and how messages name it. */
  readonly log: (name: string) => { readonly path: string; readonly label: string };
  readonly ports: PortAllocator;
  readonly registry?: { add(pid: number, runKey?: string): void; remove(pid: number): void };
  /**
   * The run's key: in each sidecar's environment (OPP_CAMPAIGN_RUN_KEY, inherited by what it
   * starts), by which the next campaign finds what a killed one left of it.
   */
  readonly runKey?: string;
  readonly signal?: AbortSignal;
  /** Starts of a sidecar that exits before it is ready (a port taken meanwhile). Default 3. */
  readonly startAttempts?: number;
  readonly host?: string;
}

export interface RunSidecars {
  /** For the run's command line and environment. */
  readonly args: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly ports: Readonly<Record<string, number>>;
  /** How each sidecar was started (to reproduce the run by hand). */
  readonly commands: readonly {
    readonly dir: string;
    readonly command: string;
    readonly args: readonly string[];
  }[];
  /** Resolves when a sidecar dies abnormally while the run goes on. */
  readonly died: Promise<SidecarDeath>;
  /** After the run: the first sidecar that died abnormally, if one did (waits up to graceMs for news). */
  failure(graceMs: number): Promise<SidecarDeath | undefined>;
  /**
   * Whether a sidecar has exited, or is exiting, at this moment (asked as the run's exit is seen):
   * its exit seen, or (Linux) the kernel's word that it is a zombie or tearing down. A process
   * that quits can take milliseconds to do so (a Python helper's exit: ~5 ms), while its socket
   * is closed and the model that reads EOF has reported it and exited.
   */
  readonly endingNow: () => boolean;
  /** The sidecars' process ids (for the launcher to ask the same as it reaps the run). */
  readonly pids: readonly number[];
  /** Stops every sidecar's whole process group and releases the ports. */
  stop(): Promise<void>;
}

/** A sidecar that exited abnormally before it was told to stop. */
export interface SidecarDeath {
  /** As the cause of the run's failure: `sidecar 's' died during the run (exit status 1); its log: …` */
  readonly message: string;
  /** As a consequence of the run's own end (a helper whose peer went away). */
  readonly consequence: string;
  /** As a consequence of the model's error (its peer went away as the model stopped on it). */
  readonly afterError: string;
  /** The signal that killed it (a crash, the OOM killer), null when it exited with a status. */
  readonly signal: NodeJS.Signals | null;
  /** When its exit was seen (performance.now()). */
  readonly at: number;
}

/** A sidecar did not come up; the run was not started and nothing of its sidecars is left. */
export class SidecarStartError extends Error {
  /** The ports the sidecars had when they failed (for the command that reproduces the run). */
  ports: Readonly<Record<string, number>> = {};
  constructor(message: string) {
    super(message);
    this.name = 'SidecarStartError';
  }
}

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly error?: string;
}

const describeExit = (e: Exit): string =>
  e.error !== undefined
    ? `could not be started: ${e.error}`
    : e.signal
      ? `killed by ${e.signal}`
      : `exit status ${e.code ?? '?'}`;

const sleep = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));

class SidecarProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;
  /** Its output pipes are closed (children of the sidecar may hold them after it exited). */
  readonly closed: Promise<void>;
  exit: Exit | undefined;
  private readonly lineWaiters: ((line: string) => void)[] = [];

  constructor(
    readonly spec: SidecarSettings,
    readonly cmd: { command: string; args: string[] },
    cwd: string,
    env: Readonly<Record<string, string | undefined>>,
    log: WriteStream,
  ) {
    this.child = spawn(cmd.command, cmd.args, {
      cwd,
      env,
      detached: true, // its own process group: stopping it reaches its children too
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let partial = '';
    const onData = (chunk: Buffer): void => {
      if (!log.writableEnded) log.write(chunk);
      if (this.lineWaiters.length === 0) return;
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop() ?? '';
      for (const l of lines) for (const w of this.lineWaiters) w(l);
    };
    this.child.stdout?.on('data', onData);
    this.child.stderr?.on('data', onData);
    // 'exit', not 'close': a child of the sidecar may keep its output pipes open
    this.exited = new Promise<Exit>((done) => {
      this.child.once('error', (e) => done({ code: null, signal: null, error: e.message }));
      this.child.once('exit', (code: number | null, signal: NodeJS.Signals | null) =>
        done({ code, signal }),
      );
    }).then((e) => (this.exit = e));
    this.closed = new Promise<void>((done) => {
      this.child.once('close', () => done());
      this.child.once('error', () => done());
    });
  }

  /** Exited, or exiting now (Linux: a zombie, or PF_EXITING in /proc/PID/stat's flags). */
  exiting(): boolean {
    if (this.exit !== undefined) return true;
    if (this.child.pid === undefined) return false;
    const stat = readProcStat(this.child.pid);
    // none: gone (reaped, its exit about to be told), or no /proc (macOS): its exit, when seen,
    // says
    return stat === undefined ? HAS_PROC : isExiting(stat);
  }

  onLine(f: (line: string) => void): void {
    this.lineWaiters.push(f);
  }

  killGroup(sig: NodeJS.Signals): void {
    if (this.child.pid === undefined) return;
    try {
      process.kill(-this.child.pid, sig);
    } catch {
      // the group is gone
    }
  }

  async stop(graceMs: number): Promise<void> {
    if (!this.exit) {
      this.killGroup('SIGTERM');
      const timer = sleep(graceMs).then(() => 'late' as const);
      if ((await Promise.race([this.exited, timer])) === 'late') this.killGroup('SIGKILL');
      await this.exited;
    }
    // the leader is gone; children that ignored SIGTERM or outlived it are not
    this.killGroup('SIGKILL');
    await Promise.race([this.closed, sleep(1000)]);
  }
}

async function portAccepts(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect({ host, port });
    const finish = (ok: boolean): void => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(1000, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

type Readiness = 'ready' | 'timeout' | 'aborted' | Exit;

async function waitReady(
  p: SidecarProcess,
  ports: Readonly<Record<string, number>>,
  host: string,
  signal: AbortSignal | undefined,
): Promise<Readiness> {
  const deadline = Date.now() + p.spec.readyTimeoutMs;
  const ready = p.spec.ready;
  if ('line' in ready) {
    const re = new RegExp(ready.line);
    let seen = false;
    const matched = new Promise<'ready'>((done) =>
      p.onLine((l) => {
        if (!seen && re.test(l)) {
          seen = true;
          done('ready');
        }
      }),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((done) => {
      timer = setTimeout(() => done('timeout'), p.spec.readyTimeoutMs);
    });
    const aborted = new Promise<'aborted'>((done) => {
      if (signal?.aborted) done('aborted');
      signal?.addEventListener('abort', () => done('aborted'), { once: true });
    });
    try {
      return await Promise.race([matched, p.exited, timeout, aborted]);
    } finally {
      clearTimeout(timer);
    }
  }
  const port = ports[ready.port] as number;
  for (;;) {
    if (p.exit) return p.exit;
    if (signal?.aborted) return 'aborted';
    if (await portAccepts(host, port)) return p.exit ?? 'ready';
    if (Date.now() >= deadline) return 'timeout';
    await Promise.race([sleep(50), p.exited]);
  }
}

/**
 * Starts the run's sidecars in declaration order and waits until each is ready. A sidecar that
 * exits before it is ready is started again with fresh ports (another process may have taken
 * one); one that never becomes ready, or fails every start, throws SidecarStartError after
 * everything started so far is stopped.
 */
export async function startSidecars(ctx: SidecarContext): Promise<RunSidecars> {
  const host = ctx.host ?? '127.0.0.1';
  const attempts = ctx.startAttempts ?? 3;
  const ports: Record<string, number> = {};
  const allPorts = ctx.specs.flatMap((s) => s.ports);
  const allocated = await ctx.ports.allocate(allPorts.length);
  allPorts.forEach((name, i) => (ports[name] = allocated[i] as number));
  const values = (): Record<string, string> => ({
    ...ctx.values,
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
  });

  const env = ctx.runKey !== undefined ? { ...ctx.env, OPP_CAMPAIGN_RUN_KEY: ctx.runKey } : ctx.env;
  const running: SidecarProcess[] = [];
  const logs: WriteStream[] = [];
  const commands: { dir: string; command: string; args: string[] }[] = [];
  let stopping = false;
  let death: SidecarDeath | undefined;
  let announceDeath: (d: SidecarDeath) => void = () => undefined;
  const died = new Promise<SidecarDeath>((done) => (announceDeath = done));

  const stopAll = async (): Promise<void> => {
    stopping = true;
    for (const p of [...running].reverse()) {
      await p.stop(p.spec.stopTimeoutMs);
      if (p.child.pid !== undefined) ctx.registry?.remove(p.child.pid);
    }
    running.length = 0;
    for (const log of logs.splice(0)) {
      log.end();
      await once(log, 'close');
    }
    ctx.ports.release(Object.values(ports));
  };

  try {
    for (const spec of ctx.specs) {
      const { path: logPath, label } = ctx.log(spec.name);
      const log = createWriteStream(logPath, { flags: 'w' });
      logs.push(log);
      const dir = resolve(ctx.cwd, spec.dir);
      let started: SidecarProcess | undefined;
      for (let attempt = 1; !started; attempt++) {
        const cmd = sidecarCommand(spec, values());
        if (attempt > 1) log.write(`\n--- opp-campaign: starting again (attempt ${attempt}) ---\n`);
        const p = new SidecarProcess(spec, cmd, dir, env, log);
        running.push(p);
        if (p.child.pid !== undefined) ctx.registry?.add(p.child.pid, ctx.runKey);
        const r = await waitReady(p, ports, host, ctx.signal);
        if (r === 'ready') {
          started = p;
          commands.push({ dir, ...cmd });
          void p.exited.then((e) => {
            if (stopping || (e.code === 0 && e.signal === null)) return;
            death ??= {
              message: `sidecar '${spec.name}' died during the run (${describeExit(e)}); its log: ${label}`,
              consequence: `sidecar '${spec.name}' exited after the run had ended (${describeExit(e)}), a consequence, not the cause; its log: ${label}`,
              afterError: `sidecar '${spec.name}' exited after the model's error (${describeExit(e)}), a consequence, not the cause; its log: ${label}`,
              at: performance.now(),
              signal: e.signal,
            };
            announceDeath(death);
          });
          continue;
        }
        if (r === 'aborted') throw new SidecarStartError(`sidecar '${spec.name}': interrupted`);
        if (r === 'timeout')
          throw new SidecarStartError(
            `sidecar '${spec.name}' was not ready after ${spec.readyTimeoutMs / 1000}s (${readyText(spec, ports)}); its log: ${label}`,
          );
        // it exited before it was ready: with fresh ports, unless it could not start at all
        running.pop();
        await p.stop(spec.stopTimeoutMs);
        if (p.child.pid !== undefined) ctx.registry?.remove(p.child.pid);
        if (r.error !== undefined || attempt >= attempts)
          throw new SidecarStartError(
            `sidecar '${spec.name}' ${r.error !== undefined ? describeExit(r) : `exited before it was ready (${describeExit(r)}${attempts > 1 ? `, ${attempt} starts` : ''})`}; its log: ${label}`,
          );
        const mine = spec.ports.map((n) => ports[n] as number);
        const fresh = await ctx.ports.allocate(mine.length);
        ctx.ports.release(mine);
        spec.ports.forEach((n, i) => (ports[n] = fresh[i] as number));
      }
    }
  } catch (e) {
    await stopAll();
    const failed = e instanceof TemplateError ? new SidecarStartError(e.message) : e;
    if (failed instanceof SidecarStartError) failed.ports = { ...ports };
    throw failed;
  }

  return {
    ...sidecarRunParts(ctx.specs, values()),
    ports: { ...ports },
    commands,
    died,
    async failure(graceMs: number): Promise<SidecarDeath | undefined> {
      if (death !== undefined) return death;
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<undefined>((done) => {
        timer = setTimeout(() => done(undefined), graceMs);
      });
      try {
        return await Promise.race([died, late]);
      } finally {
        clearTimeout(timer);
      }
    },
    endingNow: () => !stopping && running.some((p) => p.exiting()),
    pids: running.flatMap((p) => (p.child.pid !== undefined ? [p.child.pid] : [])),
    stop: stopAll,
  };
}

function readyText(spec: SidecarSettings, ports: Readonly<Record<string, number>>): string {
  return 'port' in spec.ready
    ? `nothing accepted connections on port ${ports[spec.ready.port]}`
    : `no output line matched /${spec.ready.line}/`;
}
