// File access for OMNeT++ result files: text (.sca, .vec/.vci) via streams, SQLite via
// node:sqlite; produces the records of src/core/results.

export { readLineBatches, readScalarFile, type LineReadOptions } from './text-files.js';
export {
  fileFingerprint,
  indexFileName,
  loadVectorIndex,
  readIndexFile,
  readVectorBlocks,
  readVectorFile,
  scanVectorFile,
  type LoadedVectorIndex,
  type VectorFileContents,
  type VectorIndexOptions,
} from './vector-files.js';
export {
  isSqliteFile,
  readSqliteFile,
  readSqliteVectorData,
  type SqliteFileContents,
} from './sqlite-files.js';
export {
  FileVectorDataSource,
  collectResultFiles,
  loadResults,
  readResultFile,
  resultFileFormat,
  writeExport,
  type LoadedResults,
  type ReadOptions,
  type ResultFileFormat,
} from './load.js';
