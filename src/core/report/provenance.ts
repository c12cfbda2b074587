// Where the results come from, as far as the journals and the runs' attributes record it. What
// nothing records is said to be unrecorded rather than left out, so a reader knows it was looked
// for.

import { compareNames } from '../results/index.js';
import type { ProvenanceItem, RunFacts } from './model.js';
import type { JoinedRun } from './runs.js';

/** A journal's `{"t":"campaign",...}` record, read leniently (later versions may add fields). */
export type CampaignFacts = Readonly<Record<string, unknown>>;

const NOT_RECORDED = 'not recorded';

const strings = (v: unknown): string[] =>
  typeof v === 'string' && v !== ''
    ? [v]
    : Array.isArray(v)
      ? v.filter((x): x is string => typeof x === 'string' && x !== '')
      : [];

function distinct(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareNames);
}

function listed(values: readonly string[], max = 12): string {
  if (values.length === 0) return NOT_RECORDED;
  const shown = values.slice(0, max).join(', ');
  return values.length > max ? `${shown} and ${values.length - max} more` : shown;
}

/**
 * OMNeT++'s `datetime` run attribute ("20261125-20:14:25", the runner's local time, no zone) as
 * milliseconds of a clock that is only compared with itself.
 */
function datetimeMs(v: string | undefined): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{2}):(\d{2}):(\d{2})$/.exec(v ?? '');
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

const clockText = (ms: number): string => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

/** From the first run's start to the last run's end, by the runs' own clocks. */
function runSpan(runs: readonly JoinedRun[]): string {
  let first = Infinity;
  let last = -Infinity;
  for (const r of runs) {
    const start = datetimeMs(r.result?.run.attributes.get('datetime'));
    if (start === undefined) continue;
    first = Math.min(first, start);
    last = Math.max(last, start + (r.wallMs ?? 0));
  }
  if (first === Infinity) return NOT_RECORDED;
  return `${clockText(first)} to ${clockText(last)} (the runners' clocks)`;
}

export interface ProvenanceInput {
  readonly campaigns: readonly CampaignFacts[];
  readonly facts: readonly RunFacts[];
  readonly runs: readonly JoinedRun[];
}

/**
 * Several campaign records are normal (a campaign resumed, or one record per shard): their
 * fields are listed once each.
 */
export function provenance(p: ProvenanceInput): ProvenanceItem[] {
  const field = (...names: string[]): string[] =>
    distinct(p.campaigns.flatMap((c) => names.flatMap((n) => strings(c[n]))));
  const attr = (name: string): string[] =>
    distinct(p.runs.flatMap((r) => strings(r.result?.run.attributes.get(name))));
  const configs = distinct([
    ...field('configs'),
    ...p.facts.map((f) => f.config),
    ...attr('configname'),
  ]);
  const filters = field('filter');
  const builds = distinct([...field('build'), ...p.facts.flatMap((f) => strings(f.build))]);
  const started = field('started');
  const fingerprints = field('fingerprint');
  return [
    { label: 'configs', value: listed(configs) },
    {
      label: 'run filter',
      value: filters.length
        ? filters.join('; ')
        : p.campaigns.length
          ? 'none (all runs)'
          : NOT_RECORDED,
    },
    { label: 'commit', value: listed(field('commit', 'sha')) },
    // the journal's build id: a hash of the model's executable and libraries
    { label: 'build', value: listed(builds) },
    ...fingerprints.map((f) => ({ label: 'build fingerprint', value: f })),
    { label: 'OMNeT++ version', value: listed(field('omnetppVersion', 'omnetpp')) },
    { label: 'runner machines', value: listed(field('runner', 'runners', 'host', 'hostname')) },
    { label: 'campaign started', value: listed(started.slice(0, 1)) },
    { label: 'run times', value: runSpan(p.runs) },
    { label: 'network', value: listed(attr('network')) },
    { label: 'ini files', value: listed(attr('inifile')) },
  ];
}
