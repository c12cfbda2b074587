// OMNeT++ 6.1 config options of type string, filename or filenames (Register_*ConfigOption with
// CFG_STRING/CFG_FILENAME/CFG_FILENAMES in src/). When OMNeT++ records config entries in result
// files, a quoted value of such an option is written unquoted (ResultFileUtils,
// removeOptionalQuotes); values of other keys are written as they are.
export const STRING_OPTIONS: ReadonlySet<string> = new Set(
  (
    'cmdenv-config-name cmdenv-log-prefix cmdenv-output-file cmdenv-runs-to-execute configuration-class ' +
    'constraint debugger-attach-command description eventlog-file eventlogmanager-class experiment-label ' +
    'extends fingerprint fingerprint-events fingerprint-ingredients fingerprint-modules fingerprint-results ' +
    'fingerprintcalculator-class futureeventset-class iteration-nesting-order load-libs measurement-label ' +
    'network output-scalar-file output-vector-file outputscalarmanager-class outputvectormanager-class ' +
    'parsim-communications-class parsim-filecommunications-prefix parsim-filecommunications-read-prefix ' +
    'parsim-namedpipecommunications-prefix parsim-nullmessageprotocol-lookahead-class ' +
    'parsim-synchronization-class qtenv-default-config qtenv-default-run replication-label result-dir ' +
    'rng-class scheduler-class sectionbasedconfig-configreader-class snapshot-file snapshotmanager-class ' +
    'user-interface cmdenv-log-level display-name display-string partition-id result-recording-modes typename'
  ).split(' '),
);
