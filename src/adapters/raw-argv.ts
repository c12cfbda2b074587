// The command line as its bytes. Node decodes each argument as UTF-8 and turns a byte that is
// not UTF-8 into U+FFFD: `-c $'Caf\xe9'` (a Latin-1 config name typed in a shell) arrives as
// `Caf\uFFFD`, which matches no config. OMNeT++ takes the bytes as they are (opp_run -c runs the
// config). On Linux the bytes are still in /proc/self/cmdline: each argument that holds a U+FFFD
// is read from there, as an ini's text is (iniText: such a byte is kept as a character of its
// own), so it matches the config, value or filter written with that byte.
import { readFileSync } from 'node:fs';
import { hasRawBytes, iniText } from '../core/ini/index.js';

const lossy = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * `args` (the end of process.argv) with each argument that Node decoded to a U+FFFD read again
 * from the process's command line; `args` as they are when that cannot be done (no /proc, or its
 * arguments are not these: then nothing is guessed).
 */
export function rawArgs(args: readonly string[], cmdline = '/proc/self/cmdline'): string[] {
  if (!args.some((a) => a.includes('\uFFFD'))) return [...args];
  let bytes: Buffer;
  try {
    bytes = readFileSync(cmdline);
  } catch {
    return [...args];
  }
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] === 0) {
      parts.push(bytes.subarray(start, i));
      start = i + 1;
    }
  }
  if (start < bytes.length) parts.push(bytes.subarray(start));
  // the arguments are the command line's last ones (node, its options and the script before them)
  if (parts.length < args.length) return [...args];
  const tail = parts.slice(parts.length - args.length);
  if (!tail.every((p, i) => lossy.decode(p) === args[i])) return [...args];
  return tail.map((p, i) => (args[i]?.includes('\uFFFD') ? iniText(p) : (args[i] as string)));
}

/**
 * The program and arguments to give Node's spawn so that the program gets `args` byte for byte.
 * Node encodes each argument as UTF-8, where a byte kept from an ini (`Caf\xe9`, see iniText)
 * would become U+FFFD (`opp_run -c` would find no such config); such a command is started
 * through `sh`, which makes each such byte with printf and execs the program (same process).
 */
export function spawnable(command: string, args: readonly string[]): [string, string[]] {
  if (!args.some(hasRawBytes) && !hasRawBytes(command)) return [command, [...args]];
  const script = 'exec ' + [command, ...args].map(shellWord).join(' ');
  return ['/bin/sh', ['-c', script]];
}

/** `s` as one shell word: its bytes that are not UTF-8 made by printf, the rest quoted. */
function shellWord(s: string): string {
  let word = '';
  let text = '';
  const flush = (): void => {
    if (text !== '') word += `'${text.replaceAll("'", `'\\''`)}'`;
    text = '';
  };
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const prev = i > 0 ? s.charCodeAt(i - 1) : 0;
    if (c >= 0xdc80 && c <= 0xdcff && !(prev >= 0xd800 && prev <= 0xdbff)) {
      flush();
      word += `"$(printf '\\${(c - 0xdc00).toString(8)}')"`;
    } else text += s[i];
  }
  flush();
  return word === '' ? "''" : word;
}
