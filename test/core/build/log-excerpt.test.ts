import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildLogExcerpt } from '../../../src/core/build/log-excerpt.js';

test("a failed build's excerpt: the compiler's first errors, then the log's last lines", () => {
  // the shape g++ gave for two files with errors: the first error at line 5, a long template
  // error after it that pushes it out of any tail
  const log = [
    'make: Entering directory',
    'Sink.cc',
    'Sink.cc: In member function ‘virtual void fifo::Sink::handleMessage(omnetpp::cMessage*)’:',
    '  41 |     undefinedThing(42);',
    "Sink.cc:41:17: error: 'undefinedThing' was not declared in this scope",
    'Source.cc',
    ...Array.from(
      { length: 80 },
      (_, i) => `/usr/include/c++/12/bits/stl_map.h:${i}: note: candidate`,
    ),
    "Source.cc:13:58: error: 'class std::map<int, int>' has no member named 'foo'",
    ...Array.from({ length: 10 }, (_, i) => `  note ${i}`),
    'make: *** [Makefile:113: out/gcc-release/Source.o] Error 1',
  ].join('\n');
  const lines = buildLogExcerpt(log);
  assert.deepEqual(lines.slice(0, 3), [
    "Sink.cc:41:17: error: 'undefinedThing' was not declared in this scope",
    '...',
    "Source.cc:13:58: error: 'class std::map<int, int>' has no member named 'foo'",
  ]);
  assert.equal(lines.at(-1), 'make: *** [Makefile:113: out/gcc-release/Source.o] Error 1');
  assert.ok(lines.length <= 20, String(lines.length));
  // a short log, or one with no compiler error, is its last lines as they are
  assert.deepEqual(buildLogExcerpt('a\nb\nmake: *** Error 2\n'), ['a', 'b', 'make: *** Error 2']);
  assert.deepEqual(
    buildLogExcerpt(Array.from({ length: 30 }, (_, i) => `l${i}`).join('\n')),
    Array.from({ length: 12 }, (_, i) => `l${i + 18}`),
  );
  // a linker's error counts as one
  const link = [
    'ld: out/a.o: in function `f`:',
    'a.cc:(.text+0x1): undefined reference to `g()`',
    ...Array.from({ length: 20 }, () => 'x'),
  ].join('\n');
  assert.deepEqual(buildLogExcerpt(link).slice(0, 3), [
    'ld: out/a.o: in function `f`:',
    'a.cc:(.text+0x1): undefined reference to `g()`',
    '...',
  ]);
});
