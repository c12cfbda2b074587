// Parser for OMNeT++'s line-oriented result files (.sca, versions 2 and 3), with the
// semantics of OMNeT++ 6.1's OmnetppResultFileLoader (src/scave/omnetppresultfileloader.cc):
// an item (run header, scalar, parameter, statistic, vector declaration) is complete when the
// next item's line arrives, so records come out one line late, and at end().

import { parseCDouble, parseCInt, toInt64 } from './cnum.js';
import { ResultFileError } from './errors.js';
import {
  makeUnweightedStatistics,
  type AttributeMap,
  makeWeightedStatistics,
  sortedMap,
  type ResultItem,
  type RunInfo,
  type Statistics,
} from './model.js';
import { TokenizeError, tokenizeLine } from './tokenizer.js';

/** A run header (the `run` line and the attr/itervar/config lines after it). */
export interface RunRecord {
  readonly type: 'run';
  readonly run: RunInfo;
  readonly file: string;
  /** Line of the `run` line (text files only). */
  readonly line?: number | undefined;
}

export type ScaRecord = RunRecord | ResultItem;

export interface TextParserOptions {
  /**
   * Accept a last line without a line terminator. OMNeT++ always ends its result files with a
   * newline, so by default such a line is reported as a truncated file.
   */
  readonly allowUnterminatedLastLine?: boolean;
}

type ItemType =
  | 'none'
  | 'run'
  | 'scalar'
  | 'parameter'
  | 'vector'
  | 'statistic'
  | 'histogram'
  /** After completeItem: under the run, with no item (and the run's header taken already). */
  | 'between';

interface Fields {
  count: number;
  min: number;
  max: number;
  sum: number;
  sumSquares: number;
  sumWeights: number;
  sumWeightedValues: number;
  sumSquaredWeights: number;
  sumWeightedSquaredValues: number;
}

const freshFields = (): Fields => ({
  count: -1,
  min: NaN,
  max: NaN,
  sum: NaN,
  sumSquares: NaN,
  sumWeights: NaN,
  sumWeightedValues: NaN,
  sumSquaredWeights: NaN,
  sumWeightedSquaredValues: NaN,
});

const NO_RECORDS: readonly ScaRecord[] = Object.freeze([]);
const NO_ATTRIBUTES: AttributeMap = new Map();

/**
 * Before version 5.1 iteration variables were saved as run attributes only: move the ones
 * named in the "iterationvars" attribute into itervars (when there are no itervar lines).
 */
export function separateItervarsFromAttrs(
  attrs: Map<string, string>,
  itervars: Map<string, string>,
): void {
  if (itervars.size > 0) return;
  const spec = attrs.get('iterationvars') ?? '';
  if (spec === '') return;
  for (const rawPart of spec.split(',')) {
    const part = rawPart.replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, '');
    const eq = part.indexOf('=');
    const before = eq < 0 ? '' : part.slice(0, eq);
    const dollar = before.indexOf('$');
    const name = dollar < 0 ? '' : before.slice(dollar + 1);
    const value = attrs.get(name);
    if (value !== undefined) {
      itervars.set(name, value);
      attrs.delete(name);
    }
  }
}

/** A run header with iteration variables separated from attributes (version 2 files), sorted. */
export function normalizeRun(run: RunInfo): RunInfo {
  const attrs = new Map(run.attributes);
  const itervars = new Map(run.itervars);
  separateItervarsFromAttrs(attrs, itervars);
  return { ...run, attributes: sortedMap(attrs), itervars: sortedMap(itervars) };
}

/**
 * Push-style parser for a text result file: feed it lines in order, collect the records it
 * returns. Throws ResultFileError (file:line: reason) on malformed input.
 */
export class ScalarFileParser {
  private lineNo = 0;
  private itemType: ItemType = 'none';
  private itemLine = 0;
  private runName = '';
  private runLine = 0;
  private configEntries: Array<readonly [string, string]> = [];
  private module = '';
  private name = '';
  private attrs = new Map<string, string>();
  private itervars = new Map<string, string>();
  private vectorId = -1;
  private vectorColumns = '';
  private scalarValue = NaN;
  private paramValue = '';
  private fields = freshFields();
  private binEdges: number[] = [];
  private binValues: number[] = [];
  private ended = false;

  /** `firstLineNo`: the number of the first line pushed (a reader starting mid-file, at a `run` line). */
  constructor(
    readonly fileName: string,
    private readonly options: TextParserOptions = {},
    firstLineNo = 1,
  ) {
    this.lineNo = firstLineNo - 1;
  }

  /** The line number of the last `run` line read (0 before the first). */
  get runLineNo(): number {
    return this.runLine;
  }

  private fail(reason: string, line = this.lineNo): never {
    throw new ResultFileError(reason, this.fileName, line);
  }

  private check(cond: boolean, reason: string): void {
    if (!cond) this.fail(reason);
  }

  /** Feeds the next line (without its terminator). `terminated` is false for a last line without one. */
  pushLine(text: string, terminated = true): readonly ScaRecord[] {
    const out: ScaRecord[] = [];
    this.pushLineInto(out, text, terminated);
    return out.length === 0 ? NO_RECORDS : out;
  }

  /** pushLine, with the records the line completes appended to `out`. */
  pushLineInto(out: ScaRecord[], text: string, terminated = true): void {
    if (this.ended) throw new Error('ScalarFileParser: pushLine() after end()');
    this.lineNo++;
    let tokens: string[];
    try {
      tokens = tokenizeLine(text);
    } catch (e) {
      if (e instanceof TokenizeError) this.fail(e.message);
      throw e;
    }
    if (!terminated && !this.options.allowUnterminatedLastLine && tokens.length > 0)
      this.fail('last line has no line terminator (truncated file?)');
    this.processLine(tokens, out);
  }

  /**
   * Passes over the next line (counted, not read): for a reader that leaves out items of a type
   * it does not want, the item's line and the attr, field and bin lines after it (the file was
   * checked whole before).
   */
  skipLine(): void {
    this.lineNo++;
  }

  /**
   * Completes the item (or run header) being read, as the next item's line would, its record
   * appended to `out`: for a caller that reads the lines between items itself.
   */
  completeItem(out: ScaRecord[]): void {
    if (this.ended) throw new Error('ScalarFileParser: completeItem() after end()');
    this.flush(out);
    if (this.itemType !== 'none') this.itemType = 'between';
  }

  /** Signals the end of input; returns the last pending record(s). */
  end(): readonly ScaRecord[] {
    this.ended = true;
    const out: ScaRecord[] = [];
    this.flush(out);
    return out;
  }

  private processLine(vec: string[], out: ScaRecord[]): void {
    const n = vec.length;
    const first = vec[0];
    if (first === undefined || first.charCodeAt(0) === 35) return; // '#': a comment
    switch (first) {
      case 'version': {
        this.check(n === 2, "incorrect 'version' line -- version <number> expected");
        const version = parseCInt(vec[1] ?? '');
        this.check(version !== undefined, 'version is not a number');
        this.check(
          version === 2 || version === 3,
          'unsupported file version (version 2 or version 3 expected)',
        );
        return;
      }
      case 'run':
        this.flush(out);
        this.check(n === 2, "incorrect 'run' line -- run <runID> expected");
        this.itemType = 'run';
        this.runName = vec[1] ?? '';
        this.runLine = this.lineNo;
        return;
      case 'scalar': {
        this.flush(out);
        this.check(this.itemType !== 'none', "stray 'scalar' line, must be under a 'run'");
        this.check(
          n === 4,
          "incorrect 'scalar' line -- scalar <module> <scalarname> <value> expected",
        );
        const value = parseCDouble(vec[3] ?? '');
        this.check(value !== undefined, 'invalid value column');
        this.startItem('scalar', vec);
        this.scalarValue = value ?? NaN;
        return;
      }
      case 'par':
        this.flush(out);
        this.check(this.itemType !== 'none', "stray 'par' line, must be under a 'run'");
        this.check(n === 4, "incorrect 'par' line -- par <module> <paramname> <value> expected");
        this.startItem('parameter', vec);
        this.paramValue = vec[3] ?? '';
        return;
      case 'vector': {
        this.flush(out);
        this.check(this.itemType !== 'none', "stray 'vector' line, must be under a 'run'");
        this.check(
          n === 4 || n === 5,
          "incorrect 'vector' line -- vector <id> <module> <vectorname> [<columns>] expected",
        );
        const id = parseCInt(vec[1] ?? '');
        this.check(id !== undefined, 'invalid vector id in vector definition');
        const columns = vec[4];
        this.itemType = 'vector';
        this.itemLine = this.lineNo;
        this.vectorId = id ?? -1;
        this.module = vec[2] ?? '';
        this.name = vec[3] ?? '';
        this.vectorColumns = columns === undefined || /^[0-9]/.test(columns) ? 'TV' : columns;
        return;
      }
      case 'statistic':
        this.flush(out);
        this.check(this.itemType !== 'none', "stray 'statistic' line, must be under a 'run'");
        this.check(
          n === 3,
          "incorrect 'statistic' line -- statistic <module> <statisticname> expected",
        );
        this.itemType = 'statistic';
        this.itemLine = this.lineNo;
        this.module = vec[1] ?? '';
        this.name = vec[2] ?? '';
        return;
      case 'field': {
        this.check(
          this.itemType === 'statistic',
          "stray 'field' line, must be under a 'statistic'",
        );
        this.check(n === 3, "incorrect 'field' line -- field <name> <value> expected");
        const value = parseCDouble(vec[2] ?? '');
        this.check(value !== undefined, 'invalid scalar file: invalid field value');
        this.setField(vec[1] ?? '', value ?? NaN);
        return;
      }
      case 'bin': {
        if (this.itemType === 'statistic') this.itemType = 'histogram';
        this.check(this.itemType === 'histogram', "stray 'bin' line, must be under a 'statistic'");
        this.check(n === 3, "incorrect 'bin' line -- bin <lowerBound> <value> expected");
        const edge = parseCDouble(vec[1] ?? '');
        this.check(edge !== undefined, 'invalid bin edge');
        const value = parseCDouble(vec[2] ?? '');
        this.check(value !== undefined, 'invalid bin value');
        const e = edge ?? NaN;
        const v = value ?? NaN;
        const last = this.binEdges.length - 1;
        if (last < 0 || e > (this.binEdges[last] ?? NaN)) {
          this.binEdges.push(e);
          this.binValues.push(v);
        } else if (e === this.binEdges[last]) {
          // nearly-equal edges printed with too few digits: OMNeT++ merges the bins
          this.binValues[last] = (this.binValues[last] ?? 0) + v;
        } else this.fail('bin edges must be increasing');
        return;
      }
      case 'attr':
        this.check(this.itemType !== 'none', "stray 'attr' line");
        this.check(n === 3, "incorrect 'attr' line -- attr <name> <value> expected");
        this.attrs.set(vec[1] ?? '', vec[2] ?? '');
        return;
      case 'itervar':
        this.check(this.itemType === 'run', "stray 'itervar' line, must be under a 'run' line");
        this.check(n === 3, "incorrect 'itervar' line -- itervar <name> <value> expected");
        this.itervars.set(vec[1] ?? '', vec[2] ?? '');
        return;
      case 'config':
        this.check(this.itemType === 'run', "stray 'config' line, must be under a 'run' line");
        this.check(n === 3, "incorrect 'config' line -- config <key> <value> expected");
        this.configEntries.push([vec[1] ?? '', vec[2] ?? '']);
        return;
      case 'param':
        // obsolete form of "config", only for parameter assignments
        this.check(this.itemType === 'run', "stray 'param' line, must be under a 'run' line");
        this.check(n === 3, "incorrect 'param' line -- param <namePattern> <value> expected");
        this.configEntries.push([vec[1] ?? '', vec[2] ?? '']);
        return;
      default:
        if (/^[0-9]/.test(first) && n >= 3) {
          // a vector data line: not loaded from here
          this.check(n === 3 || n === 4, 'incorrect vector data line -- 3 or 4 items expected');
          return;
        }
        this.fail('unrecognized line');
    }
  }

  private startItem(type: ItemType, vec: string[]): void {
    this.itemType = type;
    this.itemLine = this.lineNo;
    this.module = vec[1] ?? '';
    this.name = vec[2] ?? '';
  }

  private setField(name: string, value: number): void {
    const f = this.fields;
    switch (name) {
      case 'count':
        f.count = toInt64(value);
        break;
      case 'min':
        f.min = value;
        break;
      case 'max':
        f.max = value;
        break;
      case 'sum':
        f.sum = value;
        break;
      case 'sqrsum':
        f.sumSquares = value;
        break;
      case 'weights':
        f.sumWeights = value;
        break;
      case 'weightedSum':
        f.sumWeightedValues = value;
        break;
      case 'sqrSumWeights':
        f.sumSquaredWeights = value;
        break;
      case 'weightedSqrSum':
        f.sumWeightedSquaredValues = value;
        break;
      default:
        break; // other fields (mean, stddev) are computed, not stored
    }
  }

  private statistics(): Statistics {
    const f = this.fields;
    if (Number.isNaN(f.sumWeights))
      return makeUnweightedStatistics(f.count, f.min, f.max, f.sum, f.sumSquares);
    return makeWeightedStatistics(
      f.count,
      f.min,
      f.max,
      f.sumWeights,
      f.sumWeightedValues,
      f.sumSquaredWeights,
      f.sumWeightedSquaredValues,
    );
  }

  /** The item's attributes in order (most items have none: one empty map shared by them). */
  private itemAttributes(): AttributeMap {
    return this.attrs.size === 0 ? NO_ATTRIBUTES : sortedMap(this.attrs);
  }

  private flush(out: ScaRecord[]): void {
    switch (this.itemType) {
      case 'none':
      case 'between':
        return;
      case 'run': {
        const attrs = new Map(this.attrs);
        const itervars = new Map(this.itervars);
        separateItervarsFromAttrs(attrs, itervars);
        out.push({
          type: 'run',
          run: {
            runName: this.runName,
            attributes: sortedMap(attrs),
            itervars: sortedMap(itervars),
            configEntries: this.configEntries,
          },
          file: this.fileName,
          line: this.runLine,
        });
        if (this.itervars.size > 0) this.itervars = new Map();
        this.configEntries = [];
        break;
      }
      // the records are written out field by field (not spread from a common object): this
      // runs for every line of a scalar file
      case 'scalar':
        out.push({
          runName: this.runName,
          module: this.module,
          name: this.name,
          file: this.fileName,
          line: this.itemLine,
          type: 'scalar',
          attributes: this.itemAttributes(),
          value: this.scalarValue,
        });
        this.scalarValue = NaN;
        break;
      case 'parameter':
        out.push({
          runName: this.runName,
          module: this.module,
          name: this.name,
          file: this.fileName,
          line: this.itemLine,
          type: 'parameter',
          attributes: this.itemAttributes(),
          value: this.paramValue,
        });
        this.paramValue = '';
        break;
      case 'vector':
        out.push({
          runName: this.runName,
          module: this.module,
          name: this.name,
          file: this.fileName,
          line: this.itemLine,
          type: 'vector',
          attributes: this.itemAttributes(),
          vectorId: this.vectorId,
          columns: this.vectorColumns,
          summary: undefined,
        });
        this.vectorId = -1;
        break;
      case 'statistic':
        out.push({
          runName: this.runName,
          module: this.module,
          name: this.name,
          file: this.fileName,
          line: this.itemLine,
          type: 'statistic',
          attributes: this.itemAttributes(),
          statistics: this.statistics(),
        });
        this.fields = freshFields();
        break;
      case 'histogram': {
        const edges = this.binEdges;
        const values = this.binValues;
        // every bin line adds an edge and a value: the first is the underflow bin (-inf edge),
        // the last value the overflow
        if (values.length < 2)
          this.fail('number of bin edges and bin values do not match', this.itemLine);
        out.push({
          runName: this.runName,
          module: this.module,
          name: this.name,
          file: this.fileName,
          line: this.itemLine,
          type: 'histogram',
          attributes: this.itemAttributes(),
          statistics: this.statistics(),
          histogram: {
            binEdges: edges.slice(1),
            binValues: values.slice(1, -1),
            underflows: values[0] ?? 0,
            overflows: values[values.length - 1] ?? 0,
          },
        });
        this.fields = freshFields();
        this.binEdges = [];
        this.binValues = [];
        break;
      }
    }
    // what a record took is fresh for the next item (the rest was left as it was)
    this.itemType = 'run';
    this.module = '';
    this.name = '';
    if (this.attrs.size > 0) this.attrs = new Map();
  }
}
