import { readFileSync } from 'node:fs';
import { iniText, readIniFiles, type IniDocument, type RuntimeValues } from '../core/ini/index.js';

/** Reads ini files from disk; `include` paths resolve relative to the including file. */
export function loadIniFiles(files: readonly string[]): IniDocument {
  return readIniFiles(files, (path) => {
    try {
      return iniText(readFileSync(path));
    } catch {
      return undefined;
    }
  });
}

/**
 * ${processid} and ${datetime} as opp_run has them while it evaluates a run filter: its own pid
 * and the local time (opp_makedatetimestring: `yyyymmdd-hh:mm:ss`).
 */
export function filterTimeNow(now = new Date()): RuntimeValues {
  const p = (n: number): string => String(n).padStart(2, '0');
  const datetime =
    `${String(now.getFullYear()).padStart(4, '0')}${p(now.getMonth() + 1)}${p(now.getDate())}` +
    `-${p(now.getHours())}:${p(now.getMinutes())}:${p(now.getSeconds())}`;
  return { processid: String(process.pid), datetime };
}
