// Why a shard failed before any run (its build, an option of the ini, a wrong campaign file): the
// shard job writes it beside its build log, so that its artifact says so and the merge job, which
// finds no journal in it, names the cause instead of "missing". Pure: the format and its reading
// (the file comes from another job's artifact: anything else is no cause, not an error).

/** Relative to the shard's folder (uploaded with it). */
import { parseJsonObject } from '../json-object.js';
export const SHARD_FAILURE_FILE = '.opp-campaign/failure.json';

/** The build log a shard uploads, relative to its folder. */
export const SHARD_BUILD_LOG = '.opp-campaign/build.log';

export interface ShardFailure {
  /** One line: `the build failed (make ...)`, `omnetpp.ini:4: Unknown configuration option: ...`. */
  readonly cause: string;
  /** More lines (the build's first errors and last lines, every option problem), when there are. */
  readonly detail?: string;
  /** A file of the shard's artifact that tells more (its build log), relative to its folder. */
  readonly log?: string;
}

const MAX_CAUSE = 500;
const MAX_DETAIL = 4000;

export function parseShardFailure(text: string): ShardFailure | undefined {
  const o = parseJsonObject(text);
  if (o === undefined) return undefined;
  if (typeof o['cause'] !== 'string' || o['cause'].trim() === '') return undefined;
  const cause = o['cause'].replace(/\s*\n\s*/g, ' ').slice(0, MAX_CAUSE);
  const detail = typeof o['detail'] === 'string' ? o['detail'].slice(0, MAX_DETAIL) : undefined;
  const log = o['log'] === SHARD_BUILD_LOG ? SHARD_BUILD_LOG : undefined;
  return { cause, ...(detail ? { detail } : {}), ...(log ? { log } : {}) };
}
