// histograms unbuilt: three configs in one campaign, a shorter sim-time limit given after --.
// IntUniform's P-square histogram has a subnormal bin edge (4.9406564584125e-324), which the
// export must print as printf does.
import { sampleTest } from '../helpers/sample-campaign.js';

sampleTest({
  sample: 'histograms',
  configs: ['Uniform', 'IntUniform', 'Bimodal'],
  args: ['--sim-time-limit=100s'],
  program: './histograms',
  total: 3,
  detected: /^detected: .*model \.\/histograms \(the \.oppbuildspec\)$/m,
});
