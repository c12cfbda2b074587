// Project features with opp_featuretool's rules, on an .oppfeatures shaped like INET's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  definesHeader,
  featureEffects,
  FeatureError,
  parseOppFeatures,
  resolveFeatures,
} from '../../../src/core/projects/features.js';
import { ProjectFileError } from '../../../src/core/projects/project-files.js';

const FILE = join(import.meta.dirname, '..', '..', 'fixtures', 'projects', 'inet', '.oppfeatures');
const catalog = parseOppFeatures(readFileSync(FILE, 'utf8'), 'inet/.oppfeatures');
const choose = (enable: string[] = [], disable: string[] = []) =>
  resolveFeatures(catalog, { enable, disable });

/** INET's layout: `src` is a NED root of the default package, `examples` one of inet.examples. */
const NED_ROOTS = [
  { path: 'examples', package: 'inet.examples' },
  { path: 'src', package: '' },
];
const DIRS = new Set([
  'examples/aodv',
  'src/inet/networklayer/ipv4',
  'src/inet/transportlayer/udp',
  'src/inet/routing/aodv',
  'src/inet/node/aodv',
  'src/inet/linklayer/ieee80211',
  'src/inet/visualizer/osg',
  'src/inet/emulation',
]);
const effects = (enabled: string[]) =>
  featureEffects(catalog, enabled, NED_ROOTS, (p) => DIRS.has(p));

test('.oppfeatures: attributes as INET writes them (spaces around =, multi-line lists)', () => {
  assert.deepEqual(catalog.cppSourceRoots, ['src']);
  assert.equal(catalog.definesFile, 'src/inet/features.h');
  const aodv = catalog.features.find((f) => f.id === 'Aodv');
  assert.deepEqual(aodv, {
    id: 'Aodv',
    name: 'AODV',
    initiallyEnabled: true,
    requires: ['Ipv4', 'Udp'],
    nedPackages: ['inet.node.aodv', 'inet.routing.aodv'],
    extraSourceFolders: [],
    compileFlags: ['-DINET_WITH_AODV'],
    linkerFlags: [],
    line: 32,
  });
  assert.throws(
    () =>
      parseOppFeatures('<features>\n<feature id="A" requires="B"/>\n</features>', 'x/.oppfeatures'),
    (e: unknown) =>
      e instanceof ProjectFileError &&
      e.message === "x/.oppfeatures:2: feature 'A' requires 'B', which is not defined",
  );
  assert.throws(
    () => parseOppFeatures('<features><feature id="A"/><feature id="A"/></features>', 'x'),
    /duplicate feature 'A'/,
  );
});

test('.oppfeatures that is not well-formed: an error at the line, not features silently lost', () => {
  const doc = (feature2: string) =>
    [
      '<features>',
      '<feature id="A" name="A" labels="stats" compileFlags="-DWITH_A"/>',
      feature2,
      '</features>',
    ].join('\n');
  const bad = (feature2: string, line: number) =>
    assert.throws(
      () => parseOppFeatures(doc(feature2), 'x/.oppfeatures'),
      (e: unknown) =>
        e instanceof ProjectFileError &&
        e.message.startsWith(`x/.oppfeatures:${line}: not well-formed`),
      feature2,
    );
  assert.equal(parseOppFeatures(doc('<feature id="B"/>'), 'x').features.length, 2);
  bad('<feature id="B" labels="stats/>', 3); // a closing quote missing
  bad('<feature id="B" name="B"', 3); // a tag that does not end
  bad('<feature id="B" oops\n<feature id="C"/>', 3); // an attribute without a value
});

test('defaults: initiallyEnabled, and what the disabled ones exclude', () => {
  const on = choose();
  assert.deepEqual(on, ['Ipv4', 'Udp', 'Aodv', 'AodvExamples', 'Ieee80211']);
  const e = effects(on);
  assert.deepEqual(e.nedExclusions, ['inet.visualizer.osg', 'inet.emulation']);
  // a disabled feature's extra source folder is excluded whether or not it exists
  assert.deepEqual(e.excludedFolders, [
    'src/inet/emulation',
    'src/inet/emulation/ext',
    'src/inet/visualizer/osg',
  ]);
  assert.deepEqual(e.compileFlags, [
    '-DINET_WITH_IPv4',
    '-DINET_WITH_UDP',
    '-DINET_WITH_AODV',
    '-DINET_WITH_IEEE80211',
  ]);
  assert.deepEqual(e.linkerFlags, []);
});

test('enabling a feature enables what it requires; disabling one disables what requires it', () => {
  assert.deepEqual(choose(['Emulation']), [
    'Ipv4',
    'Udp',
    'Aodv',
    'AodvExamples',
    'Ieee80211',
    'Emulation',
  ]);
  const noIp = choose([], ['Ipv4']);
  assert.deepEqual(noIp, ['Ieee80211']);
  const e = effects(noIp);
  assert.deepEqual(e.nedExclusions, [
    'inet.networklayer.ipv4',
    'inet.transportlayer.udp',
    'inet.node.aodv',
    'inet.routing.aodv',
    'inet.examples.aodv',
    'inet.visualizer.osg',
    'inet.emulation',
  ]);
  // examples/aodv exists but is not below cppSourceRoots: it is no C++ folder
  assert.deepEqual(e.excludedFolders, [
    'src/inet/emulation',
    'src/inet/emulation/ext',
    'src/inet/networklayer/ipv4',
    'src/inet/node/aodv',
    'src/inet/routing/aodv',
    'src/inet/transportlayer/udp',
    'src/inet/visualizer/osg',
  ]);
  // `recommended` features are not pulled in (opp_featuretool enable --with-required)
  assert.deepEqual(choose(['Aodv'], ['Ieee80211']), ['Ipv4', 'Udp', 'Aodv', 'AodvExamples']);
  const osg = effects(choose(['VisualizationOsg', 'Emulation']));
  assert.deepEqual(osg.linkerFlags, ['-losg', '-losgText', '-losgDB', '-losgEarth', '-lpcap']);
});

test('choices that contradict each other, and unknown features, are errors', () => {
  assert.throws(
    () => choose(['Emulation'], ['Ipv4']),
    (e: unknown) =>
      e instanceof FeatureError &&
      e.message ===
        "feature 'Emulation' cannot be enabled: it requires 'Ipv4', which the campaign disables (inet/.oppfeatures)",
  );
  assert.throws(() => choose(['Udp'], ['Udp']), /'Udp' is both enabled and disabled/);
  assert.throws(
    () => choose(['AodvExamples'], ['Udp']),
    /'AodvExamples' cannot be enabled: it requires 'Udp'/,
  );
  assert.throws(
    () => choose(['AODV']),
    (e: unknown) =>
      e instanceof FeatureError &&
      e.message ===
        "inet/.oppfeatures defines no feature 'AODV' (the feature named 'AODV' has the id 'Aodv')",
  );
  assert.throws(() => choose([], ['Ieee80211Mac']), /did you mean 'Ieee80211'\?/);
});

test('the defines file: one guarded #define per -D flag, sorted', () => {
  const header = definesHeader(effects(choose(['Emulation'], ['Aodv'])).compileFlags);
  assert.match(header, /^\/\/\n\/\/ Generated by opp-campaign/);
  assert.deepEqual(
    header.split('\n').filter((l) => l.startsWith('#define')),
    [
      '#define INET_EMULATION_MTU 1500',
      '#define INET_WITH_EMULATION',
      '#define INET_WITH_IEEE80211',
      '#define INET_WITH_IPv4',
      '#define INET_WITH_UDP',
    ],
  );
  assert.match(header, /#ifndef INET_WITH_UDP\n#define INET_WITH_UDP\n#endif\n/);
});
