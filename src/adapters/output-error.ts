// The standard output could not be written (a full disk, a reader gone): one message for every
// command, whether its output went through the CLI's line writer or straight to the stream
// (`export`).

const WHY: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on device',
  EPIPE: 'its reader has gone (a closed pipe)',
  EIO: 'the terminal has closed',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EBADF: 'it is closed',
};

/** EPIPE: the reader has gone (`| head` has its lines); EIO: the terminal has closed. */
export const readerGone = (e: NodeJS.ErrnoException): boolean =>
  e.code === 'EPIPE' || e.code === 'EIO';

/** The standard output could not be written: exit status 1, no stack. */
export class OutputError extends Error {
  readonly userFacing = true;
  readonly code: string | undefined;
  constructor(failure: NodeJS.ErrnoException) {
    const why = (failure.code && WHY[failure.code]) ?? failure.message;
    super(
      `could not write the output to stdout: ${why}${failure.code ? ` (${failure.code})` : ''}`,
    );
    this.name = 'OutputError';
    this.code = failure.code;
  }
}
