import { closeSync, openSync, readFileSync } from 'node:fs';

// The open-files limit (`ulimit -n`) set very low is the user's to fix, not a bug: a spawn or an
// open that fails with EMFILE (this process's limit) or ENFILE (the system's) is reported as one
// clear message naming the limit and what to do, where it surfaces (process-run.ts, the launcher,
// the build, the OMNeT++ check), and the campaign stops as it does on a full disk.

/** EMFILE or ENFILE, as Node reports it (a code) or the launcher does (the C library's words). */
export function isTooManyOpenFiles(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  if (code === 'EMFILE' || code === 'ENFILE') return true;
  const text = e instanceof Error ? e.message : typeof e === 'string' ? e : '';
  return /too many open files|\bE[MN]FILE\b/i.test(text);
}

/** This process's soft limit of open files (`ulimit -n`), where Linux says it. */
export function openFilesLimit(): number | undefined {
  try {
    const m = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined; // (not Linux, or not even one descriptor left to read it with)
  }
}

/**
 * SQLite says only "unable to open database file" (SQLITE_CANTOPEN) when it gets no descriptor:
 * whether this process is out of them, asked at once (one more open fails as SQLite's did).
 */
export function outOfDescriptors(): NodeJS.ErrnoException | undefined {
  try {
    closeSync(openSync('/dev/null', 'r'));
    return undefined;
  } catch (e) {
    return isTooManyOpenFiles(e) ? (e as NodeJS.ErrnoException) : undefined;
  }
}

/** What a run's campaign can do again (the default remedy's second half). */
const RUN_AGAIN =
  'run the same command again: the runs that finished are in the journal and only what is missing is run.';

export class TooManyOpenFilesError extends Error {
  readonly userFacing = true;
  /** The failure itself (a TooManyOpenFilesError given as `cause` passes its own on). */
  readonly failure: unknown;
  /**
   * `what` (`starting the build`) failed for want of a file descriptor; `again` is what to do
   * once the limit is raised (default: run the same command again, for a campaign's runs).
   */
  constructor(what: string, given: unknown, again = RUN_AGAIN) {
    const cause = given instanceof TooManyOpenFilesError ? given.failure : given;
    const limit = openFilesLimit();
    const detail = cause instanceof Error ? cause.message : String(cause);
    const system = (cause as { code?: unknown } | null)?.code === 'ENFILE';
    super(
      system
        ? `too many open files on this machine (ENFILE) while ${what} (${detail}): ` +
            'the system-wide limit of open files is reached; close some programs and run the same command again'
        : `too many open files while ${what} (${detail}): the open-files limit ` +
            `(ulimit -n) is ${limit ?? 'too low'}${limit !== undefined ? ', too low for opp-campaign' : ''}. ` +
            `Raise it (\`ulimit -n 1024\` in this shell) and ${again}`,
    );
    this.name = 'TooManyOpenFilesError';
    this.failure = cause;
  }
}
