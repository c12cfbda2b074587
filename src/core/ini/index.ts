export { IniConfig, ConfigRuns, DEFAULT_MAX_RUNS, type RunInfo } from './config.js';
export { IniError, TooManyRunsError, type SourceLocation } from './errors.js';
export {
  readIniFiles,
  type IniDocument,
  type IniEntry,
  type IniSection,
  type LoadText,
} from './reader.js';
export { query, listConfigs, QUERIES, type Query, type QueryOptions } from './query.js';
export {
  selectRuns,
  matchesFilter,
  parseRunNumberList,
  RunList,
  type RunSelection,
} from './run-filter.js';
export type { VarMap, RuntimeValues } from './run-vars.js';
export { hasRawBytes, iniBytes, iniText, latin1Json, latin1Name } from './text.js';
