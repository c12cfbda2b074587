// Paths from another machine: which may name a place in a folder of ours.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isDotGit,
  isPlainFileName,
  relativePathProblem,
} from '../../../src/core/archive/safe-path.js';

test('.git in every spelling git refuses in a tree', () => {
  for (const name of ['.git', '.GIT', '.Git', '.git.', '.git ', '.git. .', 'git~1', 'GIT~1'])
    assert.ok(isDotGit(name), name);
  assert.ok(isDotGit('.g\u200cit'), 'HFS+ ignores U+200C');
  assert.ok(isDotGit('\ufeff.git'), 'HFS+ ignores U+FEFF');
  for (const name of ['.gitignore', '.gitmodules', 'git', '.git2', 'x.git', '.github', 'git~2'])
    assert.ok(!isDotGit(name), name);
});

test('a relative path below the folder is accepted; absolute, .. and .git are not', () => {
  for (const ok of ['.runs/General-#0.sca', 'logs/General-#0.log', 'a/b/c.vec', 'x..y/z'])
    assert.equal(relativePathProblem(ok), undefined, ok);
  const refused: [string, RegExp][] = [
    ['', /empty/],
    ['/etc/passwd', /absolute/],
    ['C:/x.sca', /absolute/],
    ['../x.sca', /leaves the folder/],
    ['.runs/../../x.sca', /leaves the folder/],
    ['.runs\\..\\..\\x.sca', /leaves the folder/],
    ['.git/config', /\.git folder/],
    ['sub/.GIT/hooks/post-checkout', /\.git folder/],
  ];
  for (const [path, message] of refused)
    assert.match(relativePathProblem(path) ?? '', message, path);
});

test('a plain file name: one segment, not . or .., not .git', () => {
  for (const ok of ['campaign-shard-0', 'campaign-shard-1-attempt-2', 'x..y', '.hidden'])
    assert.ok(isPlainFileName(ok), ok);
  for (const bad of [
    '',
    '.',
    '..',
    'a/b',
    'campaign-shard-/../../x',
    'a\\b',
    'a\nb',
    '.git',
    'GIT~1',
  ])
    assert.ok(!isPlainFileName(bad), JSON.stringify(bad));
});
