// The campaign report (report.html and the step summary's scalar table), built from journal
// facts and results. Pure: the app layer reads the files and writes the page.

export { buildReportModel, type ReportInput } from './build.js';
export { meanCi, studentTwoSidedCdf, tQuantile95, type MeanCi } from './confidence.js';
export {
  escapeHtml,
  missingNote,
  missingNotes,
  noResults,
  oneRun,
  scalarWarnings,
  pageData,
  renderReportHtml,
} from './html.js';
export { formatValue, scalarsMarkdown } from './markdown.js';
export * from './model.js';
export type { CampaignFacts } from './provenance.js';
export { factsOfResults, joinRuns, type JoinedRun, type ResultRun } from './runs.js';
export {
  MAX_DEFAULT_SCALARS,
  ScalarSpecError,
  defaultScalarChoices,
  parseScalarSpec,
  runValue,
  type ScalarChoice,
} from './scalar-choice.js';
