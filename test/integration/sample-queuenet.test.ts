// queuenet has no C++ of its own: its .project references queueinglib, found next to it and
// built as a shared library from its .oppbuildspec; the runs are opp_run -l .../queueinglib.
// opp_runall runs the sample's own launcher script, ./queuenet.
import { sampleTest } from '../helpers/sample-campaign.js';

sampleTest({
  sample: 'queuenet',
  beside: ['queueinglib'],
  configs: ['CQN', 'OneFifo'],
  args: ['--sim-time-limit=10000s'],
  program: './queuenet',
  total: 4,
  detected:
    /^detected: build none \(no Makefile, \.oppbuildspec or C\+\+ sources\); model opp_run with the referenced projects' libraries; projects queueinglib at \.\.\/queueinglib \(its \.oppbuildspec\)$/m,
});
