// One run's part of `opp_scavetool export -F CSV-R` of an SQLite scalar file, made from the
// records a text .sca gave as they were added to that file, without reading them back: the
// values are what SQLite gives back (a NaN is stored as NULL and read as NaN; a REAL -0 comes
// back as 0), the items are in the export's order (statistics before histograms, each in the
// order they were added; attributes by name), and the statistics are rebuilt from their stored
// columns as the SQLite export rebuilds them. Whatever the stored file could order otherwise
// (histogram bin edges that are not ascending, or NaN) gives no parts: the run is then exported
// from the file itself.

import { CsvRecordsFormatter, CsvWriter, type CsvContents } from './csv-export.js';
import {
  inNameOrder,
  sortedMap,
  type AttributeMap,
  type Histogram,
  type ResultItem,
  type RunInfo,
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

/** How the export writes a field and a double (default options). */
const CSV = new CsvWriter();
const csvField = (s: string): string => CSV.field(s);

/**
 * One run's scalar and parameter rows of the export (CsvRecordsFormatter's, default options),
 * made one item at a time, each followed by its attribute rows. A row is kept without the blank
 * fields that end it: how many there are depends on the export's columns, known once every item
 * of the run is (see storedRunCsvOfRows). A scalar's value is the one SQLite gives back.
 */
export class RunCsvRows {
  readonly scalars: string[] = [];
  readonly parameters: string[] = [];
  private readonly run: string;

  constructor(runName: string) {
    this.run = csvField(runName);
  }

  /** A scalar, its attributes (in name order) after it. */
  scalar(module: string, name: string, value: number, attributes: AttributeMap): void {
    const base = `${this.run},scalar,${csvField(module)},${csvField(name)}`;
    this.scalars.push(`${base},,,${CSV.double(stored(value))}`);
    if (attributes.size > 0) this.attrs(this.scalars, module, name, attributes);
  }

  /** A parameter, its attributes (in name order) after it. */
  parameter(module: string, name: string, value: string, attributes: AttributeMap): void {
    this.parameters.push(
      `${this.run},param,${csvField(module)},${csvField(name)},,,${csvField(value)}`,
    );
    if (attributes.size > 0) this.attrs(this.parameters, module, name, attributes);
  }

  // an attribute row has one field less than its item's: the value column is one of its blanks
  private attrs(rows: string[], module: string, name: string, attributes: AttributeMap): void {
    const base = `${this.run},attr,${csvField(module)},${csvField(name)}`;
    for (const [k, v] of attributes) rows.push(`${base},${csvField(k)},${csvField(v)},`);
  }
}

/**
 * The run's parts of the export of a scalar file that holds it (its rows as added, `items` in
 * the order they were added); undefined when it has no items (the export leaves such a run
 * out) or when its stored rows could read back in another order.
 */
export function storedRunCsv(run: RunInfo, items: readonly ResultItem[]): RunCsv | undefined {
  const rows = new RunCsvRows(run.runName);
  const statistics: StatisticResult[] = [];
  // a parser's attributes are in name order already
  const ordered = (a: AttributeMap): AttributeMap => (inNameOrder(a) ? a : sortedMap(a));
  for (let i = 0; i < items.length; i++) {
    const item = items[i] as ResultItem;
    if (item.type === 'scalar')
      rows.scalar(item.module, item.name, item.value, ordered(item.attributes));
    else if (item.type === 'parameter')
      rows.parameter(item.module, item.name, item.value, ordered(item.attributes));
    else if (item.type === 'statistic' || item.type === 'histogram') statistics.push(item);
  }
  return storedRunCsvOfRows(run, rows, statistics);
}

/**
 * storedRunCsv of a run whose scalar and parameter rows are made (`rows`), with its statistics
 * and histograms in the order they were added.
 */
export function storedRunCsvOfRows(
  run: RunInfo,
  rows: RunCsvRows,
  items: readonly StatisticResult[],
): RunCsv | undefined {
  const statistics: StatisticResult[] = [];
  const histograms: StatisticResult[] = [];
  for (const item of items) {
    const s = storedStatistic(item);
    if (s === undefined) return undefined;
    (s.type === 'histogram' ? histograms : statistics).push(s);
  }
  const scalars = rows.scalars.length > 0;
  const parameters = rows.parameters.length > 0;
  if (!scalars && !parameters && statistics.length + histograms.length === 0) return undefined;
  const contents: CsvContents = {
    scalars,
    parameters,
    statistics: statistics.length > 0,
    histograms: histograms.length > 0,
    vectors: false,
  };
  const out = new CsvRecordsFormatter(contents);
  out.header();
  const columns = out.take();
  out.runMetadata(run);
  const meta = out.take();
  // a scalar's or parameter's row has seven fields (an attribute row six and a comma): the
  // rest of the columns are blank
  const end = `${','.repeat(Math.max(0, columns.split(',').length - 7))}\n`;
  const joined = (r: readonly string[]): string => (r.length > 0 ? r.join(end) + end : '');
  for (const s of statistics) out.statistic(s);
  for (const h of histograms) out.statistic(h);
  return {
    runName: run.runName,
    columns,
    contents,
    meta,
    scalars: joined(rows.scalars),
    parameters: joined(rows.parameters),
    statistics: out.take(),
  };
}
