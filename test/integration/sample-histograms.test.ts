// histograms unbuilt: two configs in one campaign, a shorter sim-time limit given after --.
import { sampleTest } from '../helpers/sample-campaign.js';

sampleTest({
  sample: 'histograms',
  configs: ['Uniform', 'Bimodal'],
  args: ['--sim-time-limit=100s'],
  program: './histograms',
  total: 2,
  detected: /^detected: .*model \.\/histograms \(the \.oppbuildspec\)$/m,
});
