// The chosen scalars per iteration-variable value as Markdown, for the merge job's step summary
// (GitHub renders it on the workflow page).

import { visible } from '../campaign/failure-cause.js';
import type { ReportModel, ScalarTableRow } from './model.js';

const MAX_ROWS = 200;

/** Four significant digits, without trailing zeros; exponents for very large or small values. */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a !== 0 && (a >= 1e6 || a < 1e-3)) return v.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Number(v.toPrecision(4)));
}

/**
 * Text from runs (a failure's message, iteration values, a config name) as an inline code span:
 * GitHub shows it as it is, not as HTML (`<img>`, an unclosed `<!--` that would hide the rest of
 * a comment), a link, an image nor a mention (`@octocat`). The fence is longer than any run of
 * backticks in it.
 */
export function codeSpan(s: string): string {
  const flat = visible(s.replace(/\r?\n/g, ' '));
  if (flat === '') return '';
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** A table cell: a pipe would end it, in a code span too (GFM tables split cells first). */
const cell = (s: string): string => s.replace(/\|/g, '\\|');

function ci(r: ScalarTableRow): string {
  return r.lo === null || r.hi === null ? '' : `${formatValue(r.lo)} … ${formatValue(r.hi)}`;
}

/**
 * One table per chosen scalar: for each value of each iteration variable, the number of runs,
 * the mean over them (all other variables and repetitions pooled), its 95% interval and range.
 * Empty when nothing was chosen or no run has the scalars.
 */
export function scalarsMarkdown(model: ReportModel): string {
  if (model.scalarTable.length === 0) return '';
  const multiConfig = new Set(model.scalarTable.map((r) => r.config)).size > 1;
  const parts: string[] = [
    "Each row: the runs with that value of the variable (other variables and repetitions pooled). The artifact's `report.html` has the charts, with confidence intervals over repetitions.",
    '',
  ];
  let written = 0;
  for (const scalar of model.scalars) {
    const mine = model.scalarTable.filter((r) => r.scalar === scalar);
    if (mine.length === 0 || written >= MAX_ROWS) continue;
    const header = [
      ...(multiConfig ? ['config'] : []),
      'variable',
      'value',
      'runs',
      'mean',
      '95% CI',
      'min',
      'max',
    ];
    parts.push(
      `**${codeSpan(scalar)}**`,
      '',
      `| ${header.join(' | ')} |`,
      `|${header.map((h) => (['runs', 'mean', 'min', 'max'].includes(h) ? '--:' : '---')).join('|')}|`,
    );
    for (const r of mine) {
      if (written >= MAX_ROWS) break;
      written++;
      // what the runs gave (config, variable, value) in code spans: no mention, link or image
      const cells = [
        ...(multiConfig ? [codeSpan(r.config)] : []),
        r.variable ? codeSpan(`$${r.variable}`) : '(all runs)',
        codeSpan(r.value),
        String(r.n),
        formatValue(r.mean),
        ci(r),
        formatValue(r.min),
        formatValue(r.max),
      ];
      parts.push(`| ${cells.map(cell).join(' | ')} |`);
    }
    parts.push('');
  }
  const total = model.scalarTable.length;
  if (total > written) parts.push(`_… ${total - written} more rows: see report.html._`, '');
  return parts.join('\n').trimEnd() + '\n';
}
