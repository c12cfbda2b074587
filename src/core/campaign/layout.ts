// Where a campaign's results folder (OUT) keeps what: the merged dataset at its top (results.sca,
// a .vec per run, scalars.csv, runs.csv, report.html), each successful run's own files in
// RUNS_DIR, opp-campaign's bookkeeping in .opp-campaign/. RUNS_DIR is a dot folder because
// OMNeT++'s tools search a folder recursively but skip dot folders: `opp_scavetool export
// results` (and omnetpp.scave, through the same C++ loader) then sees each run once, in the
// merged files, and not a second time in the per-run files they were merged from.

/** Each successful run's own result files, relative to OUT. */
export const RUNS_DIR = '.runs';

/** The merged dataset's one SQLite vector file (`--vectors sqlite`), at OUT's top. */
export const RESULTS_VEC = 'results.vec';

/** Where earlier versions kept the per-run files (no dot): moved to RUNS_DIR when found. */
export const LEGACY_RUNS_DIR = 'runs';

/** A journal's file path (relative to OUT) as it is today: `runs/x.sca` -> `.runs/x.sca`. */
export function currentRunPath(path: string): string {
  const prefix = LEGACY_RUNS_DIR + '/';
  return path.startsWith(prefix) ? RUNS_DIR + '/' + path.slice(prefix.length) : path;
}
