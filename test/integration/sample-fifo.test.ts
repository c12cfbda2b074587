// fifo unbuilt: its .oppbuildspec says how; TandemQueueExperiment (an iteration variable, 2
// repetitions).
import { sampleTest } from '../helpers/sample-campaign.js';

sampleTest({
  sample: 'fifo',
  configs: ['TandemQueueExperiment'],
  program: './fifo',
  total: 4,
  detected:
    /^detected: build opp_makemake -f --deep && make MODE=release \(\.oppbuildspec\); model \.\/fifo \(the \.oppbuildspec\)$/m,
});
