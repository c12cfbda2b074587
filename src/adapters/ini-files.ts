import { readFileSync } from 'node:fs';
import { iniText, readIniFiles, type IniDocument } from '../core/ini/index.js';

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
