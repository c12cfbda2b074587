// Which paths from another machine (an archive's entries, the files a shard's journal lists) may
// name a place in a folder of ours. Beyond staying inside it, no path may go through a `.git`
// folder: a planted `.git/config` (core.fsmonitor, core.pager, ...) runs its commands at the
// next `git status` there. Git itself refuses such names in trees (verify_dotfile in git's
// read-cache.c), spelled in any case, with trailing dots or spaces (NTFS drops them), as the
// NTFS short name `git~1`, or with the characters HFS+ ignores.

import { hasControlCharacters } from './zip-format.js';

/** Code points HFS+ ignores in names (git's is_hfs_dotgit skips them too). */
const HFS_IGNORED = /[\u200c-\u200f\u202a-\u202e\u206a-\u206f\ufeff]/g;

/** True for a path segment that a file system may take for `.git`. */
export function isDotGit(segment: string): boolean {
  const name = segment
    .replace(HFS_IGNORED, '')
    .toLowerCase()
    .replace(/[. ]+$/, '');
  return name === '.git' || name === 'git~1';
}

/**
 * Why a relative path listed by another machine may not be used below a folder of ours, or
 * undefined when it may: absolute paths, `..` segments and `.git` segments are refused.
 */
export function relativePathProblem(path: string): string | undefined {
  if (path === '') return 'an empty path';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'an absolute path';
  const segments = path.split(/[/\\]/);
  if (segments.includes('..')) return 'a path that leaves the folder (..)';
  if (segments.some(isDotGit)) return 'a path into a .git folder';
  return undefined;
}

/** True for a name that may be one segment of a path of ours: no separator, no `..`, no `.git`. */
export function isPlainFileName(name: string): boolean {
  return (
    name !== '' &&
    name !== '.' &&
    name !== '..' &&
    !/[/\\]/.test(name) &&
    !hasControlCharacters(name) &&
    !isDotGit(name)
  );
}
