// OMNeT++ result files (.sca, .vec, .vci; the SQLite format is read by the adapters) as typed
// records, and exporters that reproduce opp_scavetool's output. Pure: no file access here.

export { ResultFileError } from './errors.js';
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
export { LineSplitter, splitLines, type TextLine } from './lines.js';
export * from './model.js';
export {
  ScalarFileParser,
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
  type FileRun,
  type RunMergePolicy,
  type VectorDataSource,
} from './result-set.js';
export { exportCsvRecords, type CsvExportOptions } from './csv-export.js';
export { exportJson, type JsonExportOptions } from './json-export.js';
export { formatTable, listResults, listRuns } from './query.js';
