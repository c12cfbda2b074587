// tictoc unbuilt: TicToc18's iteration variable $N (first two values, 4 repetitions each), with
// a shorter sim-time limit given after --.
import { sampleTest } from '../helpers/sample-campaign.js';

sampleTest({
  sample: 'tictoc',
  configs: ['TicToc18'],
  runs: '$N <= 4',
  args: ['--sim-time-limit=50000s'],
  program: './tictoc',
  total: 8,
  detected: /^detected: build opp_makemake -f --deep && make MODE=release .*model \.\/tictoc/m,
});
