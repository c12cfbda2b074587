// Result files of a run that did not succeed leave the per-run folder (OUT/.runs): OMNeT++
// finalises its files when it is stopped (SIGTERM of a timeout or Ctrl-C), so an unfinished
// run's .sca can look complete, and anything that merges OUT/.runs (`opp-campaign merge
// OUT/.runs -o OUT`) would take it for a result. They are kept, for a look, in a folder beside.
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';

/** `file`'s place under `toDir`, when it lies under `fromDir`. */
function placeIn(file: string, fromDir: string, toDir: string): string | undefined {
  const rel = relative(fromDir, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? undefined : join(toDir, rel);
}

/** Moves those of `files` that exist (and lie under `fromDir`) to `toDir`; how many moved. */
export function setAside(files: readonly string[], fromDir: string, toDir: string): number {
  return moveTo(
    files,
    files.map((f) => placeIn(f, fromDir, toDir)),
  );
}

/** Moves each of `files` that exists to its place in `places` (none: stays); how many moved. */
function moveTo(files: readonly string[], places: readonly (string | undefined)[]): number {
  let moved = 0;
  files.forEach((file, i) => {
    const to = places[i];
    if (to === undefined) return;
    try {
      mkdirSync(dirname(to), { recursive: true });
      renameSync(file, to);
      moved++;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    }
  });
  return moved;
}

/** Removes what an earlier attempt of a run set aside (the run has succeeded since). */
export function forgetSetAside(files: readonly string[], fromDir: string, toDir: string): void {
  for (const file of files) {
    const to = placeIn(file, fromDir, toDir);
    if (to !== undefined) rmSync(to, { force: true });
  }
}

/** `path` with `suffix` before its extension (`M-#0.sca` with `~2`: `M-#0~2.sca`). */
function withSuffix(path: string, suffix: string): string {
  const name = basename(path);
  const dot = name.lastIndexOf('.');
  return join(
    dirname(path),
    dot > 0 ? `${name.slice(0, dot)}${suffix}${name.slice(dot)}` : name + suffix,
  );
}

/**
 * As setAside, but never over files set aside before (a run superseded, then the run that
 * replaced it superseded in turn): when a name is taken, all of the run's files get `~N` before
 * their extension (the first N free for every one of them), so its .vec and .vci stay a pair.
 */
export function setAsideKept(files: readonly string[], fromDir: string, toDir: string): number {
  return moveTo(files, keptPlaces(files, fromDir, toDir));
}

/** Where setAsideKept would move each of `files` (undefined: not under `fromDir`). */
export function keptPlaces(
  files: readonly string[],
  fromDir: string,
  toDir: string,
): (string | undefined)[] {
  const targets = files.map((f) => placeIn(f, fromDir, toDir));
  let names = targets;
  for (let n = 2; names.some((t) => t !== undefined && existsSync(t)); n++)
    names = targets.map((t) => (t === undefined ? undefined : withSuffix(t, `~${n}`)));
  return names;
}
