// ccache's folder kept between jobs on GitHub-hosted runners, through @actions/cache (which works
// only inside a JavaScript action). Self-hosted runners mount a persistent folder instead
// (runner-image sets OPP_CAMPAIGN_CACHE_DIR), so nothing is uploaded there.
import * as cache from '@actions/cache';
import * as core from '@actions/core';

export interface CcacheCacheKeys {
  readonly key: string;
  readonly restoreKeys: string[];
}

/** Keys: one per commit, restored from the newest of the same platform and build. */
export function ccacheKeys(platform: string, buildHash: string, sha: string): CcacheCacheKeys {
  const prefix = `opp-campaign-ccache-${platform}-${buildHash}-`;
  return { key: prefix + sha, restoreKeys: [prefix] };
}

export async function restoreCcache(
  dir: string,
  keys: CcacheCacheKeys,
): Promise<string | undefined> {
  if (!cache.isFeatureAvailable()) return undefined;
  try {
    return await cache.restoreCache([dir], keys.key, keys.restoreKeys);
  } catch (e) {
    core.warning(`ccache folder not restored: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

export async function saveCcache(
  dir: string,
  keys: CcacheCacheKeys,
  restoredKey: string | undefined,
): Promise<void> {
  if (!cache.isFeatureAvailable() || restoredKey === keys.key) return;
  try {
    await cache.saveCache([dir], keys.key);
  } catch (e) {
    // another shard of the same commit saved it first: that is fine
    core.info(`ccache folder not saved: ${e instanceof Error ? e.message : String(e)}`);
  }
}
