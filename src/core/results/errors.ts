/**
 * A problem in a result file (.sca, .vec, .vci, or an SQLite result database). `reason` is
 * OMNeT++'s wording where it has one; `file` is the file as the caller named it, `line` the
 * 1-based line number where the problem was found (undefined for SQLite files and whole-file
 * problems). `message` is `file:line: reason`.
 */
export class ResultFileError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  /** The message without the location prefix. */
  readonly reason: string;

  constructor(reason: string, file: string, line?: number) {
    super(line === undefined ? `${file}: ${reason}` : `${file}:${line}: ${reason}`);
    this.name = 'ResultFileError';
    this.file = file;
    this.line = line;
    this.reason = reason;
  }

  /** `corrupt.sca:17: incorrect 'scalar' line -- scalar <module> <scalarname> <value> expected` */
  describe(): string {
    return this.message;
  }
}

/**
 * Why two run headers of one run cannot be merged: `run R: iteration variable iaMean is 3 here,
 * 7 in results.sca` (`where` says where the other value is). OMNeT++ says only "Value of
 * iteration variable conflicts with previously loaded value".
 */
export function runConflict(
  runName: string,
  kind: 'attribute' | 'itervar',
  name: string,
  value: string,
  other: string,
  where: string,
): string {
  const what = kind === 'attribute' ? 'run attribute' : 'iteration variable';
  return `run ${runName}: ${what} ${name} is ${shown(value)} here, ${shown(other)} ${where}`;
}

/** A value as written, quoted when it is empty or has spaces, commas or quotes. */
const shown = (v: string): string => (/^[^\s",]+$/.test(v) ? v : JSON.stringify(v));
