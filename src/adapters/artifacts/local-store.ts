// The artifact store as a local folder: one subfolder per artifact. Used by local mode and by
// tests standing in for GitHub's artifact service. An upload becomes visible atomically (it is
// copied under a temporary name, then renamed), so a concurrent reader never sees half of it.
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ArtifactExistsError, ArtifactNotFoundError, type ArtifactStore } from '../../ports.js';

const VALID = /^[A-Za-z0-9._-]+$/;

export class LocalArtifactStore implements ArtifactStore {
  constructor(readonly root: string) {
    mkdirSync(root, { recursive: true });
  }

  private checkName(name: string): void {
    if (!VALID.test(name) || name.startsWith('.'))
      throw new Error(`invalid artifact name '${name}': use letters, digits, '.', '_' and '-'`);
  }

  upload(name: string, root: string, files: readonly string[]): Promise<void> {
    this.checkName(name);
    const target = join(this.root, name);
    if (existsSync(target)) return Promise.reject(new ArtifactExistsError(name));
    const tmp = join(this.root, `.${name}.${process.pid}.tmp`);
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    for (const f of files) {
      if (f.startsWith('/') || f.split(/[\\/]/).includes('..'))
        return Promise.reject(new Error(`artifact file outside its root: ${f}`));
      mkdirSync(dirname(join(tmp, f)), { recursive: true });
      cpSync(join(root, f), join(tmp, f));
    }
    try {
      renameSync(tmp, target);
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      if (existsSync(target)) return Promise.reject(new ArtifactExistsError(name));
      throw e;
    }
    return Promise.resolve();
  }

  download(name: string, dir: string): Promise<void> {
    this.checkName(name);
    const source = join(this.root, name);
    if (!existsSync(source)) return Promise.reject(new ArtifactNotFoundError(name));
    mkdirSync(dir, { recursive: true });
    cpSync(source, dir, { recursive: true });
    return Promise.resolve();
  }

  list(prefix = ''): Promise<string[]> {
    return Promise.resolve(
      readdirSync(this.root)
        .filter((n) => !n.startsWith('.') && n.startsWith(prefix))
        .sort(),
    );
  }
}
