// The merge job: gather every shard's results and journal, and account for every planned run:
// succeeded, failed (with its last record), or missing (no shard reported it).
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJournal, type RunRecord } from '../core/campaign/journal.js';
import type { PlanDocument } from '../core/plan/plan-document.js';
import { writeRunIndex } from './run-index.js';

export interface ShardInput {
  readonly index: number;
  readonly dir: string;
}

export interface MergeReport {
  readonly expected: number;
  readonly ok: RunRecord[];
  readonly failed: RunRecord[];
  readonly missing: { config: string; run: number; key: string; shard: number }[];
  readonly shardsMissing: number[];
  readonly outDir: string;
}

export function mergeShards(
  plan: PlanDocument,
  shards: readonly ShardInput[],
  outDir: string,
): MergeReport {
  mkdirSync(join(outDir, 'runs'), { recursive: true });
  mkdirSync(join(outDir, 'logs'), { recursive: true });
  const last = new Map<string, RunRecord>();
  const journalLines: string[] = [];
  for (const shard of [...shards].sort((a, b) => a.index - b.index)) {
    const journalPath = join(shard.dir, 'journal.jsonl');
    if (!existsSync(journalPath)) continue;
    const text = readFileSync(journalPath, 'utf8');
    for (const [key, rec] of readJournal(text).runs) last.set(key, rec);
    journalLines.push(...text.split('\n').filter((l) => l.trim() !== ''));
    if (existsSync(join(shard.dir, 'runs')))
      cpSync(join(shard.dir, 'runs'), join(outDir, 'runs'), { recursive: true });
  }
  const ok: RunRecord[] = [];
  const failed: RunRecord[] = [];
  const missing: MergeReport['missing'] = [];
  for (const shard of plan.shards)
    for (const [config, run, key] of shard.runs) {
      const rec = last.get(key);
      // a run stopped by a cancelled shard has no result: it is missing, not failed
      if (!rec || rec.status === 'interrupted')
        missing.push({ config, run, key, shard: shard.index });
      else if (rec.status === 'ok') ok.push(rec);
      else {
        failed.push(rec);
        const src = shards.find((s) => existsSync(join(s.dir, rec.log)));
        if (src) cpSync(join(src.dir, rec.log), join(outDir, rec.log));
      }
    }
  writeFileSync(
    join(outDir, 'journal.jsonl'),
    journalLines.length ? journalLines.join('\n') + '\n' : '',
  );
  writeRunIndex(outDir, readJournal(journalLines.join('\n')));
  const present = new Set(shards.map((s) => s.index));
  return {
    expected: plan.totalRuns,
    ok,
    failed,
    missing,
    shardsMissing: plan.shards.map((s) => s.index).filter((i) => !present.has(i)),
    outDir,
  };
}

/** Shard folders below `root` as downloaded: `<prefix>-shard-<k>`. */
export function findShardDirs(root: string, prefix: string): ShardInput[] {
  if (!existsSync(root)) return [];
  const re = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-shard-(\\d+)$`);
  return readdirSync(root)
    .map((name) => ({ name, m: re.exec(name) }))
    .filter((x) => x.m)
    .map((x) => ({ index: Number(x.m?.[1]), dir: join(root, x.name) }));
}
