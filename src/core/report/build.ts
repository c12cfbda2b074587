// Journal facts and results in, the report model out. Pure and deterministic: the same inputs
// give the same model (and so a byte-identical page).

import { compareNames } from '../results/index.js';
import { MAX_CHARTS, sampleOf, scalarCharts, scalarTableRows } from './charts.js';
import { durationHistogram, slowestRuns } from './durations.js';
import { groupFailures } from '../campaign/failure-cause.js';
import { otherBuildRuns } from '../campaign/other-builds.js';
import {
  STATUS_ORDER,
  type FailureCauseRow,
  type ReportModel,
  type ReportRun,
  type RunFacts,
  type UnreadableRecord,
  UNREADABLE_SHOWN,
} from './model.js';
import { provenance, type CampaignFacts } from './provenance.js';
import { gridGroups, joinRuns, type JoinedRun, type ResultRun } from './runs.js';
import {
  addUnits,
  defaultScalarChoices,
  nearScalars,
  parseScalarSpec,
  runValue,
  type ScalarChoice,
} from './scalar-choice.js';

export interface ReportInput {
  readonly facts: readonly RunFacts[];
  readonly results: readonly ResultRun[];
  readonly campaigns: readonly CampaignFacts[];
  /** The campaign file's `report.scalars`; by default a few scalars that every run of a config has. */
  readonly scalars?: readonly string[] | undefined;
  /** Where `scalars` were chosen (default: the campaign file). */
  readonly scalarsFrom?: 'campaign file' | 'command line';
  /**
   * The runs are result files chosen one by one, not a campaign's results: the page is a report
   * of those runs, so it neither counts the campaign's planned runs nor lists its configs.
   */
  readonly handPicked?: boolean;
  /** Journal records skipped as unreadable, in journal and line order. */
  readonly unreadable?: readonly UnreadableRecord[];
}

export function buildReportModel(input: ReportInput): ReportModel {
  const joined = joinRuns(input.facts, input.results);
  const fromSettings = input.scalars !== undefined && input.scalars.length > 0;
  const choices: readonly Chosen[] =
    fromSettings && input.scalars
      ? input.scalars.map((spec) => ({ choice: parseScalarSpec(spec), configs: undefined }))
      : defaultChoicesPerConfig(joined);
  const perChoice = choices.map(({ choice, configs: of }) => {
    let present = false;
    const units = new Set<string>();
    const nonFinite = new Set<ReportRun>();
    const runs = of === undefined ? joined : joined.filter((r) => of.has(r.config));
    const samples = runs.flatMap((run) => {
      const v = run.result && runValue(choice, run.result.scalars);
      if (v !== undefined) present = true;
      if (v !== undefined && !Number.isFinite(v)) nonFinite.add(run);
      if (v === undefined || !Number.isFinite(v)) return [];
      if (run.result) addUnits(choice, run.result.scalars, units);
      return [sampleOf(run, v)];
    });
    // the unit the y axis is titled with: only when every value charted has the same one
    const unit = units.size === 1 ? ([...units][0] ?? '') : '';
    // a chosen scalar no run has at all: what was likely meant (a misspelt name, its case)
    const near =
      of === undefined && !present
        ? nearScalars(
            choice,
            runs.flatMap((r) => (r.result ? [r.result.scalars] : [])),
          )
        : [];
    return {
      near,
      label: choice.label,
      found: samples.length > 0,
      present,
      charts: scalarCharts(choice.label, samples, runs, unit, nonFinite),
      table: scalarTableRows(choice.label, samples),
    };
  });
  const allCharts = perChoice.flatMap((c) => c.charts);
  const scalarsRecorded = joined.some((r) => (r.result?.scalars.length ?? 0) > 0);
  const runsWithResults = joined.filter((r) => r.result !== undefined).length;
  const counts = new Map<string, number>();
  for (const r of joined) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  const configs = [...new Set(joined.map((r) => r.config))].sort(compareNames);
  // hand-picked runs: only the campaigns that ran them (of their build and config), and the
  // configs listed are the runs' own, not those their campaigns ran; a campaign's results: the
  // campaigns that ran runs the dataset holds, and the latest (whose planned runs notRun counts),
  // not earlier ones whose runs were all run again with another build or set aside since
  const latest = input.campaigns.at(-1);
  const campaigns = input.handPicked
    ? input.campaigns
        .filter((c) => ranAny(c, input.facts))
        .map(({ configs: _configs, ...rest }) => rest)
    : input.campaigns.filter((c) => c === latest || ranAny(c, input.facts));
  const prov = provenance({ campaigns, facts: input.facts, runs: joined });
  // the page's runs are the joined runs themselves, their results let go (no second copy of a
  // row per run: a campaign of 100,000 runs)
  for (const r of joined) (r as { result: ResultRun | undefined }).result = undefined;
  const runs: readonly ReportRun[] = joined;
  return {
    title: `Campaign report${configs.length ? `: ${configs.join(', ')}` : ''}`,
    runs,
    grid: gridGroups(runs),
    totals: STATUS_ORDER.flatMap((s) => {
      const n = counts.get(s) ?? 0;
      return n ? [[s, n] as const] : [];
    }),
    durations: durationHistogram(runs),
    slowest: slowestRuns(runs),
    failures: failureRows(runs),
    scalars: choices.map((c) => c.choice.label),
    scalarsFrom: fromSettings ? (input.scalarsFrom ?? 'campaign file') : undefined,
    scalarsNotFound: fromSettings ? perChoice.filter((c) => !c.found).map((c) => c.label) : [],
    scalarsNotFinite: fromSettings
      ? perChoice.filter((c) => !c.found && c.present).map((c) => c.label)
      : [],
    scalarsNear: fromSettings
      ? perChoice.flatMap((c) => (c.near.length ? [[c.label, c.near] as const] : []))
      : [],
    scalarsRecorded,
    runsWithResults,
    charts: allCharts.slice(0, MAX_CHARTS),
    chartsOmitted: Math.max(0, allCharts.length - MAX_CHARTS),
    scalarTable: perChoice.flatMap((c) => c.table),
    provenance: prov,
    notRun: input.handPicked ? null : notRun(input.campaigns.at(-1), runs),
    otherBuilds: input.handPicked ? null : otherBuilds(input.campaigns.at(-1), input.facts),
    unreadable: input.unreadable?.length
      ? { count: input.unreadable.length, first: input.unreadable.slice(0, UNREADABLE_SHOWN) }
      : null,
  };
}

/**
 * Whether a journal's campaign record may have run one of these runs: one of its configs, of
 * its build (a record or a run without either is not told apart by it).
 */
function ranAny(c: CampaignFacts, facts: readonly RunFacts[]): boolean {
  const build = typeof c['build'] === 'string' ? c['build'] : undefined;
  const configs = Array.isArray(c['configs']) ? (c['configs'] as unknown[]) : undefined;
  return facts.some(
    (f) =>
      (build === undefined || f.build === undefined || f.build === build) &&
      (configs === undefined || configs.includes(f.config)),
  );
}

/** A scalar to chart, and the configs whose runs it is charted for (undefined: every config). */
interface Chosen {
  readonly choice: ScalarChoice;
  readonly configs: ReadonlySet<string> | undefined;
}

/**
 * The default scalars of each config, as if it were the only one (charts are drawn per config: a
 * scalar of one config's runs is no reason to leave another config without charts). A choice
 * several configs make is listed once, in the order the configs (by name) make them.
 */
function defaultChoicesPerConfig(joined: readonly JoinedRun[]): Chosen[] {
  const scalarsOf = new Map<string, Array<ResultRun['scalars']>>();
  for (const r of joined)
    if (r.result) {
      const list = scalarsOf.get(r.config) ?? [];
      list.push(r.result.scalars);
      scalarsOf.set(r.config, list);
    }
  const chosen = new Map<string, { choice: ScalarChoice; configs: Set<string> }>();
  for (const config of [...scalarsOf.keys()].sort(compareNames))
    for (const choice of defaultScalarChoices(scalarsOf.get(config) ?? [])) {
      const c = chosen.get(choice.label) ?? { choice, configs: new Set<string>() };
      c.configs.add(config);
      chosen.set(choice.label, c);
    }
  return [...chosen.values()];
}

/**
 * How many of the runs the last campaign planned the report lacks: its `total` less the runs of
 * its configs (a run interrupted counts as there: the page shows it). Runs of those configs from
 * earlier campaigns count too, so a shortfall is never made up, at worst missed.
 */
function notRun(
  campaign: CampaignFacts | undefined,
  runs: readonly ReportRun[],
): ReportModel['notRun'] {
  const planned = campaign?.['total'];
  if (typeof planned !== 'number' || !Number.isSafeInteger(planned) || planned <= 0) return null;
  const configs = campaign?.['configs'];
  const of = Array.isArray(configs) ? new Set(configs.filter((c) => typeof c === 'string')) : null;
  const here = of === null ? runs.length : runs.filter((r) => of.has(r.config)).length;
  return here < planned ? { missing: planned - here, planned } : null;
}

/** Runs of other configs than the last campaign's, of another build than its (see model). */
function otherBuilds(
  campaign: CampaignFacts | undefined,
  facts: readonly RunFacts[],
): ReportModel['otherBuilds'] {
  const build = campaign?.['build'];
  const configs = campaign?.['configs'];
  if (typeof build !== 'string' || !Array.isArray(configs)) return null;
  const own = configs.filter((c): c is string => typeof c === 'string');
  return otherBuildRuns(facts, own, build) ?? null;
}

/** Runs that neither succeeded nor were interrupted, grouped by cause. */
function failureRows(runs: readonly ReportRun[]): FailureCauseRow[] {
  const failed = runs.flatMap((run, index) =>
    run.status === 'ok' || run.status === 'interrupted'
      ? []
      : [{ status: run.status, message: run.message, index }],
  );
  return groupFailures(failed).map((g) => ({
    status: g.status,
    head: g.head,
    runs: g.runs.map((r) => r.index),
  }));
}
