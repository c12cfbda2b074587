// Which files make up a built model, i.e. what a build artifact holds: the program and the
// libraries the runs load (with the platform's library suffixes), the ini files, the NED files
// on the NED path, and whatever `build.outputs` globs add.
import type { CampaignSettings } from '../campaign/settings.js';

const LIB_SUFFIXES = ['', '.so', '.dylib', '.dll'];

/** `*` and `?` within a path segment, `**` across segments. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      re += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

const normal = (p: string): string => p.replace(/\\/g, '/').replace(/^\.\//, '');

/** What the build makes: the program, the libraries (any suffix) and `build.outputs`. */
export function builtPatterns(s: CampaignSettings): string[] {
  const patterns: string[] = [];
  if (s.run.preset === 'omnetpp')
    for (const f of [...(s.run.program ? [s.run.program] : []), ...s.run.libraries]) {
      const p = normal(f);
      const slash = p.lastIndexOf('/');
      const libName = `${p.slice(0, slash + 1)}lib${p.slice(slash + 1)}`;
      for (const suffix of LIB_SUFFIXES) patterns.push(p + suffix);
      for (const suffix of LIB_SUFFIXES.slice(1)) patterns.push(libName + suffix);
    }
  for (const g of s.build.preset === 'none' ? [] : (s.build.outputs ?? []))
    patterns.push(normal(g));
  return patterns;
}

/** Sources the runs read besides the built files: the ini files and the NED files. */
export function runSourcePatterns(s: CampaignSettings): string[] {
  const patterns = s.ini.map(normal);
  if (s.run.preset === 'omnetpp') {
    const ned = s.run.nedPath.length > 0 ? s.run.nedPath : ['.'];
    for (const dir of ned) patterns.push(`${normal(dir) === '.' ? '' : `${normal(dir)}/`}**/*.ned`);
  }
  return patterns;
}

/** The files (paths relative to the project, `/`-separated) an artifact of `s` holds, sorted. */
export function selectOutputs(s: CampaignSettings, files: readonly string[]): string[] {
  const res = [...builtPatterns(s), ...runSourcePatterns(s)].map(globToRegExp);
  return files
    .map(normal)
    .filter((f) => res.some((r) => r.test(f)))
    .sort();
}
