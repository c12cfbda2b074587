// `opp_scavetool export -F JSON`: OMNeT++ 6.1's JsonExporter (src/scave/jsonexporter.cc)
// writing through JsonWriter (src/common/jsonwriter.cc).
//
// Layout: one object keyed by run id; per run "attributes", "itervars", "config" (an array of
// one-line {key: value} objects, in order), then "scalars", "parameters", "statistics",
// "histograms", "vectors" arrays (each only when non-empty). Indentation is 4 spaces per
// level, keys are followed by " : ", doubles are %.14g (NaN as null, infinities as "inf" and
// "-inf" strings), number lists break after every 10 items.

import { formatG, formatInt64 } from './cnum.js';
import {
  statisticsMean,
  statisticsStddev,
  type AttributeMap,
  type ResultItem,
  type ResultType,
  type Statistics,
  type VectorResult,
} from './model.js';
import {
  inBatches,
  type BatchedResults,
  type ResultSet,
  type VectorDataSource,
} from './result-set.js';
import type { SimTime } from './simtime.js';
import { quoteString } from './tokenizer.js';

export interface JsonExportOptions {
  /** Significant digits of doubles (default 14). */
  readonly precision?: number;
  /** Spaces per indentation level (default 4). */
  readonly indentSize?: number;
  /** Python-flavoured output (True/False, float('nan'), a banner comment); default false. */
  readonly pythonFlavoured?: boolean;
  /** With pythonFlavoured: write number lists as NumPy arrays (default true). */
  readonly useNumpy?: boolean;
  /** Leave out result attributes (default false). */
  readonly skipResultAttributes?: boolean;
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

interface Container {
  readonly array: boolean;
  readonly oneLiner: boolean;
}

/** JsonWriter: containers, separators and indentation, into `buf`. */
class JsonWriter {
  buf = '';
  private readonly stack: Container[] = [];
  private empty = true;
  nanStr = 'null';
  infStr = '"inf"';
  negInfStr = '"-inf"';

  constructor(
    private readonly prec: number,
    private readonly indent: number,
  ) {}

  newLine(relDepth = 0): void {
    const top = this.stack[this.stack.length - 1];
    if (top?.oneLiner) this.buf += ' ';
    else this.buf += '\n' + ' '.repeat(Math.max(0, this.indent * (this.stack.length + relDepth)));
  }

  private keyEtc(key: string): void {
    if (!this.empty) this.buf += ',';
    else this.empty = false;
    this.newLine();
    this.buf += quoteString(key) + ' : ';
  }

  private arraySep(): void {
    if (!this.empty) this.buf += ',';
    else this.empty = false;
    this.newLine();
  }

  double(v: number): string {
    if (Number.isFinite(v)) return formatG(v, this.prec);
    if (v === Infinity) return this.infStr;
    if (v === -Infinity) return this.negInfStr;
    return this.nanStr;
  }

  bigDecimal(t: SimTime): string {
    if (t === '+Inf') return this.infStr;
    if (t === '-Inf') return this.negInfStr;
    if (t === 'NaN' || t === 'Nil') return this.nanStr;
    return t;
  }

  private open(array: boolean, key: string | undefined, oneLiner: boolean): void {
    const top = this.stack[this.stack.length - 1];
    if (key !== undefined) this.keyEtc(key);
    else if (top !== undefined) this.arraySep();
    this.stack.push({ array, oneLiner: oneLiner || (top?.oneLiner ?? false) });
    this.buf += array ? '[' : '{';
    this.empty = true;
  }

  openObject(key?: string, oneLiner = false): void {
    this.open(false, key, oneLiner);
  }

  openArray(key?: string): void {
    this.open(true, key, false);
  }

  close(): void {
    const top = this.stack[this.stack.length - 1];
    this.newLine(-1);
    this.buf += top?.array ? ']' : '}';
    this.stack.pop();
    this.empty = false;
    if (this.stack.length === 0) this.buf += '\n';
  }

  writeString(key: string, value: string): void {
    this.keyEtc(key);
    this.buf += quoteString(value);
  }

  writeDouble(key: string, value: number): void {
    this.keyEtc(key);
    this.buf += this.double(value);
  }

  writeInt(key: string, value: number): void {
    this.keyEtc(key);
    this.buf += formatInt64(value);
  }

  startRawValue(key: string): void {
    this.keyEtc(key);
  }
}

/**
 * Yields the JSON text of the results in chunks. Vector data is read from `data` once per
 * exported list (time, value, event number), so memory use does not grow with vector length.
 */
export function exportJson(
  results: ResultSet | BatchedResults,
  data: VectorDataSource,
  options: JsonExportOptions = {},
): AsyncGenerator<string> {
  return exportBatches(inBatches(results, options.runOrder), data, options);
}

async function* exportBatches(
  batched: BatchedResults,
  data: VectorDataSource,
  options: JsonExportOptions,
): AsyncGenerator<string> {
  const w = new JsonWriter(options.precision ?? 14, options.indentSize ?? 4);
  const python = options.pythonFlavoured ?? false;
  const numpy = python && (options.useNumpy ?? true);
  const skipAttrs = options.skipResultAttributes ?? false;
  const types = options.types ?? ALL_TYPES;
  if (python) {
    w.nanStr = numpy ? 'np.nan' : "float('nan')";
    w.infStr = numpy ? 'np.inf' : "float('inf')";
    w.negInfStr = numpy ? '-np.inf' : "float('-inf')";
    w.buf += `# To load into Python, use: ${numpy ? 'import numpy as np; ' : ''}results = eval(open(filename).read())\n`;
  }

  const writeMap = (key: string, map: AttributeMap): void => {
    w.openObject(key);
    for (const [k, v] of map) w.writeString(k, v);
    w.close();
  };
  const listProlog = (): void => {
    w.buf += numpy ? 'np.array([' : '[';
  };
  const listEpilog = (): void => {
    w.buf += numpy ? '],  dtype=np.float64)' : ']';
  };
  const listItem = (i: number, text: string): void => {
    if (i > 0) w.buf += ', ';
    if (i % 10 === 0 && i > 0) w.newLine(1);
    w.buf += text;
  };
  const writeNumbers = (key: string, values: readonly number[]): void => {
    w.startRawValue(key);
    listProlog();
    values.forEach((v, i) => listItem(i, w.double(v)));
    listEpilog();
  };
  const writeFields = (s: Statistics): void => {
    w.writeInt('count', s.count);
    w.writeDouble('mean', statisticsMean(s));
    w.writeDouble('stddev', statisticsStddev(s));
    w.writeDouble('min', s.min);
    w.writeDouble('max', s.max);
    if (!s.weighted) {
      w.writeDouble('sum', s.sumWeightedValues);
      w.writeDouble('sqrsum', s.sumWeightedSquaredValues);
    } else {
      w.writeDouble('weights', s.sumWeights);
      w.writeDouble('weightedSum', s.sumWeightedValues);
      w.writeDouble('sqrSumWeights', s.sumSquaredWeights);
      w.writeDouble('weightedSqrSum', s.sumWeightedSquaredValues);
    }
  };
  const head = (item: ResultItem): void => {
    w.openObject();
    w.writeString('module', item.module);
    w.writeString('name', item.name);
  };
  const attrs = (item: ResultItem): void => {
    if (!skipAttrs && item.attributes.size > 0) writeMap('attributes', item.attributes);
  };

  w.openObject();
  const exported = ALL_TYPES.filter((t) => types.includes(t));
  for await (const { runs, results } of batched.batches(exported, { runInfo: true, items: true }))
    for (const run of runs) {
      const inRun = (t: ResultType): ResultItem[] =>
        types.includes(t) ? results.itemsOfRun(run.runName, t) : [];
      w.openObject(run.runName);
      writeMap('attributes', run.attributes);
      writeMap('itervars', run.itervars);
      w.openArray('config');
      for (const [k, v] of run.configEntries) {
        w.openObject(undefined, true);
        w.writeString(k, v);
        w.close();
      }
      w.close();

      const scalars = inRun('scalar');
      if (scalars.length > 0) {
        w.openArray('scalars');
        for (const item of scalars) {
          if (item.type !== 'scalar') continue;
          head(item);
          w.writeDouble('value', item.value);
          attrs(item);
          w.close();
        }
        w.close();
      }

      const parameters = inRun('parameter');
      if (parameters.length > 0) {
        w.openArray('parameters');
        for (const item of parameters) {
          if (item.type !== 'parameter') continue;
          head(item);
          w.writeString('value', item.value);
          attrs(item);
          w.close();
        }
        w.close();
      }

      for (const [key, t] of [
        ['statistics', 'statistic'],
        ['histograms', 'histogram'],
      ] as const) {
        const items = inRun(t);
        if (items.length === 0) continue;
        w.openArray(key);
        for (const item of items) {
          if (item.type !== 'statistic' && item.type !== 'histogram') continue;
          head(item);
          attrs(item);
          writeFields(item.statistics);
          if (item.type === 'histogram') {
            const h = item.histogram ?? {
              binEdges: [],
              binValues: [],
              underflows: 0,
              overflows: 0,
            };
            w.writeDouble('underflows', h.underflows);
            w.writeDouble('overflows', h.overflows);
            writeNumbers('binedges', h.binEdges);
            writeNumbers('binvalues', h.binValues);
          }
          w.close();
        }
        w.close();
        if (w.buf.length >= FLUSH_SIZE) {
          yield w.buf;
          w.buf = '';
        }
      }

      const vectors = inRun('vector');
      if (vectors.length > 0) {
        w.openArray('vectors');
        for (const item of vectors) {
          if (item.type !== 'vector') continue;
          const vector: VectorResult = item;
          head(vector);
          attrs(vector);
          let count = 0;
          for (const column of ['time', 'value', 'eventnumber'] as const) {
            if (column === 'eventnumber' && count === 0) break; // no data: no event number list
            w.startRawValue(column);
            listProlog();
            let i = 0;
            for await (const batch of data.readVectorData(vector)) {
              for (const d of batch) {
                const text =
                  column === 'time'
                    ? w.bigDecimal(d.simtime)
                    : column === 'value'
                      ? w.double(d.value)
                      : formatInt64(d.eventNumber);
                listItem(i++, text);
              }
              if (w.buf.length >= FLUSH_SIZE) {
                yield w.buf;
                w.buf = '';
              }
            }
            count = i;
            listEpilog();
          }
          w.close();
        }
        w.close();
      }

      w.close(); // run
      if (w.buf.length >= FLUSH_SIZE) {
        yield w.buf;
        w.buf = '';
      }
    }
  w.close();
  if (w.buf.length > 0) yield w.buf;
}
