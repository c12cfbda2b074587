import { main } from './program.js';

// Ctrl-C (and SIGTERM) stop a campaign cleanly: running simulations are killed, the journal
// stays consistent, and the exit status is 130. A second Ctrl-C exits at once.
const abort = new AbortController();
let interrupts = 0;
const onSignal = (): void => {
  if (++interrupts > 1) process.exit(130);
  abort.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

process.exitCode = await main(process.argv.slice(2), undefined, abort.signal);
process.off('SIGINT', onSignal);
process.off('SIGTERM', onSignal);
