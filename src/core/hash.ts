// Hashes through node:crypto, loaded when the first hash is made: loading it takes ~10 ms, which
// a campaign's start (everything before the model's build begins) does not wait for.
import type { Hash } from 'node:crypto';

let crypto: typeof import('node:crypto') | undefined;

export function createHash(algorithm: string): Hash {
  crypto ??= process.getBuiltinModule('node:crypto');
  return crypto.createHash(algorithm);
}

/** The hex digest of a text in one call: no Hash object a text (a plan's million run keys). */
export function hashHex(algorithm: string, text: string): string {
  crypto ??= process.getBuiltinModule('node:crypto');
  return crypto.hash(algorithm, text, 'hex');
}
