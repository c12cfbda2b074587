// The workflow page's texts for failed runs: grouped by cause, the model's message shown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunRecord } from '../../src/core/campaign/journal.js';
import { failureAnnotations, mergeSummary, shardSummary } from '../../src/app/summary.js';

const CAUSE =
  'exit status 1: Class "aloha::Server" not found -- perhaps its code was not linked in';

function failed(run: number, message: string): RunRecord {
  return {
    t: 'run',
    key: `k${run}`,
    config: 'PureAlohaExperiment',
    run,
    attempt: 1,
    status: 'failed',
    exitCode: 1,
    signal: null,
    wallMs: 100,
    peakKiB: null,
    build: 'b',
    log: `logs/PureAlohaExperiment-${run}.log`,
    files: [],
    itervars: `$iaMean=${run}`,
    message,
    command: `opp_run -c PureAlohaExperiment -r ${run}`,
  };
}

// journal order: as runs finished, not in run order
const records = [
  failed(3, CAUSE),
  failed(0, CAUSE),
  failed(7, 'exit status 2: Network `Nope` not found'),
  ...Array.from({ length: 40 }, (_, i) => failed(10 + i, CAUSE)),
];

test('one annotation per cause, naming a few of its runs', () => {
  const a = failureAnnotations(records, 2);
  assert.deepEqual(
    a.map((x) => x.title),
    [
      '42 runs: failed: exit status 1: Class "aloha::Server" not found',
      'run PureAlohaExperiment #7 failed',
    ],
  );
  assert.equal(
    a[0]?.message,
    `PureAlohaExperiment #0 ($iaMean=0): failed: ${CAUSE}\n` +
      'runs: PureAlohaExperiment #0 ($iaMean=0); PureAlohaExperiment #3 ($iaMean=3); ' +
      'PureAlohaExperiment #10 ($iaMean=10); PureAlohaExperiment #11 ($iaMean=11); ' +
      'PureAlohaExperiment #12 ($iaMean=12); and 37 more',
  );
  // GitHub shows ten errors of a step, its own failure one of them: past nine causes, eight
  // and one more annotation that points at the summary
  const many = Array.from({ length: 12 }, (_, i) => failed(i, `exit status 1: cause ${i}`));
  const b = failureAnnotations(many, 4);
  assert.equal(b.length, 9);
  assert.deepEqual(b[8], {
    title: 'more failed runs',
    message: '4 more runs failed: see the step summary of shard 4',
  });
  assert.equal(failureAnnotations(many.slice(0, 9), 4).length, 9);
});

test('the merge summary groups failed runs by cause', () => {
  const md = mergeSummary({
    expected: 50,
    ok: 7,
    failed: records,
    missing: [],
    shardsMissing: [],
    artifact: 'campaign-results',
  });
  const section = md.slice(md.indexOf('### Failed runs'));
  assert.match(
    section,
    /^- `42 runs: failed: exit status 1: Class "aloha::Server" not found`: `PureAlohaExperiment #0` \(`\$iaMean=0`\); .*; and 37 more\n {2}first: `failed`: `exit status 1: Class "aloha::Server" not found -- perhaps its code was not linked in`\n {2}```sh\n {2}opp_run -c PureAlohaExperiment -r 0\n/m,
  );
  assert.match(
    section,
    /^- `PureAlohaExperiment #7` \(`\$iaMean=7`\): `failed`: ``exit status 2: Network `Nope` not found``$/m,
  );
  assert.equal(section.match(/```sh/g)?.length, 2, 'a command per cause');
});

test('text from runs is shown as text: no HTML, no hidden rest of a comment, no @mention', () => {
  const hostile: RunRecord = {
    ...(records[0] as RunRecord),
    config: 'Evil',
    run: 3,
    itervars: '$x=<b>bold</b>',
    message: 'exit status 1: <img src="https://example.com/x.png"> @octocat <!-- ```` | end',
    command: 'opp_run -c Evil -r 3 ```',
  };
  const md = mergeSummary({
    expected: 1,
    ok: 0,
    failed: [hostile],
    missing: [{ config: '<i>M</i>', run: 1, shard: 0 }],
    shardsMissing: [],
    artifact: 'campaign-results',
  });
  // what is left once every code span and code block is taken out holds none of it
  const outside = md
    .replace(/^( *)(`{3,})sh\n[\s\S]*?\n\1\2$/gm, '')
    .replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
  for (const bad of ['<img', '@octocat', '<!--', '<b>', '<i>'])
    assert.ok(!outside.includes(bad), `${bad} outside code: ${outside}`);
  assert.match(
    md,
    /: `failed`: `{5}exit status 1: <img src="https:\/\/example\.com\/x\.png"> @octocat <!-- `{4} \| end`{5}/,
  );
  // the command's block is not closed early by backticks in it
  assert.match(md, /\n {2}````sh\n {2}opp_run -c Evil -r 3 ```\n {2}````\n/);
  const shard = shardSummary(0, [hostile], 0, false);
  assert.match(shard, /\| `Evil` \| 3 \| `\$x=<b>bold<\/b>` \| \*\*`failed`\*\* \|/);
  // a status is text from a journal too (the journal's reader skips one that is no RunStatus)
  const status = 'failed <img src="https://example.com/t.png"> @octocat <!--\n# done';
  const odd = { ...hostile, status: status as 'failed' };
  for (const text of [
    shardSummary(0, [odd], 0, false),
    mergeSummary({
      expected: 1,
      ok: 0,
      failed: [odd],
      missing: [],
      shardsMissing: [],
      artifact: 'campaign-results',
    }),
  ]) {
    const plain = text.replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
    for (const bad of ['<img', '@octocat', '<!--', '\n# done'])
      assert.ok(!plain.includes(bad), `${bad} outside code: ${plain}`);
  }
});

test("control characters of a run's output are shown escaped in summaries and annotations", () => {
  const rec = failed(1, 'exit status 1: bad \x1b]0;title\x07 value\x1b[2J\ttab');
  const md = mergeSummary({
    expected: 1,
    ok: 0,
    failed: [rec],
    missing: [],
    shardsMissing: [],
    artifact: 'campaign-results',
  });
  // (before: the ESC and BEL as they were)
  assert.ok(!md.includes('\x1b') && !md.includes('\x07'), md);
  assert.match(md, /`exit status 1: bad \\x1b\]0;title\\x07 value\\x1b\[2J\ttab`/);
  const [a] = failureAnnotations([rec], 0);
  const said = `${a?.title} ${a?.message}`;
  assert.ok(!said.includes('\x1b') && !said.includes('\x07'), said);
  assert.match(a?.message ?? '', /bad \\x1b\]0;title\\x07 value/);
});
