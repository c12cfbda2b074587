// OMNeT++ 6.1's SQLite result file schema (src/common/sqliteresultfileschema.cc), as the
// `sqlite3 .schema` of a file written by opp_run prints it: merged files created with this text
// carry the same table definitions, byte for byte, in their sqlite_master. (sqlite_sequence,
// which AUTOINCREMENT creates by itself, is left out.) Both the scalar and the vector file have
// every table, as OMNeT++'s writers create them.

export const SQLITE_RESULT_SCHEMA = `CREATE TABLE run
    (
        runId       INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
        runName     TEXT NOT NULL,
        simtimeExp  INTEGER NOT NULL
    );
CREATE TABLE runAttr
    (
        runId       INTEGER  NOT NULL REFERENCES run(runId) ON DELETE CASCADE,
        attrName    TEXT NOT NULL,
        attrValue   TEXT NOT NULL
    );
CREATE TABLE runItervar
    (
        runId       INTEGER  NOT NULL REFERENCES run(runId) ON DELETE CASCADE,
        itervarName TEXT NOT NULL,
        itervarValue TEXT NOT NULL
    );
CREATE TABLE runConfig
    (
        runId       INTEGER NOT NULL REFERENCES run(runId) ON DELETE CASCADE,
        configKey   TEXT NOT NULL,
        configValue TEXT NOT NULL,
        configOrder INTEGER NOT NULL
    );
CREATE TABLE scalar
    (
        scalarId      INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
        runId         INTEGER  NOT NULL REFERENCES run(runId) ON DELETE CASCADE,
        moduleName    TEXT NOT NULL,
        scalarName    TEXT NOT NULL,
        scalarValue   REAL        -- cannot be NOT NULL, because sqlite converts NaN double value to NULL
    );
CREATE TABLE scalarAttr
    (
        scalarId      INTEGER  NOT NULL REFERENCES scalar(scalarId) ON DELETE CASCADE,
        attrName      TEXT NOT NULL,
        attrValue     TEXT NOT NULL
    );
CREATE TABLE parameter
    (
        paramId       INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
        runId         INTEGER  NOT NULL REFERENCES run(runId) ON DELETE CASCADE,
        moduleName    TEXT NOT NULL,
        paramName     TEXT NOT NULL,
        paramValue    TEXT NOT NULL
    );
CREATE TABLE paramAttr
    (
        paramId       INTEGER  NOT NULL REFERENCES parameter(paramId) ON DELETE CASCADE,
        attrName      TEXT NOT NULL,
        attrValue     TEXT NOT NULL
    );
CREATE TABLE statistic
    (
        statId        INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
        runId         INTEGER NOT NULL REFERENCES run(runId) ON DELETE CASCADE,
        moduleName    TEXT NOT NULL,
        statName      TEXT NOT NULL,
        isHistogram   INTEGER NOT NULL,   -- actually, BOOL
        isWeighted    INTEGER NOT NULL,   -- actually, BOOL
        statCount     INTEGER NOT NULL,
        statMean      REAL,   -- note: computed; stored for convenience
        statStddev    REAL,   -- note: computed; stored for convenience
        statSum       REAL,
        statSqrsum    REAL,
        statMin       REAL,
        statMax       REAL,
        statWeights          REAL,  -- note: names of this and subsequent fields are consistent with textual sca file field names
        statWeightedSum      REAL,
        statSqrSumWeights    REAL,
        statWeightedSqrSum   REAL
    );
CREATE TABLE statisticAttr
    (
        statId        INTEGER NOT NULL REFERENCES statistic(statId) ON DELETE CASCADE,
        attrName      TEXT NOT NULL,
        attrValue     TEXT NOT NULL
    );
CREATE TABLE histogramBin
    (
        statId        INTEGER NOT NULL REFERENCES statistic(statId) ON DELETE CASCADE,
        lowerEdge     REAL NOT NULL,
        binValue      REAL NOT NULL
    );
CREATE TABLE vector
    (
        vectorId        INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
        runId           INTEGER NOT NULL REFERENCES run(runId) ON DELETE CASCADE,
        moduleName      TEXT NOT NULL,
        vectorName      TEXT NOT NULL,
        vectorCount     INTEGER,    -- cannot be NOT NULL because we fill it in later
        vectorMin       REAL,
        vectorMax       REAL,
        vectorSum       REAL,
        vectorSumSqr    REAL,
        startEventNum   INTEGER,
        endEventNum     INTEGER,
        startSimtimeRaw INTEGER,
        endSimtimeRaw   INTEGER

    );
CREATE TABLE vectorAttr
    (
        vectorId      INTEGER  NOT NULL REFERENCES vector(vectorId) ON DELETE CASCADE,
        attrName      TEXT NOT NULL,
        attrValue     TEXT NOT NULL
    );
CREATE TABLE vectorData
    (
        vectorId      INTEGER NOT NULL REFERENCES vector(vectorId) ON DELETE CASCADE,
        eventNumber   INTEGER NOT NULL,
        simtimeRaw    INTEGER NOT NULL,
        value         REAL  -- cannot be NOT NULL because of NaN values
    );
`;

/**
 * The index OMNeT++ adds with `output-vector-db-indexing = after`: readers fetch a vector's data
 * with `WHERE vectorId = ?`, which without it scans the whole table once per vector.
 */
export const VECTOR_DATA_INDEX = 'CREATE INDEX vectorData_idx ON vectorData (vectorId);';
