/**
 * Memoization of parse results (and evaluation results) by expression text.
 */
import type { ExprNode } from './ast.js';
import { evaluate } from './eval.js';
import { parseExpression, type ExprOptions } from './parser.js';
import type { ExprValue } from './value.js';

type Entry =
  { ok: true; node: ExprNode; value?: ExprValue; error?: Error } | { ok: false; error: Error };

export interface ExpressionCache {
  /** `parseExpression(text)`, memoized; parse errors are memoized too (and rethrown). */
  parse(text: string): ExprNode;
  /** `evaluate(parseExpression(text))`, memoized (evaluation is pure and deterministic). */
  evaluate(text: string): ExprValue;
  /** Number of texts currently cached. */
  readonly size: number;
  clear(): void;
}

/**
 * An LRU cache of at most `maxEntries` expression texts, for evaluating the same (short)
 * expressions many times, e.g. a constraint for every candidate run.
 */
export function createExpressionCache(maxEntries = 10000, options?: ExprOptions): ExpressionCache {
  if (!(maxEntries >= 1)) throw new RangeError('maxEntries must be at least 1');
  const map = new Map<string, Entry>();

  const lookup = (text: string): Entry => {
    let e = map.get(text);
    if (e) {
      // move to the most recently used position
      map.delete(text);
      map.set(text, e);
      return e;
    }
    try {
      e = { ok: true, node: parseExpression(text, options) };
    } catch (error) {
      e = { ok: false, error: error as Error };
    }
    map.set(text, e);
    if (map.size > maxEntries) map.delete(map.keys().next().value as string);
    return e;
  };

  return {
    parse(text) {
      const e = lookup(text);
      if (!e.ok) throw e.error;
      return e.node;
    },
    evaluate(text) {
      const e = lookup(text);
      if (!e.ok) throw e.error;
      if (e.value !== undefined) return e.value;
      if (e.error !== undefined) throw e.error;
      try {
        e.value = evaluate(e.node);
        return e.value;
      } catch (error) {
        e.error = error as Error;
        throw error;
      }
    },
    get size() {
      return map.size;
    },
    clear() {
      map.clear();
    },
  };
}
