import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  IniError,
  ResultFileError,
  isDiskFull
} from "./chunk-XGZ5LFLB.js";

// src/cli/errors.ts
var UsageError = class extends Error {
  constructor(message) {
    super(message);
    this.name = "UsageError";
  }
};
var EXIT = { ok: 0, failure: 1, usage: 2, internal: 70, interrupted: 130 };
function describeError(err) {
  if (err instanceof UsageError)
    return { message: `${err.message}
Run 'opp-campaign --help' for usage.`, code: EXIT.usage };
  if (err instanceof IniError) return { message: err.describe(), code: EXIT.failure };
  if (err instanceof ResultFileError) return { message: err.describe(), code: EXIT.failure };
  if (err instanceof Error && "userFacing" in err)
    return { message: err.message, code: EXIT.failure };
  if (isDiskFull(err))
    return {
      message: `no space left on device: ${err instanceof Error ? err.message : String(err)}`,
      code: EXIT.failure
    };
  const detail = err instanceof Error ? err.stack ?? err.message : String(err);
  return { message: `internal error: ${detail}`, code: EXIT.internal };
}

export {
  UsageError,
  EXIT,
  describeError
};
