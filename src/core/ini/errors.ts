/** Where a piece of ini text came from: the file as the user named it, and a 1-based line. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
}

/**
 * An error in the user's ini files or arguments. `message` is OMNeT++'s wording (so users who
 * know `opp_run` recognise it); `location` names the file and line where there is one.
 */
export class IniError extends Error {
  /** (readonly but for placeIniError) */
  readonly location: SourceLocation | undefined;
  constructor(
    message: string,
    location?: SourceLocation,
    /** What the user changes to get past it, worded by the entry point (remedyText). */
    readonly remedy?: IniRemedy,
  ) {
    super(message);
    this.name = 'IniError';
    this.location = location;
  }

  /** The message with its location, as the CLI prints it: `omnetpp.ini:12: Unterminated string constant`. */
  describe(): string {
    return this.location
      ? `${this.location.file}:${this.location.line}: ${this.message}`
      : this.message;
  }
}

/**
 * What a user changes to get past an error: choose another config, raise the runs limit. The
 * core does not know how (a CLI option, an action input): each entry point words it.
 */
export type IniRemedy = 'choose-config' | 'raise-max-runs';

/** The entry point's words for the error's remedy, to append to its message; '' for none. */
export function remedyText(err: unknown, words: Readonly<Record<IniRemedy, string>>): string {
  return err instanceof IniError && err.remedy !== undefined ? words[err.remedy] : '';
}

/** Raised before any work when a config would expand to more runs than the caller allows. */
export class TooManyRunsError extends IniError {
  readonly count: number;
  readonly limit: number;
  /** `count` is Infinity when counting stopped past the limit. */
  constructor(configName: string, count: number, limit: number) {
    super(
      `Config ${configName} expands to ${Number.isFinite(count) ? `${count} runs, more than the limit of ${limit}` : `more than ${limit} runs, the limit`}`,
      undefined,
      'raise-max-runs',
    );
    this.name = 'TooManyRunsError';
    this.count = count;
    this.limit = limit;
  }
}

/**
 * A location in an ini file named relative to the project folder `dir`, as seen from the folder
 * `dir` is given from (`sim` and `omnetpp.ini`: `sim/omnetpp.ini`): what a user, an editor's
 * problem matcher or a GitHub annotation finds. An absolute name, or `dir` '.', stays.
 */
export function locationFrom(dir: string, loc: SourceLocation): SourceLocation {
  const d = dir.replace(/\/+$/, '');
  if (d === '.' || d === '' || loc.file.startsWith('/')) return loc;
  return { ...loc, file: `${d}/${loc.file}` };
}

/** The error's locations (every problem's, for an error that lists several) as locationFrom's. */
export function placeIniError(err: IniError, dir: string): void {
  const e = err as { location: SourceLocation | undefined; problems?: unknown };
  if (e.location !== undefined) e.location = locationFrom(dir, e.location);
  if (Array.isArray(e.problems))
    e.problems = e.problems.map((p: { location: SourceLocation }) => ({
      ...p,
      location: locationFrom(dir, p.location),
    }));
}
