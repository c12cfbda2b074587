// aloha built by hand first (`opp_makemake -f && make`), as in issue 13: its Makefile builds it
// and names the model; PureAlohaExperiment's runs with 10 hosts.
import { sampleTest } from '../helpers/sample-campaign.js';

sampleTest({
  sample: 'aloha',
  configs: ['PureAlohaExperiment'],
  runs: '$numHosts == 10',
  program: './aloha',
  total: 14,
  prebuilt: true,
  detected:
    /^detected: build make MODE=release \(the Makefile, by opp_makemake\); model \.\/aloha \(the Makefile's target\)$/m,
});
