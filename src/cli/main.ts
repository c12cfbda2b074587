import { dropOutputOnceClosed } from './output.js';
import { signalStatus } from './errors.js';
import { main } from './program.js';
import { rawArgs } from '../adapters/raw-argv.js';

dropOutputOnceClosed(process.stdout);
dropOutputOnceClosed(process.stderr);

// Ctrl-C (and SIGTERM, and SIGHUP when the terminal closes) stop a campaign cleanly: running
// simulations are killed, the journal stays consistent, and the exit status is 128 + the
// signal's number, as a shell reports a process the signal ended: 130 for Ctrl-C, 143 for
// SIGTERM, 129 for SIGHUP. A second signal exits at once.
//
// Planning (`plan`, and `run` until its runs are planned) is synchronous: a JavaScript handler
// would only run once planning ended, which for a huge study is never. Until a command has
// something to stop cleanly, Ctrl-C keeps its default and ends the process at once.
const abort = new AbortController();
let interrupts = 0;
let first: NodeJS.Signals | undefined;
const onSignal = (signal: NodeJS.Signals): void => {
  first ??= signal;
  if (++interrupts > 1) process.exit(signalStatus(first));
  abort.abort();
};
let armed = false;
const arm = (): void => {
  if (armed) return;
  armed = true;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal); // the terminal closed
};
// an argument's bytes that are not UTF-8 as they are (`-c` of a Latin-1 config name), not U+FFFD
const argv = rawArgs(process.argv.slice(2));
if (argv[0] !== 'plan' && argv[0] !== 'run') arm();

const status = await main(argv, undefined, abort.signal, arm);
// the commands say 130 (EXIT.interrupted) for any of them
process.exitCode = status === 130 && first !== undefined ? signalStatus(first) : status;
process.off('SIGINT', onSignal);
process.off('SIGTERM', onSignal);
process.off('SIGHUP', onSignal);
// The command is done (what it started has ended, its files are closed): exit now rather than
// tear the JavaScript engine down piece by piece (~25 ms after a campaign), unless some output
// is still on its way out (then the process ends when it is written).
if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit();
