// The campaign report as data: what report.html shows and the step summary's scalar table is
// made from. Plain JSON-able values; built by build.ts from journal records and results.

import { RUN_STATUSES, type RunStatus } from '../campaign/journal.js';
import type { OtherBuildRuns } from '../campaign/other-builds.js';

/** What a campaign journal (or an earlier merge's runs.csv) says about a run. */
export interface RunFacts {
  readonly key: string;
  readonly config: string;
  readonly run: number;
  readonly status: RunStatus;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly wallMs: number | null;
  readonly peakKiB: number | null;
  readonly attempt: number | null;
  /** "$numHosts=10, $iaMean=1, $repetition=0", in nesting order. */
  readonly itervars: string;
  /** The log's path relative to the report, or null when the log is not at hand. */
  readonly log: string | null;
  readonly message?: string | undefined;
  readonly command?: string | undefined;
  readonly build?: string | undefined;
  /** The OMNeT++ run id of the results, when known (runs.csv has it). */
  readonly runName?: string | undefined;
}

/** One run of the report: journal facts and results joined. */
export interface ReportRun {
  readonly config: string;
  /** -1 when unknown. */
  readonly runNumber: number;
  /** Iteration variables in nesting order, `repetition` included when known. */
  readonly itervars: ReadonlyArray<readonly [string, string]>;
  readonly status: RunStatus;
  /** False for a run known only from its results (no journal record). */
  readonly journaled: boolean;
  readonly hasResults: boolean;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly wallMs: number | null;
  readonly peakKiB: number | null;
  readonly attempt: number | null;
  readonly log: string | null;
  readonly message: string | null;
  readonly command: string | null;
}

/** Runs in a row of the grid: one config, one value of its outermost iteration variable. */
export interface GridGroup {
  readonly config: string;
  /** "$numHosts=10", or "" when the config has no iteration variables. */
  readonly label: string;
  /** Indexes into ReportModel.runs. */
  readonly runs: readonly number[];
}

export interface DurationHistogram {
  /** Bin edges in milliseconds (one more than counts). */
  readonly edges: readonly number[];
  readonly counts: readonly number[];
}

export interface ChartPoint {
  readonly x: number | string;
  readonly mean: number;
  readonly lo: number | null;
  readonly hi: number | null;
  readonly n: number;
}

export interface ChartSeries {
  /** "$numHosts=10", or "all runs" when there is no second variable. */
  readonly label: string;
  readonly points: readonly ChartPoint[];
}

/** A chosen scalar's mean and 95% interval against one iteration variable. */
export interface ScalarChart {
  readonly scalar: string;
  readonly config: string;
  readonly xVar: string;
  /** The variable whose values make the lines, if any. */
  readonly seriesVar: string | null;
  /** Variables pooled into every point besides repetitions (a third and further variable). */
  readonly pooled: readonly string[];
  /** Numeric axis (values with one common unit) or categories in run order. */
  readonly xNumeric: boolean;
  readonly xUnit: string;
  /** The scalar's unit (its `attr unit`) when every value charted has the same one, else ''. */
  readonly yUnit: string;
  /** The values of xVar in axis order. */
  readonly xValues: ReadonlyArray<number | string>;
  readonly series: readonly ChartSeries[];
  /** Every value of the scalar is 0 or more (a count, a time): the axis does not go below 0. */
  readonly nonNegative: boolean;
  /**
   * Values of xVar or seriesVar that runs of the config have, but no run with the scalar; then
   * the points of a line missing for the same reason (a value of xVar with `line`).
   */
  readonly missing: readonly MissingValue[];
}

/** A value of an iteration variable that a chart has no point of, and why. */
export interface MissingValue {
  readonly variable: string;
  readonly value: string;
  /** For one line's point only: the line's variable and value (the seriesVar of the chart). */
  readonly line?: { readonly variable: string; readonly value: string } | undefined;
  /** The runs with that value, and how many of them did not succeed. */
  readonly runs: number;
  readonly failed: number;
  /** Of the runs that succeeded, those that recorded the scalar only as nan or inf. */
  readonly nonFinite?: number;
}

/** The mean of a chosen scalar over all runs with one value of an iteration variable. */
export interface ScalarTableRow {
  readonly scalar: string;
  readonly config: string;
  readonly variable: string;
  readonly value: string;
  readonly n: number;
  readonly mean: number;
  readonly lo: number | null;
  readonly hi: number | null;
  readonly min: number;
  readonly max: number;
}

export interface ProvenanceItem {
  readonly label: string;
  readonly value: string;
}

/** Runs that failed for one cause (status and message head; see groupFailures). */
export interface FailureCauseRow {
  readonly status: RunStatus;
  readonly head: string;
  /** Indexes into ReportModel.runs, in run order. */
  readonly runs: readonly number[];
}

export interface ReportModel {
  readonly title: string;
  readonly runs: readonly ReportRun[];
  readonly grid: readonly GridGroup[];
  /** Runs per status, in the order of STATUS_ORDER, statuses with no run left out. */
  readonly totals: ReadonlyArray<readonly [RunStatus, number]>;
  readonly durations: DurationHistogram | null;
  /** Indexes into runs, longest first. */
  readonly slowest: readonly number[];
  /** The runs that did not succeed, grouped by cause, largest group first. */
  readonly failures: readonly FailureCauseRow[];
  readonly scalars: readonly string[];
  /** Where the scalars were chosen; undefined: picked by default. */
  readonly scalarsFrom: 'campaign file' | 'command line' | undefined;
  /** Chosen scalars that no run has a finite value of. */
  readonly scalarsNotFound: readonly string[];
  /** Of those, the ones runs have, but only as NaN or infinite values (no chart can show them). */
  readonly scalarsNotFinite: readonly string[];
  /**
   * Of the chosen scalars no run has at all, those a recorded one is likely meant (the label, and
   * what to write instead: `**.sink:lifeTime:mean` for `**.sink:lifetime:mean`).
   */
  readonly scalarsNear: ReadonlyArray<readonly [string, readonly string[]]>;
  /** Some run recorded a scalar (any): false for a model recording only statistics, histograms. */
  readonly scalarsRecorded: boolean;
  /** Runs with results (0: none succeeded, or none left files; then no scalar can be there). */
  readonly runsWithResults: number;
  readonly charts: readonly ScalarChart[];
  /** Charts left out past the limit. */
  readonly chartsOmitted: number;
  readonly scalarTable: readonly ScalarTableRow[];
  readonly provenance: readonly ProvenanceItem[];
  /**
   * Runs the last campaign planned (its record's `total`) that the report has no run of: the
   * campaign was interrupted, or is still going. Null when every planned run is here.
   */
  readonly notRun: { readonly missing: number; readonly planned: number } | null;
  /**
   * Journal records skipped as unreadable (a line that is not JSON, a run record with a field
   * missing, of the wrong type, or an unknown status): how many, and the first few. The runs they
   * were about are not in the report. Null (or absent) when there is none.
   */
  readonly unreadable?: UnreadableRecords | null;
  /**
   * Succeeded runs of configs the last campaign did not run whose build is not its build (the
   * model changed since they ran): the dataset mixes two builds. Null when there is none.
   */
  readonly otherBuilds: OtherBuildRuns | null;
}

/** A journal record the report could not use: where it is and what is wrong with it. */
export interface UnreadableRecord {
  /** The journal, as the page shows it (relative to the page). */
  readonly journal: string;
  readonly line: number;
  readonly problem: string;
}

export interface UnreadableRecords {
  readonly count: number;
  /** The first few (UNREADABLE_SHOWN), in journal and line order. */
  readonly first: readonly UnreadableRecord[];
}

/** How many unreadable records the page names one by one. */
export const UNREADABLE_SHOWN = 5;

/** The statuses in the order the report lists them (the journal's own list). */
export const STATUS_ORDER: readonly RunStatus[] = RUN_STATUSES;
