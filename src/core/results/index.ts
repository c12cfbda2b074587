// OMNeT++ result files (.sca, .vec, .vci; the SQLite format is read by the adapters) as typed
// records, and exporters that reproduce opp_scavetool's output. Pure: no file access here.

export { ResultFileError, runConflict } from './errors.js';
export {
  formatG,
  formatInt64,
  parseCDouble,
  parseCInt,
  parseCInt64,
  parseCLong,
  strtodFull,
} from './cnum.js';
export {
  SIMTIME_NIL,
  bigDecimalText,
  parseSimtime,
  simtimeFromDouble,
  simtimeFromRaw,
  simtimeToNumber,
  type SimTime,
} from './simtime.js';
export { TokenizeError, quoteString, tokenizeLine } from './tokenizer.js';
export {
  decodeLine,
  decodeLines,
  LineSplitter,
  splitLines,
  TextLineSplitter,
  type TextLine,
} from './lines.js';
export * from './model.js';
export {
  ScalarFileParser,
  normalizeRun,
  separateItervarsFromAttrs,
  type RunRecord,
  type ScaRecord,
  type TextParserOptions,
} from './sca-parser.js';
export {
  VectorBlockReader,
  VectorFileIndexer,
  VectorFileParser,
  VectorIndexEntry,
  VectorIndexFileParser,
  fingerprintFromIndexLines,
  isIndexUpToDate,
  resultsFromIndex,
  type FileFingerprint,
  type IndexedVector,
  type VectorBlock,
  type VectorDataLine,
  type VectorFileIndex,
  type VectorFileParserOptions,
} from './vec-parser.js';
export {
  ResultSet,
  orderRuns,
  inBatches,
  filterResults,
  type BatchedResults,
  type ResultBatch,
  type FileRun,
  type RunMergePolicy,
  type VectorDataSource,
} from './result-set.js';
export { RunCsvRows, storedRunCsv, storedRunCsvOfRows, type RunCsv } from './stored-run-csv.js';
export {
  CsvRecordsFormatter,
  exportCsvRecords,
  type CsvContents,
  type CsvExportOptions,
} from './csv-export.js';
export { exportJson, type JsonExportOptions } from './json-export.js';
export { formatTable, listResults, listRuns } from './query.js';
export { compareRunKeys, runSortKey, sortRunsForOutput, type RunSortKey } from './run-order.js';
export { RunBriefs, briefRun, BRIEF_ATTRIBUTES } from './run-brief.js';
export { SQLITE_RESULT_SCHEMA, VECTOR_DATA_INDEX } from './sqlite-schema.js';
export {
  DEFAULT_SIMTIME_EXP,
  VectorSummaryCollector,
  histogramBinRows,
  histogramFromBinRows,
  simtimeExpOf,
  simtimeToRaw,
  statisticRow,
  statisticsFromRow,
  type StatisticRow,
} from './sqlite-encoding.js';
export {
  FILTER_FIELDS,
  FilterSyntaxError,
  parseResultFilter,
  type ResultFilter,
} from './filter.js';
export {
  planMerge,
  type MergeKind,
  type MergePlan,
  type PlannedFile,
  type RunInFile,
  type ScannedInput,
  type ScannedRun,
} from './merge-plan.js';
export {
  BASE_COLUMNS,
  JOURNAL_COLUMNS,
  formatCsv,
  journalColumns,
  journalOnlyRow,
  csvColumn,
  parseCsv,
  parseItervarsText,
  parseRunsCsv,
  previousJournalInfo,
  resultRunRow,
  runsTable,
  type RunsRow,
} from './runs-table.js';
