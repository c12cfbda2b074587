// The merge summary as a pull-request comment: GitHub refuses comments over 65,536 characters,
// while a step summary may hold 1 MiB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunRecord } from '../../src/core/campaign/journal.js';
import {
  COMMENT_LIMIT,
  commentBody,
  commentMarker,
  mergeSummary,
  SUMMARY_LIMIT,
} from '../../src/app/summary.js';

const URL = 'https://github.com/o/r/actions/runs/1/attempts/1';
const MARKER = commentMarker('campaign');
const END = `\n${MARKER}\n`;

function failed(n: number): RunRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    t: 'run',
    key: `k${i}`,
    config: 'M',
    run: i,
    attempt: 1,
    status: 'failed',
    exitCode: 3,
    signal: null,
    wallMs: 1,
    peakKiB: null,
    build: 'b',
    log: `logs/M-${i}.log`,
    files: [],
    itervars: `$x=${i}`,
    message: `cause ${i}: ${'x'.repeat(2000)}`, // a cause each: not grouped
    command: `out/model -u Cmdenv -c M -r ${i} ${'--opt '.repeat(200)}`,
  }));
}

test('a short summary is the comment as it is', () => {
  const md = mergeSummary({
    expected: 1,
    ok: 1,
    failed: [],
    missing: [],
    shardsMissing: [],
    artifact: 'a',
  });
  assert.equal(commentBody(md, URL, MARKER), md + END);
});

test('a long summary is cut to fit a comment, at a line, with a link to the whole', () => {
  const md = mergeSummary({
    expected: 50,
    ok: 0,
    failed: failed(50),
    missing: [],
    shardsMissing: [],
    artifact: 'a',
  });
  assert.ok(
    md.length > COMMENT_LIMIT && Buffer.byteLength(md) <= SUMMARY_LIMIT,
    'a test case over the limit',
  );
  const body = commentBody(md, URL, MARKER);
  assert.ok(body.length <= COMMENT_LIMIT, `${body.length} characters`);
  assert.ok(body.endsWith(END), 'ends with the marker');
  assert.ok(body.includes(`(${URL})`), 'points at the whole summary');
  const kept = body.slice(0, body.lastIndexOf('\n\n_(cut'));
  assert.ok(md.startsWith(kept.replace(/\n```$/, '')), 'a prefix of the summary');
  const fences = body.split('\n').filter((l) => l.trimStart().startsWith('```')).length;
  assert.equal(fences % 2, 0, 'no code block left open');
});

test("a summary near the limit: the comment, its marker included, fits GitHub's 65,536 characters", () => {
  for (const length of [
    COMMENT_LIMIT - END.length,
    COMMENT_LIMIT - END.length + 1,
    COMMENT_LIMIT,
  ]) {
    const md = `## Campaign incomplete\n\n${'x'.repeat(length - 25)}\n`;
    assert.equal(md.length, length);
    const body = commentBody(md, URL, MARKER);
    assert.ok(body.length <= COMMENT_LIMIT, `${length}: ${body.length} characters`);
    assert.ok(body.endsWith(END), `${length}: ends with the marker`);
    assert.equal(body.split(MARKER).length, 2, 'the marker once');
  }
});
