// Minimal typing of the better-sqlite3 API (the package ships no types), shared by the SQLite
// readers and writers of result files.

import { createRequire } from 'node:module';

export interface RunResult {
  readonly changes: number;
  readonly lastInsertRowid: number | bigint;
}

export interface Statement {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown[]>;
  raw(raw?: boolean): Statement;
  pluck(on?: boolean): Statement;
  safeIntegers(on?: boolean): Statement;
}

export interface Database {
  prepare(sql: string): Statement;
  exec(sql: string): Database;
  close(): void;
  readonly inTransaction: boolean;
}

interface DatabaseOptions {
  readonly readonly?: boolean;
  readonly fileMustExist?: boolean;
}

type DatabaseConstructor = new (path: string, options?: DatabaseOptions) => Database;

const require = createRequire(import.meta.url);
let DatabaseClass: DatabaseConstructor | undefined;

/** Opens a database: read-only (the file must exist) or read-write (created when missing). */
export function openDatabase(path: string, mode: 'read' | 'write'): Database {
  DatabaseClass ??= require('better-sqlite3') as DatabaseConstructor;
  return mode === 'read'
    ? new DatabaseClass(path, { readonly: true, fileMustExist: true })
    : new DatabaseClass(path);
}
