import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generatedWith, sourcesChanged } from '../../../src/core/projects/makemake-sources.js';

// the parts of a Makefile opp_makemake 6.1 writes that say what it compiles
const makefile = (objs: string, msgs = '') =>
  `#\n# OMNeT++/OMNEST Makefile for aloha\n#\n# This file was generated with the command:\n#  opp_makemake --deep -X junk -O build\n#\n\nOBJS = ${objs}\n\n# Message files\nMSGFILES =${msgs}\n\n# SM files\nSMFILES =\n`;

test("a generated Makefile's options are its header's, -f added; the folders it skips are read from them", () => {
  const tree = generatedWith(makefile('$O/Host.o'));
  assert.deepEqual(tree?.args, ['-f', '--deep', '-X', 'junk', '-O', 'build']);
  assert.equal(tree?.deep, true);
  assert.deepEqual(tree?.except, ['junk']);
  assert.equal(tree?.outDir, 'build');
  assert.equal(generatedWith('all:\n\tcc -o x x.c\n'), undefined);
});

test('opp_makemake runs again only when the sources differ from OBJS and MSGFILES', () => {
  const text = makefile(
    ' \\\n    $O/Host.o \\\n    $O/sub/Server.o \\\n    $O/sub/Pkt_m.o',
    ' \\\n    sub/Pkt.msg',
  );
  const tree = generatedWith(text);
  assert.ok(tree);
  const folders = (extra: string[] = []) => [
    { path: '.', files: ['Host.cc', 'Host.h', 'omnetpp.ini', 'Makefile', ...extra] },
    { path: 'sub', files: ['Server.cc', 'Pkt.msg', 'Pkt_m.cc', 'Pkt_m.h'] },
  ];
  assert.equal(sourcesChanged(text, tree, folders()), false, 'nothing changed');
  assert.equal(sourcesChanged(text, tree, folders(['Extra.cc'])), true, 'a .cc added');
  assert.equal(sourcesChanged(text, tree, folders(['Other.msg'])), true, 'a .msg added');
  assert.equal(sourcesChanged(text, tree, folders().slice(0, 1)), true, 'a folder deleted');
});
