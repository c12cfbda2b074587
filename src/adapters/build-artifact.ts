// A built model as an artifact: its files plus a manifest (size, mode, sha256 of each), so a
// download is verified and executables get their mode back even through stores that drop it
// (zip-based GitHub artifacts). Also the build-in-progress markers and this runner's record of
// how long its builds took.
import { createHash } from '../core/hash.js';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ArtifactExistsError, type ArtifactStore } from '../ports.js';
import type { BuildMarker } from '../core/build/wait-or-build.js';
import { INTERNAL_RETENTION_DAYS } from '../core/build/fingerprint.js';
import { relativePathProblem } from '../core/archive/safe-path.js';

export const MANIFEST = '.opp-campaign/build-manifest.json';

export interface BuildManifest {
  readonly version: 1;
  readonly fingerprint: string;
  readonly buildMs: number;
  readonly files: readonly {
    readonly path: string;
    readonly mode: number;
    readonly size: number;
    readonly sha256: string;
  }[];
}

export class BuildArtifactError extends Error {
  readonly userFacing = true;
  constructor(message: string) {
    super(message);
    this.name = 'BuildArtifactError';
  }
}

const sha256 = (file: string): string =>
  createHash('sha256').update(readFileSync(file)).digest('hex');

/** Every file under `dir` (relative, `/`-separated), skipping .git and the folders named. */
export function listProjectFiles(dir: string, skip: readonly string[] = []): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(dir, rel)).sort()) {
      const r = rel ? `${rel}/${name}` : name;
      if (name === '.git' || skip.includes(r)) continue;
      const st = statSync(join(dir, r));
      if (st.isDirectory()) walk(r);
      else if (st.isFile()) out.push(r);
    }
  };
  walk('');
  return out;
}

/** Uploads the build; false when another job published the same fingerprint first. */
export async function publishBuild(
  store: ArtifactStore,
  name: string,
  projectDir: string,
  files: readonly string[],
  meta: { fingerprint: string; buildMs: number },
): Promise<boolean> {
  const manifest: BuildManifest = {
    version: 1,
    fingerprint: meta.fingerprint,
    buildMs: Math.round(meta.buildMs),
    files: files.map((path) => {
      const p = join(projectDir, path);
      const st = statSync(p);
      return { path, mode: st.mode & 0o777, size: st.size, sha256: sha256(p) };
    }),
  };
  mkdirSync(dirname(join(projectDir, MANIFEST)), { recursive: true });
  writeFileSync(join(projectDir, MANIFEST), JSON.stringify(manifest, null, 1) + '\n');
  try {
    await store.upload(name, projectDir, [...files, MANIFEST], {
      retentionDays: INTERNAL_RETENTION_DAYS,
    });
    return true;
  } catch (e) {
    if (e instanceof ArtifactExistsError) return false;
    throw e;
  }
}

/** Downloads the build into `projectDir`, checking every file against the manifest. */
export async function installBuild(
  store: ArtifactStore,
  name: string,
  projectDir: string,
): Promise<BuildManifest> {
  const tmp = mkdtempSync(join(tmpdir(), 'opp-build-dl-'));
  try {
    await store.download(name, tmp);
    let manifest: BuildManifest;
    try {
      manifest = JSON.parse(readFileSync(join(tmp, MANIFEST), 'utf8')) as BuildManifest;
    } catch {
      throw new BuildArtifactError(`build artifact '${name}' has no readable manifest`);
    }
    for (const f of manifest.files) {
      // the manifest is data from another job: it may name no file outside the project
      const problem = relativePathProblem(f.path);
      if (problem)
        throw new BuildArtifactError(
          `build artifact '${name}': its manifest names ${JSON.stringify(f.path)}: ${problem}`,
        );
      const p = join(tmp, f.path);
      let ok = false;
      try {
        ok = statSync(p).size === f.size && sha256(p) === f.sha256;
      } catch {
        ok = false;
      }
      if (!ok)
        throw new BuildArtifactError(`build artifact '${name}': ${f.path} is damaged or missing`);
    }
    for (const f of manifest.files) {
      const target = join(projectDir, f.path);
      mkdirSync(dirname(target), { recursive: true });
      rmSync(target, { force: true });
      cpSync(join(tmp, f.path), target);
      chmodSync(target, f.mode);
    }
    return manifest;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Tells other jobs that `marker.job` is building (and how long it expects to take). */
export async function uploadMarker(
  store: ArtifactStore,
  name: string,
  marker: BuildMarker,
): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'opp-build-marker-'));
  try {
    writeFileSync(join(tmp, 'marker.json'), JSON.stringify(marker) + '\n');
    await store.upload(name, tmp, ['marker.json'], { retentionDays: INTERNAL_RETENTION_DAYS });
  } catch (e) {
    if (!(e instanceof ArtifactExistsError)) throw e;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export async function readMarkers(store: ArtifactStore, prefix: string): Promise<BuildMarker[]> {
  const markers: BuildMarker[] = [];
  for (const name of await store.list(prefix)) {
    const tmp = mkdtempSync(join(tmpdir(), 'opp-build-marker-'));
    try {
      await store.download(name, tmp);
      const m = JSON.parse(readFileSync(join(tmp, 'marker.json'), 'utf8')) as Partial<BuildMarker>;
      if (typeof m.job === 'string' && typeof m.startedMs === 'number')
        markers.push({
          job: m.job,
          startedMs: m.startedMs,
          expectedMs: typeof m.expectedMs === 'number' ? m.expectedMs : undefined,
        });
    } catch {
      // a marker being written or unreadable: as if absent
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  return markers;
}

/** How long this runner's last build of each project took (persistent on self-hosted runners). */
export class BuildTimes {
  private readonly file: string;
  constructor(stateDir: string) {
    this.file = join(stateDir, 'build-times.json');
  }

  private read(): Record<string, number> {
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, number>;
    } catch {
      return {};
    }
  }

  get(project: string): number | undefined {
    return this.read()[project];
  }

  set(project: string, ms: number): void {
    const all = { ...this.read(), [project]: Math.round(ms) };
    mkdirSync(dirname(this.file), { recursive: true });
    writeFileSync(this.file, JSON.stringify(all, null, 1) + '\n');
  }
}
