// `opp_scavetool export -F CSV-R`: OMNeT++ 6.1's CsvRecordsExporter (src/scave/
// csvrecexporter.cc) writing through CsvWriter (src/common/csvwriter.cc).
//
// Layout: a header row; then run metadata rows for every run (runattr, itervar, config); then
// all scalars, all parameters, all statistics and histograms, all vectors, each item followed
// by one "attr" row per result attribute. Every block lists runs in the same order as the
// metadata (options.runOrder), a run's items in ID order. Doubles are printed as %.14g ("Inf", "-Inf", "NaN" for
// the special values); bin edges/values and vector times/values are space-separated lists in
// one always-quoted field; simulation times are printed exactly.

import { formatG, formatInt64 } from './cnum.js';
import {
  statisticsMean,
  statisticsStddev,
  type ParameterResult,
  type ResultItem,
  type ResultType,
  type RunInfo,
  type ScalarResult,
  type StatisticResult,
  type VectorResult,
} from './model.js';
import {
  inBatches,
  type BatchedResults,
  type ResultSet,
  type VectorDataSource,
} from './result-set.js';

export interface CsvExportOptions {
  /** Significant digits of doubles (default 14). */
  readonly precision?: number;
  /** Field separator (default ","). */
  readonly separator?: string;
  /** Quote character (default '"'). */
  readonly quoteChar?: string;
  /** How a quote inside a quoted field is escaped (default 'doubling'). */
  readonly quoteEscaping?: 'doubling' | 'backslash';
  /** Write the header row (default true). */
  readonly columnNames?: boolean;
  /** Leave out the columns of result types not being exported (default true). */
  readonly omitBlankColumns?: boolean;
  /** Result types to export (opp_scavetool -T); default all. */
  readonly types?: readonly ResultType[];
  /** Run order (see orderRuns): opp_scavetool's own order is not reproducible. */
  readonly runOrder?: readonly string[];
}

const ALL_TYPES: readonly ResultType[] = [
  'parameter',
  'scalar',
  'statistic',
  'histogram',
  'vector',
];
const FLUSH_SIZE = 1 << 16;

/** CsvWriter: fields, separators, quoting; output collected in `buf`. */
export class CsvWriter {
  buf = '';
  column = 0;
  private readonly prec: number;
  private readonly sep: string;
  private readonly quote: string;
  private readonly backslash: boolean;
  /** The characters that make a field quoted. */
  private readonly special: readonly string[];

  constructor(o: CsvExportOptions = {}) {
    this.prec = o.precision ?? 14;
    this.sep = o.separator ?? ',';
    this.quote = o.quoteChar ?? '"';
    this.backslash = o.quoteEscaping === 'backslash';
    // a field's characters are compared one by one with each of these: a separator or quote of
    // several characters never equals one, so it makes no field quoted
    this.special = [this.sep, this.quote, '\n', ...(this.backslash ? ['\\'] : [])].filter(
      (c) => [...c].length === 1,
    );
  }

  private writeSep(): void {
    if (this.column !== 0) this.buf += this.sep;
  }

  double(v: number): string {
    if (Number.isFinite(v)) return formatG(v, this.prec);
    if (v === Infinity) return 'Inf';
    if (v === -Infinity) return '-Inf';
    return 'NaN';
  }

  /** A string as one field: quoted (and its quotes escaped) when it needs to be. */
  field(s: string): string {
    if (!this.needsQuote(s)) return s;
    let body = '';
    for (const c of s) {
      if (this.backslash) body += c === '\\' || c === this.quote ? `\\${c}` : c;
      else body += c === this.quote ? c + c : c;
    }
    return this.quote + body + this.quote;
  }

  writeString(s: string): void {
    this.writeSep();
    this.buf += this.field(s);
    this.column++;
  }

  private needsQuote(s: string): boolean {
    // a search per character (a few) costs less than a regular expression's test, every field
    const special = this.special;
    for (let i = 0; i < special.length; i++) if (s.includes(special[i] ?? '')) return true;
    return false;
  }

  writeDouble(v: number): void {
    this.writeSep();
    this.buf += this.double(v);
    this.column++;
  }

  writeInt(v: number): void {
    this.writeSep();
    this.buf += formatInt64(v);
    this.column++;
  }

  writeBlank(): void {
    this.writeSep();
    this.column++;
  }

  /** `n` blank fields at once. */
  writeBlanks(n: number): void {
    if (n <= 0) return;
    this.buf += this.sep.repeat(this.column === 0 ? n - 1 : n);
    this.column += n;
  }

  /** A raw field: separator, then the caller appends to buf, then endRaw(). */
  beginRaw(): void {
    this.writeSep();
  }

  endRaw(): void {
    this.column++;
  }

  newLine(): void {
    this.buf += '\n';
    this.column = 0;
  }
}

/** Which kinds of rows an export has; they decide its columns (with omitBlankColumns). */
export interface CsvContents {
  readonly scalars: boolean;
  readonly parameters: boolean;
  readonly statistics: boolean;
  readonly histograms: boolean;
  readonly vectors: boolean;
}

/**
 * Formats CSV-R rows one record at a time into `buf`, for exporters that stream their records
 * from elsewhere than a ResultSet (the caller takes `buf` when it has grown).
 */
export class CsvRecordsFormatter {
  private readonly csv: CsvWriter;
  private readonly columns: readonly string[];
  private readonly scalarColumns: number;
  private readonly statisticColumns: number;
  private readonly histogramColumns: number;

  constructor(
    contents: CsvContents,
    private readonly options: CsvExportOptions = {},
  ) {
    this.csv = new CsvWriter(options);
    const omit = options.omitBlankColumns ?? true;
    const scalarColumns = contents.scalars || contents.parameters || !omit ? ['value'] : [];
    const statisticColumns =
      contents.statistics || contents.histograms || !omit
        ? ['count', 'sumweights', 'mean', 'stddev', 'min', 'max']
        : [];
    const histogramColumns =
      contents.histograms || !omit ? ['underflows', 'overflows', 'binedges', 'binvalues'] : [];
    const vectorColumns = contents.vectors || !omit ? ['vectime', 'vecvalue'] : [];
    this.scalarColumns = scalarColumns.length;
    this.statisticColumns = statisticColumns.length;
    this.histogramColumns = histogramColumns.length;
    this.columns = [
      'run',
      'type',
      'module',
      'name',
      'attrname',
      'attrvalue',
      ...scalarColumns,
      ...statisticColumns,
      ...histogramColumns,
      ...vectorColumns,
    ];
  }

  /** The text formatted so far. */
  get buf(): string {
    return this.csv.buf;
  }

  /** Returns the text formatted so far and starts over. */
  take(): string {
    const out = this.csv.buf;
    this.csv.buf = '';
    return out;
  }

  /** The header row (when the options ask for one). */
  header(): void {
    if (!(this.options.columnNames ?? true)) return;
    for (const c of this.columns) this.csv.writeString(c);
    this.csv.newLine();
  }

  /** A run's runattr, itervar and config rows. */
  runMetadata(run: RunInfo): void {
    const csv = this.csv;
    const meta = (type: string, name: string, value: string): void => {
      csv.writeString(run.runName);
      csv.writeString(type);
      csv.writeBlank();
      csv.writeBlank();
      csv.writeString(name);
      csv.writeString(value);
      this.finishRecord();
    };
    for (const [k, v] of run.attributes) meta('runattr', k, v);
    for (const [k, v] of run.itervars) meta('itervar', k, v);
    for (const [k, v] of run.configEntries) meta('config', k, v);
  }

  scalar(item: ScalarResult): void {
    this.writeBase(item, 'scalar');
    this.csv.writeDouble(item.value);
    this.finishRecord();
    this.writeAttrRecords(item);
  }

  parameter(item: ParameterResult): void {
    this.writeBase(item, 'param');
    this.csv.writeString(item.value);
    this.finishRecord();
    this.writeAttrRecords(item);
  }

  /** A statistic or a histogram row, then its attr rows. */
  statistic(item: StatisticResult): void {
    const csv = this.csv;
    this.writeBase(item, item.type);
    for (let i = 0; i < this.scalarColumns; i++) csv.writeBlank();
    const s = item.statistics;
    csv.writeInt(s.count);
    csv.writeDouble(s.sumWeights);
    csv.writeDouble(statisticsMean(s));
    csv.writeDouble(statisticsStddev(s));
    csv.writeDouble(s.min);
    csv.writeDouble(s.max);
    if (item.type === 'histogram') {
      const h = item.histogram ?? { binEdges: [], binValues: [], underflows: 0, overflows: 0 };
      csv.writeDouble(h.underflows);
      csv.writeDouble(h.overflows);
      this.writeList(h.binEdges);
      this.writeList(h.binValues);
    }
    this.finishRecord();
    this.writeAttrRecords(item);
  }

  /**
   * A vector row with its data (read from `data` twice: times, then values), then its attr
   * rows; yields text whenever enough has accumulated.
   */
  async *vector(vector: VectorResult, data: VectorDataSource): AsyncGenerator<string> {
    const csv = this.csv;
    this.writeBase(vector, 'vector');
    const skipped = this.scalarColumns + this.statisticColumns + this.histogramColumns;
    for (let i = 0; i < skipped; i++) csv.writeBlank();
    for (const column of ['time', 'value'] as const) {
      csv.beginRaw();
      csv.buf += '"';
      let first = true;
      for await (const batch of data.readVectorData(vector)) {
        for (const d of batch) {
          if (!first) csv.buf += ' ';
          first = false;
          csv.buf += column === 'time' ? d.simtime : csv.double(d.value);
        }
        if (csv.buf.length >= FLUSH_SIZE) yield this.take();
      }
      csv.buf += '"';
      csv.endRaw();
    }
    this.finishRecord();
    this.writeAttrRecords(vector);
  }

  private finishRecord(): void {
    this.csv.writeBlanks(this.columns.length - this.csv.column);
    this.csv.newLine();
  }

  private writeBase(item: ResultItem, type: string): void {
    this.csv.writeString(item.runName);
    this.csv.writeString(type);
    this.csv.writeString(item.module);
    this.csv.writeString(item.name);
    this.csv.writeBlank();
    this.csv.writeBlank();
  }

  private writeAttrRecords(item: ResultItem): void {
    const csv = this.csv;
    for (const [k, v] of item.attributes) {
      csv.writeString(item.runName);
      csv.writeString('attr');
      csv.writeString(item.module);
      csv.writeString(item.name);
      csv.writeString(k);
      csv.writeString(v);
      this.finishRecord();
    }
  }

  private writeList(values: readonly number[]): void {
    const csv = this.csv;
    csv.beginRaw();
    csv.buf += '"';
    for (let i = 0; i < values.length; i++) {
      if (i !== 0) csv.buf += ' ';
      csv.buf += csv.double(values[i] ?? NaN);
    }
    csv.buf += '"';
    csv.endRaw();
  }
}

/**
 * Yields the CSV-R text of the results in chunks. Vector data is read from `data` vector by
 * vector (twice: once for the times, once for the values), so memory use does not grow with
 * vector length.
 */
export function exportCsvRecords(
  results: ResultSet | BatchedResults,
  data: VectorDataSource,
  options: CsvExportOptions = {},
): AsyncGenerator<string> {
  return exportBatches(inBatches(results, options.runOrder), data, options);
}

async function* exportBatches(
  results: BatchedResults,
  data: VectorDataSource,
  options: CsvExportOptions,
): AsyncGenerator<string> {
  const types = options.types ?? ALL_TYPES;
  const present = results.present;
  const has = (t: ResultType): boolean => types.includes(t) && present.has(t);
  const out = new CsvRecordsFormatter(
    {
      scalars: has('scalar'),
      parameters: has('parameter'),
      statistics: has('statistic'),
      histograms: has('histogram'),
      vectors: has('vector'),
    },
    options,
  );
  out.header();

  const exported = ALL_TYPES.filter(has);
  for await (const batch of results.batches(exported, { runInfo: true, items: false }))
    for (const run of batch.runs) {
      out.runMetadata(run);
      if (out.buf.length >= FLUSH_SIZE) yield out.take();
    }

  // each block (scalars, parameters, statistics and histograms, vectors) run by run in the run
  // order above; a run's items in ID order (file run by file run, a file run's statistics
  // before its histograms)
  async function* inRunOrder(types: readonly ResultType[]): AsyncGenerator<ResultItem> {
    for await (const batch of results.batches(types, { runInfo: false, items: true }))
      yield* batch.results.itemsOfRuns(
        batch.runs.map((r) => r.runName),
        types,
      );
  }

  if (has('scalar'))
    for await (const item of inRunOrder(['scalar'])) {
      if (item.type === 'scalar') out.scalar(item);
      if (out.buf.length >= FLUSH_SIZE) yield out.take();
    }

  if (has('parameter'))
    for await (const item of inRunOrder(['parameter'])) {
      if (item.type === 'parameter') out.parameter(item);
      if (out.buf.length >= FLUSH_SIZE) yield out.take();
    }

  if (has('statistic') || has('histogram')) {
    const statTypes = ALL_TYPES.filter((t) => (t === 'statistic' || t === 'histogram') && has(t));
    for await (const item of inRunOrder(statTypes)) {
      if (item.type === 'statistic' || item.type === 'histogram') out.statistic(item);
      if (out.buf.length >= FLUSH_SIZE) yield out.take();
    }
  }

  if (has('vector'))
    for await (const item of inRunOrder(['vector'])) {
      if (item.type !== 'vector') continue;
      yield* out.vector(item, data);
      if (out.buf.length >= FLUSH_SIZE) yield out.take();
    }

  if (out.buf.length > 0) yield out.take();
}
