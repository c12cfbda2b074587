// What a failed build's log says, in a few lines: the compiler's first errors (the ones that
// matter: later errors are often their consequences, and a long template error pushes them out
// of any tail), then the log's last lines (make's own verdict).

/** A compiler's or linker's error line: `Sink.cc:41:17: error: ...`, `fatal error:`, `ld: ...`. */
const ERROR_LINE = /(^|\s|:)(fatal )?error:|^\S*ld(\.\w+)?: |undefined reference to /;

const FIRST_ERRORS = 5;
const LAST_LINES = 12;

/** The lines to show of a failed build's log: its first error lines, a gap, its last lines. */
export function buildLogExcerpt(text: string): string[] {
  const lines = text.trimEnd().split('\n');
  const tailFrom = Math.max(0, lines.length - LAST_LINES);
  const first: number[] = [];
  for (let i = 0; i < tailFrom && first.length < FIRST_ERRORS; i++)
    if (ERROR_LINE.test(lines[i] as string)) first.push(i);
  const tail = lines.slice(tailFrom);
  if (first.length === 0) return tail;
  const out: string[] = [];
  first.forEach((i, k) => {
    if (k > 0 && i > (first[k - 1] as number) + 1) out.push('...');
    out.push(lines[i] as string);
  });
  if ((first[first.length - 1] as number) + 1 < tailFrom) out.push('...');
  return [...out, ...tail];
}
