// The one door to SQLite: Node's built-in node:sqlite (Node 22.13+, 24), behind the small
// Database/Statement interface the result readers and writers use. A built-in module, not a
// native addon: the action runs from a git tag with no node_modules, on GitHub's node24.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import type { DatabaseSync, StatementSync, SQLInputValue } from 'node:sqlite';
import { outOfDescriptors, TooManyOpenFilesError } from '../open-files.js';

export interface RunResult {
  readonly changes: number | bigint;
  readonly lastInsertRowid: number | bigint;
}

export interface Statement {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown[]>;
  /** Rows as arrays of column values instead of objects. */
  raw(raw?: boolean): Statement;
  /** Only the first column of each row (implies raw). */
  pluck(on?: boolean): Statement;
  /** INTEGER values as bigint (exact beyond 2^53) instead of number. */
  safeIntegers(on?: boolean): Statement;
}

export interface Database {
  prepare(sql: string): Statement;
  exec(sql: string): Database;
  close(): void;
  readonly inTransaction: boolean;
}

/** Node's SQLite is missing (Node older than 22.13): the message says what to install. */
export class SqliteUnavailableError extends Error {
  constructor(cause: unknown) {
    super(
      `opp-campaign needs Node.js 22.13 or later for SQLite result files (node:sqlite); this is Node.js ${process.version}`,
      { cause },
    );
    this.name = 'SqliteUnavailableError';
  }

  /** A message for the user, not an internal error (see cli/errors.ts). */
  readonly userFacing = true;
}

type SqliteModule = typeof import('node:sqlite');
const require = createRequire(import.meta.url);
let sqlite: SqliteModule | undefined;

/**
 * Loads node:sqlite on first use, not at start-up, so that Node 22's one-time
 * ExperimentalWarning about SQLite can be kept off users' terminals (an import is hoisted).
 */
function sqliteModule(): SqliteModule {
  if (sqlite !== undefined) return sqlite;
  // eslint-disable-next-line @typescript-eslint/unbound-method -- restored as it was, below
  const original = process.emitWarning;
  const emit = original.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = (warning: string | Error, ...rest: unknown[]): void => {
    const text = typeof warning === 'string' ? warning : warning.message;
    if (!/SQLite/i.test(text)) emit(warning, ...rest);
  };
  try {
    sqlite = require('node:sqlite') as SqliteModule;
  } catch (e) {
    throw new SqliteUnavailableError(e);
  } finally {
    process.emitWarning = original;
  }
  return sqlite;
}

/**
 * better-sqlite3 took a single array as the positional parameters; node:sqlite takes them
 * spread. Booleans are bound as 0/1, as SQLite has no boolean type.
 */
function bindable(params: unknown[]): SQLInputValue[] {
  const list = params.length === 1 && Array.isArray(params[0]) ? (params[0] as unknown[]) : params;
  // a plain loop: a multi-row INSERT binds hundreds of values
  for (let i = 0; i < list.length; i++)
    if (typeof list[i] === 'boolean')
      return list.map((v) => (typeof v === 'boolean' ? Number(v) : v)) as SQLInputValue[];
  return list as SQLInputValue[];
}

class NodeStatement implements Statement {
  private arrays = false;
  private first = false;

  constructor(private readonly stmt: StatementSync) {}

  run(...params: unknown[]): RunResult {
    return this.stmt.run(...bindable(params));
  }

  get(...params: unknown[]): unknown {
    const row = this.stmt.get(...bindable(params));
    return this.first && row !== undefined ? (row as unknown as unknown[])[0] : row;
  }

  all(...params: unknown[]): unknown[] {
    const rows = this.stmt.all(...bindable(params)) as unknown[];
    return this.first ? rows.map((r) => (r as unknown[])[0]) : rows;
  }

  iterate(...params: unknown[]): IterableIterator<unknown[]> {
    const it = this.stmt.iterate(...bindable(params)) as IterableIterator<unknown[]>;
    if (!this.first) return it;
    return (function* (): IterableIterator<unknown[]> {
      for (const r of it) yield r[0] as unknown[];
    })();
  }

  raw(raw = true): Statement {
    this.arrays = raw;
    this.stmt.setReturnArrays(raw || this.first);
    return this;
  }

  pluck(on = true): Statement {
    this.first = on;
    this.stmt.setReturnArrays(on || this.arrays);
    return this;
  }

  safeIntegers(on = true): Statement {
    this.stmt.setReadBigInts(on);
    return this;
  }
}

class NodeDatabase implements Database {
  constructor(private readonly db: DatabaseSync) {}

  prepare(sql: string): Statement {
    return new NodeStatement(this.db.prepare(sql));
  }

  exec(sql: string): Database {
    this.db.exec(sql);
    return this;
  }

  close(): void {
    this.db.close();
  }

  get inTransaction(): boolean {
    return this.db.isTransaction;
  }
}

/**
 * SQLite (its Unix VFS) opens no file whose absolute path, with the `-journal` it may add, is
 * over 512 bytes (MAX_PATHNAME): it says only "unable to open database file".
 */
export const SQLITE_MAX_PATH = 512;
const JOURNAL_SUFFIX_BYTES = '-journal'.length;

/** A file SQLite cannot open for the length of its path; the message names the path. */
export class SqlitePathTooLongError extends Error {
  readonly userFacing = true;
  constructor(path: string, bytes: number) {
    super(
      `${path}: its path is ${bytes} bytes long, and SQLite opens no file of a path over ${SQLITE_MAX_PATH - JOURNAL_SUFFIX_BYTES} bytes; move it to a folder of a shorter path`,
    );
    this.name = 'SqlitePathTooLongError';
  }
}

/** Opens a database: read-only (the file must exist) or read-write (created when missing). */
export function openDatabase(path: string, mode: 'read' | 'write'): Database {
  const bytes = Buffer.byteLength(resolve(path));
  if (bytes + JOURNAL_SUFFIX_BYTES > SQLITE_MAX_PATH) throw new SqlitePathTooLongError(path, bytes);
  const { DatabaseSync } = sqliteModule();
  if (mode === 'read' && !existsSync(path)) {
    throw new Error(`unable to open database file: ${path} does not exist`);
  }
  try {
    return new NodeDatabase(
      mode === 'read' ? new DatabaseSync(path, { readOnly: true }) : new DatabaseSync(path),
    );
  } catch (e) {
    // "unable to open database file" for want of a descriptor is no problem of the file
    const out = outOfDescriptors();
    if (out)
      throw new TooManyOpenFilesError(
        `opening ${path}`,
        Object.assign(new Error(`${out.code ?? 'EMFILE'}: SQLite could not open ${path}`), {
          code: out.code,
        }),
        'run the same command again.',
      );
    throw e;
  }
}
