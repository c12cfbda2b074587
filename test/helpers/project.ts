import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunRecord } from '../../src/core/campaign/journal.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
export const REPO = join(import.meta.dirname, '..', '..');

/** A throwaway project folder with the misbehave model, an ini and a campaign file. */
export function misbehaveProject(ini: string, campaign: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'opp-misbehave-'));
  cpSync(join(FIXTURES, 'models', 'misbehave'), dir, {
    recursive: true,
    filter: (src) => !src.includes(`${join('misbehave', 'out')}`),
  });
  writeFileSync(join(dir, 'omnetpp.ini'), ini);
  writeFileSync(join(dir, 'opp-campaign.yml'), campaign);
  mkdirSync(join(dir, 'cache'), { recursive: true });
  return dir;
}

export function journalRuns(dir: string): RunRecord[] {
  return readFileSync(join(dir, 'results', 'journal.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as RunRecord | { t: 'campaign' })
    .filter((r): r is RunRecord => r.t === 'run');
}

export const MISBEHAVE_CAMPAIGN = `ini: omnetpp.ini
configs: [M]
build: { preset: make }
run: { program: out/misbehave }
timeout: 5s
retries: 1
`;
