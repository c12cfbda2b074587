import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  globToRegExp,
  readAt,
  readHead,
  readTail
} from "./chunk-5UK4FNYA.js";
import {
  childEnvironment
} from "./chunk-XUHSHZOU.js";
import {
  explainFailure,
  failureCause
} from "./chunk-YZN3N6A5.js";
import {
  isRetryable,
  readJournal,
  serializeRecord
} from "./chunk-EE3EY7XX.js";
import {
  fillTemplate,
  sidecarCommand
} from "./chunk-NMW2MYNH.js";
import {
  TemplateError,
  batchOptions,
  runCommand,
  shellQuote,
  splitWords
} from "./chunk-5ZQWJDSW.js";
import {
  SqliteUnavailableError,
  openDatabase
} from "./chunk-BTRHFJW2.js";
import {
  DiskFullError,
  isDiskFull,
  parseQuotedString,
  quoteString
} from "./chunk-XGZ5LFLB.js";

// src/adapters/build-id.ts
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
var LIB_SUFFIXES = ["", ".so", ".dylib", ".dll"];
function buildId(projectDir, run) {
  const h = createHash("sha256");
  const files = [];
  if (run.preset === "omnetpp") {
    if (run.program) files.push(run.program);
    for (const lib of run.libraries) files.push(lib);
    h.update(JSON.stringify(run));
  } else {
    h.update(run.command);
    const first = splitWords(run.command)[0];
    if (first && first.includes("/")) files.push(first);
  }
  for (const f of files) {
    const slash = f.lastIndexOf("/");
    const libName = `${f.slice(0, slash + 1)}lib${f.slice(slash + 1)}`;
    const candidates = [f, libName].flatMap((base) => LIB_SUFFIXES.map((sfx) => base + sfx));
    for (const candidate of candidates) {
      try {
        h.update(readFileSync(resolve(projectDir, candidate)));
        break;
      } catch {
      }
    }
  }
  return h.digest("hex").slice(0, 16);
}

// src/adapters/journal-file.ts
import {
  closeSync,
  existsSync,
  fdatasync,
  fstatSync,
  ftruncateSync,
  openSync,
  readFileSync as readFileSync2,
  readSync,
  writeSync
} from "node:fs";
var SYNC_GAP_MS = 50;
var JournalFile = class {
  constructor(path) {
    this.path = path;
  }
  path;
  fd;
  /** The journal's length after the last complete record. */
  size = 0;
  syncing = false;
  dirty = false;
  read() {
    if (!existsSync(this.path)) return { runs: /* @__PURE__ */ new Map(), damagedLines: [] };
    return readJournal(readFileSync2(this.path, "utf8"));
  }
  append(rec) {
    if (this.fd === void 0) {
      this.fd = openSync(this.path, "a+");
      this.size = fstatSync(this.fd).size;
      const last = Buffer.alloc(1);
      if (this.size > 0 && readSync(this.fd, last, 0, 1, this.size - 1) === 1 && last[0] !== 10)
        this.write("\n");
    }
    this.write(serializeRecord(rec));
    this.dirty = true;
    this.sync();
  }
  /** Appends all of `text` or nothing: a write cut short (a full disk) is taken back. */
  write(text) {
    const fd = this.fd;
    const bytes = Buffer.from(text);
    try {
      const n = writeSync(fd, bytes);
      if (n !== bytes.length)
        throw Object.assign(new Error(`ENOSPC: no space left on device, write '${this.path}'`), {
          code: "ENOSPC"
        });
      this.size += n;
    } catch (e) {
      try {
        ftruncateSync(fd, this.size);
      } catch {
      }
      throw e;
    }
  }
  sync() {
    if (this.syncing || this.fd === void 0 || !this.dirty) return;
    this.syncing = true;
    this.dirty = false;
    fdatasync(this.fd, () => {
      setTimeout(() => {
        this.syncing = false;
        this.sync();
      }, SYNC_GAP_MS);
    });
  }
  async close() {
    while (this.syncing) await new Promise((r) => setTimeout(r, 5));
    if (this.fd !== void 0) closeSync(this.fd);
    this.fd = void 0;
  }
};

// src/adapters/process-launcher.ts
import { spawn } from "node:child_process";
import { existsSync as existsSync2 } from "node:fs";
import { createInterface } from "node:readline";
var HELPER = String.raw`
import collections, json, os, signal, subprocess, sys, threading, time
slots = int(sys.argv[1])
out = sys.stdout.buffer
out_lock = threading.Lock()
lock = threading.Lock()  # the queue and the running runs; a run's pid is sent before its exit
live = threading.Semaphore(0)
ids = {}
began = {}
queue = collections.deque()
def send(obj):
    line = (json.dumps(obj, separators=(',', ':')) + '\n').encode()
    with out_lock:
        out.write(line)
        out.flush()
def failure(e):
    return e.strerror if isinstance(e, OSError) and e.strerror else str(e)
home = os.open('.', os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
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
def launch(req):
    if not hasattr(os, 'posix_spawn'):
        log = os.open(req['log'], os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
        try:
            p = subprocess.Popen([req['cmd']] + req['args'], cwd=req['cwd'], env=req['env'],
                                 stdin=subprocess.DEVNULL, stdout=log, stderr=log,
                                 start_new_session=True)
        finally:
            os.close(log)
        p.returncode = 0  # reaped by the reaper thread, not by Popen
        return p.pid
    # posix_spawn (vfork and exec, in C) costs a fraction of Popen; it has no cwd, so the
    # helper moves there for the moment (only it spawns, under the lock)
    os.chdir(req['cwd'])
    try:
        return os.posix_spawn(
            executable(req['cmd'], req['env']), [req['cmd']] + req['args'], req['env'],
            file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, '/dev/null', os.O_RDONLY, 0),
                (os.POSIX_SPAWN_OPEN, 1, req['log'], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666),
                (os.POSIX_SPAWN_DUP2, 1, 2)],
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
    send({'id': req['id'], 'pid': pid})
    live.release()
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
                rid = ids.pop(pid, None)
                t0 = began.pop(pid, ended)
                if rid is not None:
                    admit()
            if rid is not None:
                break
        ms = round((ended - t0) * 1000)
        if os.WIFSIGNALED(status):
            send({'id': rid, 'signal': os.WTERMSIG(status), 'maxrss': ru.ru_maxrss, 'ms': ms})
        else:
            send({'id': rid, 'exit': os.WEXITSTATUS(status), 'maxrss': ru.ru_maxrss, 'ms': ms})
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
    with lock:
        queue.append(req)
        admit()
with lock:
    queue.clear()
    for pid in list(ids):
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass
`;
var SIGNAL_NAMES = {
  1: "SIGHUP",
  2: "SIGINT",
  3: "SIGQUIT",
  4: "SIGILL",
  5: "SIGTRAP",
  6: "SIGABRT",
  7: "SIGBUS",
  8: "SIGFPE",
  9: "SIGKILL",
  10: "SIGUSR1",
  11: "SIGSEGV",
  12: "SIGUSR2",
  13: "SIGPIPE",
  14: "SIGALRM",
  15: "SIGTERM"
};
var signalName = (n) => SIGNAL_NAMES[n] ?? `SIG${n}`;
function launcherPythons(env = process.env) {
  const chosen = env["OPP_CAMPAIGN_PYTHON"];
  if (chosen !== void 0 && chosen !== "") return [chosen];
  const system = "/usr/bin/python3";
  return process.platform === "linux" && existsSync2(system) ? [system, "python3"] : ["python3"];
}
var ProcessLauncher = class _ProcessLauncher {
  constructor(child) {
    this.child = child;
    createInterface({ input: child.stdout }).on("line", (l) => this.reply(l));
    child.on("close", (code, signal) => this.died(`exit ${signal ?? code}`));
    child.stdin.on("error", () => void 0);
  }
  child;
  pending = /* @__PURE__ */ new Map();
  nextId = 1;
  baseEnv;
  dead;
  /**
   * A helper that runs at most `slots` processes at once (the others wait in its queue).
   * `python`: the interpreters to try in turn (by default the system's python3 on Linux, then
   * `python3` on PATH, which may be a version manager's shim that takes a few hundred ms).
   */
  static async start(slots, python = launcherPythons()) {
    for (const p of python) {
      const launcher = await _ProcessLauncher.startWith(slots, p);
      if (launcher !== void 0) return launcher;
    }
    return void 0;
  }
  static async startWith(slots, python) {
    const child = spawn(python, ["-I", "-c", HELPER, String(slots)], {
      stdio: ["pipe", "pipe", "ignore"],
      // a session of its own: Ctrl-C at the terminal is opp-campaign's to handle, not the
      // helper's (it would take the runs' exit statuses with it)
      detached: true
    });
    const ready = await new Promise((resolve3) => {
      child.once("error", () => resolve3(false));
      child.once("exit", () => resolve3(false));
      child.stdout.once("data", (c) => resolve3(c.toString().startsWith('{"ready":1}')));
    });
    if (!ready) {
      child.kill("SIGKILL");
      return void 0;
    }
    const launcher = new _ProcessLauncher(child);
    launcher.idle();
    return launcher;
  }
  launch(req) {
    if (this.dead !== void 0)
      return Promise.resolve({ error: `the process launcher died (${this.dead})` });
    const id = this.nextId++;
    this.busy();
    return new Promise((started) => {
      this.pending.set(id, { started });
      this.child.stdin.write(
        JSON.stringify({
          id,
          cmd: req.command,
          args: req.args,
          cwd: req.cwd,
          ...this.envField(req.env),
          log: req.logFile
        }) + "\n"
      );
    });
  }
  /**
   * Runs' environments differ in a few variables (the run file, the run key): after the first,
   * only the difference to the last one sent in full goes over the pipe.
   */
  envField(given) {
    const env = {};
    for (const [k, v] of Object.entries(given)) if (v !== void 0) env[k] = v;
    const base = this.baseEnv;
    if (base) {
      const envDelta = {};
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
  cancelQueued() {
    if (this.dead === void 0) this.child.stdin.write('{"cancel":1}\n');
  }
  /** Ends the helper once its runs have ended. */
  close() {
    this.child.stdin.end();
  }
  reply(line) {
    let m;
    try {
      m = JSON.parse(line);
    } catch {
      return;
    }
    const p = m.id === void 0 ? void 0 : this.pending.get(m.id);
    if (!p || m.id === void 0) return;
    if (m.pid !== void 0) {
      p.started({ pid: m.pid, exited: new Promise((resolve3) => p.exited = resolve3) });
      return;
    }
    this.pending.delete(m.id);
    if (m.error !== void 0)
      p.started(m.cancelled ? { error: m.error, cancelled: true } : { error: m.error });
    else
      p.exited?.({
        code: m.exit ?? null,
        signal: m.signal !== void 0 ? signalName(m.signal) : null,
        peakKiB: m.maxrss,
        ...m.ms !== void 0 ? { wallMs: m.ms } : {}
      });
    if (this.pending.size === 0) this.idle();
  }
  /** Without the helper, no exit status will come: its runs are stopped and count as failed. */
  died(how) {
    this.dead = how;
    for (const [, p] of this.pending) {
      p.started({ error: `the process launcher died (${how})` });
      p.exited?.({ code: null, signal: "SIGKILL", peakKiB: void 0 });
    }
    this.pending.clear();
  }
  // An idle helper must not keep opp-campaign alive; one with runs must.
  busy() {
    this.child.ref();
    this.child.stdout.ref();
  }
  idle() {
    this.child.unref();
    this.child.stdout.unref();
  }
};

// src/app/execute.ts
import { mkdirSync as mkdirSync2, statSync, writeFileSync } from "node:fs";
import { basename, dirname as dirname2, join as join2, relative as relative2 } from "node:path";

// src/core/campaign/reproduce.ts
function reproduceCommand(projectDir, cmd, env, sidecars = []) {
  const cd = `cd ${shellQuote({ command: projectDir, args: [] })}`;
  const run = shellQuote(cmd, env);
  if (sidecars.length === 0) return `${cd} && ${run}`;
  const started = sidecars.map((s) => `(cd ${shellQuote({ command: s.dir, args: [] })} && exec ${shellQuote(s)}) &`).join(" ");
  return `${cd} && { ${started} } && sleep 1 && ${run}; kill $(jobs -p)`;
}

// src/core/campaign/outcome.ts
function classify(exit, files) {
  switch (exit.status) {
    case "spawn-error":
      return { status: "spawn-error" };
    case "interrupted":
      return { status: "interrupted" };
    case "timeout":
      return { status: "timeout", message: "timed out; the whole process group was killed" };
    case "signaled":
      return { status: "crashed", message: `killed by ${exit.signal ?? "a signal"}` };
    case "exited":
      break;
  }
  if (exit.exitCode !== 0) return { status: "failed", message: `exit status ${exit.exitCode}` };
  const present = files.filter((f) => f.problem !== void 0);
  if (present.length === 0)
    return { status: "no-results", message: "exited 0 but wrote no result file" };
  const bad = present.find((f) => f.problem !== null);
  if (bad) return { status: "bad-results", message: `${bad.path}: ${bad.problem}` };
  return { status: "ok" };
}
var KNOWN_LINE = /^(version|run|attr|itervar|config|par|scalar|statistic|field|bin|histogram|vector|file|\d+[ \t])/;
var VERSION_LINE = /^version \d+\n/;
var RUN_LINE = /^run \S/m;
function checkResultText(text) {
  if (text.length === 0) return "empty file";
  if (!VERSION_LINE.test(text)) return "does not start with a 'version' line";
  if (!RUN_LINE.test(text)) return "has no 'run' line";
  if (!text.endsWith("\n")) return "ends in the middle of a line (truncated)";
  const lines = text.split("\n");
  for (let i = 0; i < lines.length - 1; i++) {
    const l = lines[i];
    if (l !== "" && !KNOWN_LINE.test(l))
      return `line ${i + 1} is not a result line: ${l.slice(0, 60)}`;
  }
  return null;
}
function checkResultEnds(head, tail) {
  if (!VERSION_LINE.test(head)) return "does not start with a 'version' line";
  if (!RUN_LINE.test(head)) return "has no 'run' line near its start";
  if (!tail.endsWith("\n")) return "ends in the middle of a line (truncated)";
  const lines = tail.split("\n").slice(1, -1);
  const bad = lines.find((l) => l !== "" && !KNOWN_LINE.test(l));
  return bad === void 0 ? null : `a line near its end is not a result line: ${bad.slice(0, 60)}`;
}
var SQLITE_MAGIC = "SQLite format 3\0";
var isSqliteHeader = (head) => head.length >= SQLITE_MAGIC.length && [...SQLITE_MAGIC].every((c, i) => head[i] === c.charCodeAt(0));
function checkSqliteHeader(head, fileSize) {
  if (head.length < 100) return "SQLite header cut short (truncated)";
  const view = new DataView(head.buffer, head.byteOffset, 100);
  const raw = view.getUint16(16);
  const pageSize = raw === 1 ? 65536 : raw;
  const pages = view.getUint32(28);
  const valid = view.getUint32(24) === view.getUint32(92);
  if (valid && pages > 0 && pageSize * pages > fileSize)
    return `truncated: ${fileSize} bytes of the ${pageSize * pages} its header announces`;
  return null;
}
var PROGRESS = /^\*\* Event #(\d+)\s+t=(\S+)\s+Elapsed:.*?(\d+)% completed/;
function parseCmdenvStatus(line) {
  const m = PROGRESS.exec(line);
  if (!m) return void 0;
  return { event: Number(m[1]), simTime: m[2], percent: Number(m[3]) };
}

// src/core/campaign/string-options.ts
var STRING_OPTIONS = new Set(
  "cmdenv-config-name cmdenv-log-prefix cmdenv-output-file cmdenv-runs-to-execute configuration-class constraint debugger-attach-command description eventlog-file eventlogmanager-class experiment-label extends fingerprint fingerprint-events fingerprint-ingredients fingerprint-modules fingerprint-results fingerprintcalculator-class futureeventset-class iteration-nesting-order load-libs measurement-label network output-scalar-file output-vector-file outputscalarmanager-class outputvectormanager-class parsim-communications-class parsim-filecommunications-prefix parsim-filecommunications-read-prefix parsim-namedpipecommunications-prefix parsim-nullmessageprotocol-lookahead-class parsim-synchronization-class qtenv-default-config qtenv-default-run replication-label result-dir rng-class scheduler-class sectionbasedconfig-configreader-class snapshot-file snapshotmanager-class user-interface cmdenv-log-level display-name display-string partition-id result-recording-modes typename".split(" ")
);

// src/core/campaign/run-file.ts
function needsQuotes(s) {
  if (s === "") return true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 32 || c === 127 || s[i] === "\\" || s[i] === '"') return true;
  }
  return false;
}
var field = (s) => needsQuotes(s) ? quoteString(s) : s;
function recordedValue(key, value) {
  if (!value.startsWith('"')) return value;
  const suffix = key.slice(key.lastIndexOf(".") + 1);
  if (!STRING_OPTIONS.has(suffix)) return value;
  try {
    return parseQuotedString(value);
  } catch {
    return value;
  }
}
function renderRunFile(run) {
  const lines = ["# opp-campaign run file v1"];
  for (const [k, v] of Object.entries(run.attrs)) lines.push(`attr ${k} ${field(v)}`);
  const itervars = [...run.itervars].sort(
    (a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0
  );
  for (const { name, value } of itervars) lines.push(`itervar ${name} ${field(value)}`);
  for (const e of run.entries)
    lines.push(`config ${e.key} ${field(recordedValue(e.key, e.value))}`);
  return lines.join("\n") + "\n";
}

// src/adapters/results/result-check.ts
import { closeSync as closeSync2, fstatSync as fstatSync2, openSync as openSync2 } from "node:fs";
var END_BYTES = 8 * 1024;
function checkResultFile(path, run) {
  let fd;
  try {
    fd = openSync2(path, "r");
  } catch (e) {
    if (e.code === "ENOENT") return void 0;
    return `cannot be read: ${errorText(e)}`;
  }
  try {
    const size = fstatSync2(fd).size;
    if (size === 0) return "empty file";
    const head = readAt(fd, 0, Math.min(size, size <= 2 * END_BYTES ? size : END_BYTES));
    if (isSqliteHeader(head)) return checkSqliteHeader(head, size) ?? checkSqliteRun(path, run);
    if (size <= 2 * END_BYTES) return checkResultText(head.toString("utf8"));
    const tail = readAt(fd, size - END_BYTES, END_BYTES);
    return checkResultEnds(head.toString("utf8"), tail.toString("utf8"));
  } catch (e) {
    if (e instanceof SqliteUnavailableError) throw e;
    return `cannot be read: ${errorText(e)}`;
  } finally {
    closeSync2(fd);
  }
}
function checkSqliteRun(path, run) {
  let db;
  try {
    db = openDatabase(path, "read");
  } catch (e) {
    if (e instanceof SqliteUnavailableError) throw e;
    return `not a readable SQLite database: ${errorText(e)}`;
  }
  try {
    const found = db.prepare(
      `SELECT COUNT(*) FROM run r
          WHERE EXISTS (SELECT 1 FROM runAttr a WHERE a.runId = r.runId
                          AND a.attrName = 'configname' AND a.attrValue = ?)
            AND EXISTS (SELECT 1 FROM runAttr a WHERE a.runId = r.runId
                          AND a.attrName = 'runnumber' AND a.attrValue = ?)`
    ).pluck().get(run.config, String(run.runNumber));
    if (Number(found) > 0) return null;
    const any = Number(db.prepare("SELECT COUNT(*) FROM run").pluck().get());
    return any === 0 ? "SQLite result file without a run" : `SQLite result file without run ${run.config} #${run.runNumber} (it has ${any} other run(s))`;
  } catch (e) {
    return `not a readable OMNeT++ SQLite result file: ${errorText(e)}`;
  } finally {
    db.close();
  }
}
var errorText = (e) => e instanceof Error ? e.message : String(e);

// src/adapters/results/set-aside.ts
import { mkdirSync, renameSync, rmSync } from "node:fs";
import { dirname, isAbsolute, join, relative } from "node:path";
function placeIn(file, fromDir, toDir) {
  const rel = relative(fromDir, file);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? void 0 : join(toDir, rel);
}
function setAside(files, fromDir, toDir) {
  let moved = 0;
  for (const file of files) {
    const to = placeIn(file, fromDir, toDir);
    if (to === void 0) continue;
    try {
      mkdirSync(dirname(to), { recursive: true });
      renameSync(file, to);
      moved++;
    } catch (e) {
      if (e.code !== "ENOENT") throw e;
    }
  }
  return moved;
}
function forgetSetAside(files, fromDir, toDir) {
  for (const file of files) {
    const to = placeIn(file, fromDir, toDir);
    if (to !== void 0) rmSync(to, { force: true });
  }
}

// src/adapters/process-run.ts
import { spawn as spawn2 } from "node:child_process";
import {
  closeSync as closeSync3,
  existsSync as existsSync3,
  fstatSync as fstatSync3,
  openSync as openSync3,
  readFileSync as readFileSync3,
  readSync as readSync2,
  rmSync as rmSync2
} from "node:fs";
var GNU_TIME = "/usr/bin/time";
var gnuTimeWorks;
function canUseGnuTime() {
  if (gnuTimeWorks === void 0) gnuTimeWorks = existsSync3(GNU_TIME);
  return gnuTimeWorks;
}
var TAIL_BYTES = 8192;
function newLines(path, offset) {
  let fd;
  try {
    fd = openSync3(path, "r");
  } catch {
    return { lines: [], offset };
  }
  try {
    const size = fstatSync3(fd).size;
    if (size <= offset) return { lines: [], offset: Math.min(offset, size) };
    const from = Math.max(offset, size - TAIL_BYTES);
    const buf = Buffer.alloc(size - from);
    const n = readSync2(fd, buf, 0, buf.length, from);
    const lastNl = buf.lastIndexOf(10, n - 1);
    if (lastNl < 0) return { lines: [], offset };
    const start = from > offset ? buf.indexOf(10) + 1 : 0;
    const end = from + lastNl + 1;
    if (start > lastNl) return { lines: [], offset: end };
    return { lines: buf.subarray(start, lastNl).toString().split("\n"), offset: end };
  } finally {
    closeSync3(fd);
  }
}
function spawnHere(spec) {
  const rssFile = `${spec.logFile}.rss`;
  const wrap = canUseGnuTime();
  const [file, args] = wrap ? [GNU_TIME, ["-f", "%M", "-o", rssFile, spec.command, ...spec.args]] : [spec.command, [...spec.args]];
  const log = openSync3(spec.logFile, "w");
  let child;
  try {
    child = spawn2(file, args, {
      cwd: spec.cwd,
      env: spec.env,
      detached: true,
      // a process group of its own: timeouts and Ctrl-C reach every descendant
      stdio: ["ignore", log, log]
    });
  } finally {
    closeSync3(log);
  }
  const exited = new Promise((resolve3) => {
    child.once("exit", (code, signal) => {
      if (!wrap) return resolve3({ code, signal, peakKiB: void 0 });
      const r = readGnuTime(rssFile, code, signal);
      rmSync2(rssFile, { force: true });
      const failed = code === 126 || code === 127 ? cannotRun(spec.logFile) : void 0;
      resolve3(failed !== void 0 ? new Error(failed) : r);
    });
    child.once("error", resolve3);
  });
  return { pid: child.pid, exited };
}
async function startProcess(spec, onLine, launcher) {
  const how = launcher ? await launcher.launch(spec) : spawnHere(spec);
  const started = performance.now();
  if ("error" in how) {
    const outcome = {
      status: "cancelled" in how && how.cancelled ? "interrupted" : "spawn-error",
      exitCode: null,
      signal: null,
      wallMs: 0,
      peakKiB: void 0,
      error: how.error
    };
    return { pid: void 0, done: Promise.resolve(outcome), stop: () => void 0 };
  }
  const { pid } = how;
  let stopping;
  let killTimer;
  const killGroup = (sig) => {
    if (pid === void 0) return;
    try {
      process.kill(-pid, sig);
    } catch {
    }
  };
  const stopGroup = (reason) => {
    if (stopping) return;
    stopping = reason;
    killGroup("SIGTERM");
    killTimer = setTimeout(() => killGroup("SIGKILL"), spec.killGraceMs ?? 2e3);
  };
  const timer = spec.timeoutMs !== void 0 ? setTimeout(() => stopGroup("timeout"), spec.timeoutMs) : void 0;
  let offset = 0;
  const lineTimer = onLine ? setInterval(() => {
    const r = newLines(spec.logFile, offset);
    offset = r.offset;
    for (const l of r.lines) onLine(l);
  }, spec.lineIntervalMs ?? 1e3) : void 0;
  const done = (async () => {
    const result = await how.exited;
    killGroup("SIGKILL");
    if (timer) clearTimeout(timer);
    if (killTimer) clearTimeout(killTimer);
    if (lineTimer) clearInterval(lineTimer);
    const wallMs = performance.now() - started;
    if (result instanceof Error)
      return {
        status: "spawn-error",
        exitCode: null,
        signal: null,
        wallMs,
        peakKiB: void 0,
        error: result.message
      };
    const { code, signal, peakKiB } = result;
    const status = stopping ?? (signal ? "signaled" : "exited");
    return { status, exitCode: code, signal, wallMs: result.wallMs ?? wallMs, peakKiB };
  })();
  return { pid, done, stop: () => stopGroup("interrupted") };
}
function cannotRun(logFile) {
  const text = readHead(logFile, 512)?.toString() ?? "";
  return /^\S*time: cannot run (.*)$/m.exec(text)?.[1];
}
function readGnuTime(file, code, signal) {
  let text;
  try {
    text = readFileSync3(file, "utf8");
  } catch {
    return { code, signal, peakKiB: void 0 };
  }
  const lines = text.trim().split("\n");
  const peak = Number(lines[lines.length - 1]);
  const m = /terminated by signal (\d+)/.exec(text);
  if (m) {
    const sig = signalName(Number(m[1]));
    return { code: null, signal: sig, peakKiB: Number.isFinite(peak) ? peak : void 0 };
  }
  return { code, signal, peakKiB: Number.isFinite(peak) ? peak : void 0 };
}

// src/adapters/free-ports.ts
import { createServer } from "node:net";
async function kernelPort(host) {
  return new Promise((resolve3, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve3(port));
    });
  });
}
var PortAllocator = class {
  constructor(host = "127.0.0.1", remember = 4096) {
    this.host = host;
    this.remember = remember;
  }
  host;
  remember;
  inUse = /* @__PURE__ */ new Set();
  /** Recently released ports, oldest first (a closed port may linger in TIME_WAIT). */
  recent = [];
  /** `n` distinct free ports, reserved until released. */
  async allocate(n) {
    const out = [];
    for (let tries = 0; out.length < n; tries++) {
      if (tries > 200 + n * 20) throw new Error(`could not find ${n} free TCP port(s)`);
      const port = await kernelPort(this.host);
      if (port === 0 || this.inUse.has(port) || this.recent.includes(port)) continue;
      this.inUse.add(port);
      out.push(port);
    }
    return out;
  }
  release(ports) {
    for (const p of ports) {
      if (!this.inUse.delete(p)) continue;
      this.recent.push(p);
      if (this.recent.length > this.remember) this.recent.shift();
    }
  }
};

// src/adapters/sidecars.ts
import { spawn as spawn3 } from "node:child_process";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { connect } from "node:net";
import { resolve as resolve2 } from "node:path";
var SidecarStartError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "SidecarStartError";
  }
};
var describeExit = (e) => e.error !== void 0 ? `could not be started: ${e.error}` : e.signal ? `killed by ${e.signal}` : `exit status ${e.code ?? "?"}`;
var sleep = (ms) => new Promise((done) => setTimeout(done, ms));
var SidecarProcess = class {
  constructor(spec, cmd, cwd, env, log) {
    this.spec = spec;
    this.cmd = cmd;
    this.child = spawn3(cmd.command, cmd.args, {
      cwd,
      env,
      detached: true,
      // its own process group: stopping it reaches its children too
      stdio: ["ignore", "pipe", "pipe"]
    });
    let partial = "";
    const onData = (chunk) => {
      if (!log.writableEnded) log.write(chunk);
      if (this.lineWaiters.length === 0) return;
      const lines = (partial + chunk.toString()).split("\n");
      partial = lines.pop() ?? "";
      for (const l of lines) for (const w of this.lineWaiters) w(l);
    };
    this.child.stdout?.on("data", onData);
    this.child.stderr?.on("data", onData);
    this.exited = new Promise((done) => {
      this.child.once("error", (e) => done({ code: null, signal: null, error: e.message }));
      this.child.once(
        "exit",
        (code, signal) => done({ code, signal })
      );
    }).then((e) => this.exit = e);
    this.closed = new Promise((done) => {
      this.child.once("close", () => done());
      this.child.once("error", () => done());
    });
  }
  spec;
  cmd;
  child;
  exited;
  /** Its output pipes are closed (children of the sidecar may hold them after it exited). */
  closed;
  exit;
  lineWaiters = [];
  onLine(f) {
    this.lineWaiters.push(f);
  }
  killGroup(sig) {
    if (this.child.pid === void 0) return;
    try {
      process.kill(-this.child.pid, sig);
    } catch {
    }
  }
  async stop(graceMs) {
    if (!this.exit) {
      this.killGroup("SIGTERM");
      const timer = sleep(graceMs).then(() => "late");
      if (await Promise.race([this.exited, timer]) === "late") this.killGroup("SIGKILL");
      await this.exited;
    }
    this.killGroup("SIGKILL");
    await Promise.race([this.closed, sleep(1e3)]);
  }
};
async function portAccepts(host, port) {
  return new Promise((done) => {
    const socket = connect({ host, port });
    const finish = (ok) => {
      socket.destroy();
      done(ok);
    };
    socket.setTimeout(1e3, () => finish(false));
    socket.once("connect", () => finish(true));
    socket.once("error", () => finish(false));
  });
}
async function waitReady(p, ports, host, signal) {
  const deadline = Date.now() + p.spec.readyTimeoutMs;
  const ready = p.spec.ready;
  if ("line" in ready) {
    const re = new RegExp(ready.line);
    let seen = false;
    const matched = new Promise(
      (done) => p.onLine((l) => {
        if (!seen && re.test(l)) {
          seen = true;
          done("ready");
        }
      })
    );
    let timer;
    const timeout = new Promise((done) => {
      timer = setTimeout(() => done("timeout"), p.spec.readyTimeoutMs);
    });
    const aborted = new Promise((done) => {
      if (signal?.aborted) done("aborted");
      signal?.addEventListener("abort", () => done("aborted"), { once: true });
    });
    try {
      return await Promise.race([matched, p.exited, timeout, aborted]);
    } finally {
      clearTimeout(timer);
    }
  }
  const port = ports[ready.port];
  for (; ; ) {
    if (p.exit) return p.exit;
    if (signal?.aborted) return "aborted";
    if (await portAccepts(host, port)) return p.exit ?? "ready";
    if (Date.now() >= deadline) return "timeout";
    await Promise.race([sleep(50), p.exited]);
  }
}
async function startSidecars(ctx) {
  const host = ctx.host ?? "127.0.0.1";
  const attempts = ctx.startAttempts ?? 3;
  const ports = {};
  const allPorts = ctx.specs.flatMap((s) => s.ports);
  const allocated = await ctx.ports.allocate(allPorts.length);
  allPorts.forEach((name, i) => ports[name] = allocated[i]);
  const values = () => ({
    ...ctx.values,
    ...Object.fromEntries(Object.entries(ports).map(([k, v2]) => [k, String(v2)]))
  });
  const running = [];
  const logs = [];
  const commands = [];
  let stopping = false;
  let deathReason;
  let announceDeath = () => void 0;
  const died = new Promise((done) => announceDeath = done);
  const stopAll = async () => {
    stopping = true;
    for (const p of [...running].reverse()) {
      await p.stop(p.spec.stopTimeoutMs);
      if (p.child.pid !== void 0) ctx.registry?.remove(p.child.pid);
    }
    running.length = 0;
    for (const log of logs.splice(0)) {
      log.end();
      await once(log, "close");
    }
    ctx.ports.release(Object.values(ports));
  };
  try {
    for (const spec of ctx.specs) {
      const { path: logPath, label } = ctx.log(spec.name);
      const log = createWriteStream(logPath, { flags: "w" });
      logs.push(log);
      const dir = resolve2(ctx.cwd, spec.dir);
      let started;
      for (let attempt = 1; !started; attempt++) {
        const cmd = sidecarCommand(spec, values());
        if (attempt > 1) log.write(`
--- opp-campaign: starting again (attempt ${attempt}) ---
`);
        const p = new SidecarProcess(spec, cmd, dir, ctx.env, log);
        running.push(p);
        if (p.child.pid !== void 0) ctx.registry?.add(p.child.pid);
        const r = await waitReady(p, ports, host, ctx.signal);
        if (r === "ready") {
          started = p;
          commands.push({ dir, ...cmd });
          void p.exited.then((e) => {
            if (stopping || e.code === 0 && e.signal === null) return;
            deathReason ??= `sidecar '${spec.name}' died during the run (${describeExit(e)}); its log: ${label}`;
            announceDeath(deathReason);
          });
          continue;
        }
        if (r === "aborted") throw new SidecarStartError(`sidecar '${spec.name}': interrupted`);
        if (r === "timeout")
          throw new SidecarStartError(
            `sidecar '${spec.name}' was not ready after ${spec.readyTimeoutMs / 1e3}s (${readyText(spec, ports)}); its log: ${label}`
          );
        running.pop();
        await p.stop(spec.stopTimeoutMs);
        if (p.child.pid !== void 0) ctx.registry?.remove(p.child.pid);
        if (r.error !== void 0 || attempt >= attempts)
          throw new SidecarStartError(
            `sidecar '${spec.name}' ${r.error !== void 0 ? describeExit(r) : `exited before it was ready (${describeExit(r)}${attempts > 1 ? `, ${attempt} starts` : ""})`}; its log: ${label}`
          );
        const mine = spec.ports.map((n) => ports[n]);
        const fresh = await ctx.ports.allocate(mine.length);
        ctx.ports.release(mine);
        spec.ports.forEach((n, i) => ports[n] = fresh[i]);
      }
    }
  } catch (e) {
    await stopAll();
    if (e instanceof TemplateError) throw new SidecarStartError(e.message);
    throw e;
  }
  const v = values();
  return {
    args: ctx.specs.flatMap((s) => s.args.map((a) => fillTemplate(a, v))),
    env: Object.fromEntries(
      ctx.specs.flatMap((s) => Object.entries(s.env).map(([k, t]) => [k, fillTemplate(t, v)]))
    ),
    ports: { ...ports },
    commands,
    died,
    async failure(graceMs) {
      if (deathReason !== void 0) return deathReason;
      let timer;
      const late = new Promise((done) => {
        timer = setTimeout(() => done(void 0), graceMs);
      });
      try {
        return await Promise.race([died, late]);
      } finally {
        clearTimeout(timer);
      }
    },
    stop: stopAll
  };
}
function readyText(spec, ports) {
  return "port" in spec.ready ? `nothing accepted connections on port ${ports[spec.ready.port]}` : `no output line matched /${spec.ready.line}/`;
}

// src/app/execute.ts
var incompleteDir = (outDir) => join2(outDir, ".opp-campaign", "incomplete");
var describeVars = (run) => [...run.itervars.map((v) => `$${v.name}=${v.value}`), `$repetition=${run.repetition}`].join(", ");
function inspectFiles(run, patterns) {
  const candidates = [run.resultFiles.scalar, run.resultFiles.vector];
  const wanted = candidates.filter((p) => patterns.some((re) => re.test(basename(p))));
  return wanted.map((path) => ({ path: basename(path), problem: checkResultFile(path, run) }));
}
var CAUSE_BYTES = 64 * 1024;
function causeInLog(logFile) {
  let tail;
  try {
    tail = readTail(logFile, CAUSE_BYTES);
  } catch (e) {
    if (e.code === "ENOENT") return void 0;
    const text = `(its log cannot be read: ${e instanceof Error ? e.message : String(e)})`;
    return { text, modelError: false };
  }
  return failureCause(tail.text, tail.fromStart);
}
var resultPaths = (run) => [
  run.resultFiles.scalar,
  run.resultFiles.vector,
  run.resultFiles.vector.replace(/\.vec$/, ".vci")
];
function fileRecords(outDir, run) {
  const out = [];
  for (const p of resultPaths(run)) {
    const st = statSync(p, { throwIfNoEntry: false });
    if (st) out.push({ path: relative2(outDir, p), size: st.size, mtimeMs: st.mtimeMs });
  }
  return out;
}
function isDone(rec, buildId2, outDir) {
  if (!rec || rec.status !== "ok" || rec.build !== buildId2) return false;
  return rec.files.every((f) => {
    try {
      const st = statSync(join2(outDir, f.path));
      return st.size === f.size && st.mtimeMs === f.mtimeMs;
    } catch {
      return false;
    }
  });
}
async function execute(runs, opts) {
  const resultPatterns = opts.settings.resultFiles.map(globToRegExp);
  const summary = {
    skipped: 0,
    ok: 0,
    failed: [],
    interrupted: false,
    retried: 0,
    setAside: 0
  };
  const setAsideRuns = /* @__PURE__ */ new Set();
  const journaled = opts.journal.read().runs;
  const previous = opts.force ? /* @__PURE__ */ new Map() : journaled;
  const runFileDir = join2(opts.outDir, ".opp-campaign", "runfiles");
  const logDir = join2(opts.outDir, "logs");
  mkdirSync2(runFileDir, { recursive: true });
  mkdirSync2(logDir, { recursive: true });
  mkdirSync2(opts.resultDir, { recursive: true });
  const ports = opts.ports ?? new PortAllocator();
  const sidecarSpecs = opts.settings.sidecars ?? [];
  const baseEnv = childEnvironment(process.env, opts.settings.env);
  const libraryPath = opts.linked && opts.linked.libraryDirs.length > 0 ? {
    LD_LIBRARY_PATH: [
      ...opts.linked.libraryDirs,
      ...(opts.settings.env["LD_LIBRARY_PATH"] ?? process.env["LD_LIBRARY_PATH"] ?? "").split(":").filter((d) => d !== "")
    ].join(":")
  } : {};
  let failure;
  const slots = Math.max(1, opts.jobs);
  const launcher = opts.launcher === void 0 ? await ProcessLauncher.start(slots) : opts.launcher ?? void 0;
  const workers = launcher && sidecarSpecs.length === 0 ? 2 * slots : slots;
  const iterator = runs[Symbol.iterator]();
  const retryQueue = [];
  const active = /* @__PURE__ */ new Set();
  const onAbort = () => {
    summary.interrupted = true;
    launcher?.cancelQueued();
    for (const h of active) h.stop();
  };
  opts.signal.addEventListener("abort", onAbort, { once: true });
  const next = () => {
    const retry = retryQueue.shift();
    if (retry) return retry;
    for (; ; ) {
      const r = iterator.next();
      if (r.done) return void 0;
      if (isDone(previous.get(r.value.key), opts.buildId, opts.outDir)) {
        summary.skipped++;
        opts.progress.skipped(r.value);
        continue;
      }
      return { run: r.value, attempt: 1 };
    }
  };
  const madeFolders = /* @__PURE__ */ new Set();
  const runOne = async (run, attempt) => {
    const runFile = join2(runFileDir, `${run.key}.run`);
    writeFileSync(runFile, renderRunFile(run));
    const logName = `${run.config}-${run.runNumber}${attempt > 1 ? `.attempt${attempt}` : ""}.log`;
    const logFile = join2(logDir, logName);
    for (const p of [run.resultFiles.scalar, run.resultFiles.vector]) {
      const folder = dirname2(p);
      if (!madeFolders.has(folder)) mkdirSync2(folder, { recursive: true });
      madeFolders.add(folder);
    }
    let sidecars;
    let sidecarFailure;
    if (sidecarSpecs.length > 0)
      try {
        sidecars = await startSidecars({
          specs: sidecarSpecs,
          values: {
            config: run.config,
            run: String(run.runNumber),
            key: run.key,
            resultdir: opts.resultDir,
            runfile: runFile
          },
          cwd: opts.projectDir,
          env: baseEnv,
          log: (name) => {
            const path = logFile.replace(/\.log$/, `.${name}.log`);
            return { path, label: relative2(opts.outDir, path) };
          },
          ports,
          registry: opts.registry,
          signal: opts.signal
        });
      } catch (e) {
        if (!(e instanceof SidecarStartError)) throw e;
        sidecarFailure = e.message;
      }
    const cmd = runCommand(opts.settings.run, {
      config: run.config,
      runNumber: run.runNumber,
      iniFiles: opts.iniFiles,
      resultDir: opts.resultDir,
      runFile,
      key: run.key,
      ...opts.linked ? { linked: opts.linked.paths } : {},
      extraArgs: [...batchOptions(opts.settings.run, run.entries), ...sidecars?.args ?? []]
    });
    const env = {
      OPP_CAMPAIGN_RUN_FILE: runFile,
      OPP_CAMPAIGN_RUN_KEY: run.key,
      ...libraryPath,
      ...sidecars?.env
    };
    const reproduce = reproduceCommand(opts.projectDir, cmd, env, sidecars?.commands);
    let outcome;
    if (sidecarFailure !== void 0) {
      writeFileSync(logFile, `opp-campaign: ${sidecarFailure}
`);
      outcome = {
        status: opts.signal.aborted ? "interrupted" : "exited",
        exitCode: null,
        signal: null,
        wallMs: 0,
        peakKiB: void 0
      };
    } else
      try {
        const handle = await startProcess(
          {
            command: cmd.command,
            args: cmd.args,
            cwd: opts.projectDir,
            env: { ...baseEnv, ...env },
            logFile,
            ...opts.settings.timeoutMs !== void 0 ? { timeoutMs: opts.settings.timeoutMs } : {}
          },
          (line) => {
            const s = parseCmdenvStatus(line);
            if (s) opts.progress.status(run, s.simTime, s.percent);
          },
          launcher
        );
        if (handle.pid === void 0 && (await handle.done).status === "interrupted") return;
        opts.progress.started(run, attempt);
        active.add(handle);
        if (opts.signal.aborted || failure !== void 0) handle.stop();
        if (handle.pid !== void 0) opts.registry.add(handle.pid, run.key);
        let finished = false;
        void sidecars?.died.then(() => new Promise((done) => setTimeout(done, 250))).then(() => {
          if (!finished) handle.stop();
        });
        outcome = await handle.done;
        finished = true;
        active.delete(handle);
        if (handle.pid !== void 0) opts.registry.remove(handle.pid);
        const clean = outcome.status === "exited" && outcome.exitCode === 0;
        if (!clean) sidecarFailure = await sidecars?.failure(250);
      } finally {
        await sidecars?.stop();
      }
    const expectsFiles = opts.settings.resultFiles.length > 0;
    const classified = sidecarFailure !== void 0 && !opts.signal.aborted ? { status: "sidecar-failed", message: sidecarFailure } : outcome.status === "exited" && outcome.exitCode === 0 && !expectsFiles ? { status: "ok" } : outcome.status === "exited" && outcome.exitCode === 0 ? classify(outcome, inspectFiles(run, resultPatterns)) : classify(outcome, []);
    const cause = classified.status === "failed" || classified.status === "crashed" ? causeInLog(logFile) : void 0;
    const verdict = explainFailure(classified, outcome.signal, cause);
    const message = verdict.message ?? outcome.error;
    const record = {
      t: "run",
      key: run.key,
      config: run.config,
      run: run.runNumber,
      attempt,
      status: verdict.status,
      exitCode: outcome.exitCode,
      signal: outcome.signal,
      wallMs: Math.round(outcome.wallMs),
      peakKiB: outcome.peakKiB ?? null,
      build: opts.buildId,
      log: relative2(opts.outDir, logFile),
      files: verdict.status === "ok" ? fileRecords(opts.outDir, run) : [],
      itervars: describeVars(run),
      ...message ? { message } : {},
      ...verdict.status !== "ok" ? { command: reproduce } : {}
    };
    const aside = incompleteDir(opts.outDir);
    if (verdict.status !== "ok") {
      if (setAside(resultPaths(run), opts.resultDir, aside) > 0) setAsideRuns.add(run.key);
    } else if (attempt > 1 || setAsideRuns.has(run.key) || journaled.has(run.key)) {
      forgetSetAside(resultPaths(run), opts.resultDir, aside);
      setAsideRuns.delete(run.key);
    }
    summary.setAside = setAsideRuns.size;
    opts.journal.append(record);
    const willRetry = isRetryable(verdict.status) && attempt <= opts.settings.retries && !opts.signal.aborted;
    opts.progress.finished({ run, record, willRetry });
    if (verdict.status === "ok") summary.ok++;
    else if (willRetry) {
      summary.retried++;
      retryQueue.push({ run, attempt: attempt + 1 });
    } else if (verdict.status !== "interrupted") {
      summary.failed.push({
        config: run.config,
        run: run.runNumber,
        itervars: record.itervars,
        status: verdict.status,
        message: message ?? verdict.status,
        log: record.log,
        command: reproduce
      });
    }
  };
  const worker = async () => {
    while (!opts.signal.aborted && failure === void 0) {
      const job = next();
      if (!job) return;
      try {
        await runOne(job.run, job.attempt);
      } catch (e) {
        failure ??= { error: e };
        launcher?.cancelQueued();
        for (const h of active) h.stop();
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: workers }, () => worker()));
  } finally {
    opts.signal.removeEventListener("abort", onAbort);
    if (opts.launcher === void 0) launcher?.close();
  }
  if (failure !== void 0 && !isDiskFull(failure.error)) throw failure.error;
  if (failure !== void 0)
    throw new DiskFullError(
      opts.outDir,
      failure.error,
      "The running simulations were stopped; the journal holds every run that finished. Free some space and run the same command again: it runs only what is missing."
    );
  if (opts.signal.aborted) summary.interrupted = true;
  return summary;
}

// src/app/progress.ts
var fmtDuration = (ms) => {
  const s = Math.max(0, Math.round(ms / 1e3));
  const h = Math.floor(s / 3600);
  const m = Math.floor(s % 3600 / 60);
  const sec = s % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, "0")}m` : `${m}:${String(sec).padStart(2, "0")}`;
};
var Progress = class {
  constructor(total, out, mode, now = () => Date.now()) {
    this.total = total;
    this.out = out;
    this.mode = mode;
    this.now = now;
    this.startedAt = now();
  }
  total;
  out;
  mode;
  now;
  done = 0;
  failed = 0;
  skippedCount = 0;
  running = /* @__PURE__ */ new Map();
  startedAt;
  lastDraw = 0;
  skipped(_run) {
    this.skippedCount++;
    this.draw();
  }
  started(run, _attempt) {
    this.running.set(run.key, { run });
    this.draw();
  }
  status(run, simTime, percent) {
    const r = this.running.get(run.key);
    if (r) {
      r.simTime = simTime;
      r.percent = percent;
    }
    this.draw();
  }
  finished(f) {
    this.running.delete(f.run.key);
    if (f.record.status === "ok") this.done++;
    else if (!f.willRetry && f.record.status !== "interrupted") this.failed++;
    if (this.mode === "plain") {
      const what = f.record.status === "ok" ? "ok" : `${f.record.status}${f.willRetry ? " (will retry)" : ""}`;
      const secs = (f.record.wallMs / 1e3).toFixed(2);
      this.out.write(
        `[${this.count()}/${this.total}] ${f.run.config} #${f.run.runNumber} ${what} in ${secs}s  ${f.record.itervars}
`
      );
    } else {
      this.draw(true);
    }
  }
  count() {
    return this.done + this.failed + this.skippedCount;
  }
  /** The live line, e.g. `12/40 done, 1 failed, 2 running | 35.2 runs/min | ETA 0:42 | ...`. */
  line() {
    const elapsed = this.now() - this.startedAt;
    const finished = this.done + this.failed;
    const rate = elapsed > 0 ? finished / elapsed * 6e4 : 0;
    const left = this.total - this.count();
    const eta = rate > 0 ? fmtDuration(left / rate * 6e4) : "--:--";
    const latest = [...this.running.values()].find((r) => r.simTime !== void 0);
    const sim = latest ? ` | ${latest.run.config} #${latest.run.runNumber} t=${latest.simTime} ${latest.percent}%` : "";
    const skipped = this.skippedCount > 0 ? `, ${this.skippedCount} already done` : "";
    return `${this.done}/${this.total} done${skipped}, ${this.failed} failed, ${this.running.size} running | ${rate.toFixed(1)} runs/min | ETA ${eta}${sim}`;
  }
  draw(force = false) {
    if (this.mode !== "live") return;
    const t = this.now();
    if (!force && t - this.lastDraw < 100) return;
    this.lastDraw = t;
    this.out.write(`\r\x1B[2K${this.line()}`);
  }
  end() {
    if (this.mode === "live") this.out.write(`\r\x1B[2K${this.line()}
`);
  }
  elapsedMs() {
    return this.now() - this.startedAt;
  }
};

export {
  buildId,
  JournalFile,
  ProcessLauncher,
  execute,
  Progress
};
