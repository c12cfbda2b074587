// One run's part of `opp_scavetool export -F CSV-R` of an SQLite scalar file, made from the
// records a text .sca gave as they were added to that file, without reading them back: the
// values are what SQLite gives back (a NaN is stored as NULL and read as NaN; a REAL -0 comes
// back as 0), the items are in the export's order (statistics before histograms, each in the
// order they were added; attributes by name), and the statistics are rebuilt from their stored
// columns as the SQLite export rebuilds them. Whatever the stored file could order otherwise
// (histogram bin edges that are not ascending, or NaN) gives no parts: the run is then exported
// from the file itself.

import { CsvRecordsFormatter, type CsvContents, type CsvExportOptions } from './csv-export.js';
import {
  inNameOrder,
  sortedMap,
  type Histogram,
  type ParameterResult,
  type ResultItem,
  type RunInfo,
  type ScalarResult,
  type StatisticResult,
} from './model.js';
import {
  histogramBinRows,
  histogramFromBinRows,
  statisticRow,
  statisticsFromRow,
} from './sqlite-encoding.js';

/** One run's part of a scalar file's CSV-R export. */
export interface RunCsv {
  readonly runName: string;
  /** The columns its rows have (an export of runs with other columns is not made of parts). */
  readonly columns: string;
  readonly contents: CsvContents;
  readonly meta: string;
  readonly scalars: string;
  readonly parameters: string;
  readonly statistics: string;
}

/** A number as an SQLite REAL (or INTEGER) column gives it back; NULL (and NaN) as NaN. */
const stored = (v: number | null): number =>
  v === null || Number.isNaN(v) ? NaN : v === 0 ? 0 : v;

/** The histogram as the export reads its bins back, or undefined when SQLite would order them otherwise. */
function storedHistogram(h: Histogram): Histogram | undefined {
  const rows = histogramBinRows(h).map(([edge, value]) => [stored(edge), stored(value)] as const);
  for (let i = 1; i < rows.length; i++)
    if (!((rows[i - 1]?.[0] ?? NaN) < (rows[i]?.[0] ?? NaN))) return undefined;
  return histogramFromBinRows(rows);
}

const NO_BINS: Histogram = { binEdges: [], binValues: [], underflows: 0, overflows: 0 };

function storedStatistic(item: StatisticResult): StatisticResult | undefined {
  const statistics = statisticsFromRow(statisticRow(item), stored);
  // a histogram's bins, read back (none stored: none read, and no under- or overflows)
  const histogram =
    item.type === 'histogram' ? storedHistogram(item.histogram ?? NO_BINS) : undefined;
  if (item.type === 'histogram' && histogram === undefined) return undefined;
  return {
    type: item.type,
    runName: item.runName,
    module: item.module,
    name: item.name,
    file: item.file,
    attributes: sortedMap(item.attributes),
    statistics,
    ...(histogram ? { histogram } : {}),
  };
}

/**
 * The run's parts of the export of a scalar file that holds it (its rows as added, `items` in
 * the order they were added); undefined when it has no items (the export leaves such a run
 * out) or when its stored rows could read back in another order.
 */
export function storedRunCsv(
  run: RunInfo,
  items: readonly ResultItem[],
  options: CsvExportOptions = {},
): RunCsv | undefined {
  const scalars: ScalarResult[] = [];
  const parameters: ParameterResult[] = [];
  const statistics: StatisticResult[] = [];
  const histograms: StatisticResult[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as ResultItem;
    // an item whose attributes are in order (a parser's are) and whose value reads back the same
    // is taken as it is: no copy of each of a run's items
    const ordered = inNameOrder(item.attributes);
    if (item.type === 'scalar')
      scalars.push(
        ordered && Object.is(stored(item.value), item.value)
          ? item
          : { ...item, attributes: sortedMap(item.attributes), value: stored(item.value) },
      );
    else if (item.type === 'parameter')
      parameters.push(ordered ? item : { ...item, attributes: sortedMap(item.attributes) });
    else if (item.type === 'statistic' || item.type === 'histogram') {
      const s = storedStatistic(item);
      if (s === undefined) return undefined;
      (s.type === 'histogram' ? histograms : statistics).push(s);
    }
  }
  if (scalars.length + parameters.length + statistics.length + histograms.length === 0)
    return undefined;
  const contents: CsvContents = {
    scalars: scalars.length > 0,
    parameters: parameters.length > 0,
    statistics: statistics.length > 0,
    histograms: histograms.length > 0,
    vectors: false,
  };
  const out = new CsvRecordsFormatter(contents, options);
  out.header();
  const columns = out.take();
  out.runMetadata(run);
  const meta = out.take();
  for (const s of scalars) out.scalar(s);
  const scalarText = out.take();
  for (const p of parameters) out.parameter(p);
  const parameterText = out.take();
  for (const s of statistics) out.statistic(s);
  for (const h of histograms) out.statistic(h);
  return {
    runName: run.runName,
    columns,
    contents,
    meta,
    scalars: scalarText,
    parameters: parameterText,
    statistics: out.take(),
  };
}
