import { readFileSync } from 'node:fs';
import { readIniFiles, type IniDocument } from '../core/ini/index.js';

/** Reads ini files from disk; `include` paths resolve relative to the including file. */
export function loadIniFiles(files: readonly string[]): IniDocument {
  return readIniFiles(files, (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  });
}
