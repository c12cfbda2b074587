import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  WATCH_HELP,
  latestRunId,
  runArgument,
  watchAndReport,
  watchCommand
} from "./chunk-JUQYHP2G.js";
import "./chunk-E3KJ6BRP.js";
import "./chunk-QLYDDIYZ.js";
import "./chunk-UAZMWYOJ.js";
import "./chunk-7OWKUHJG.js";
import "./chunk-7WW3LWF4.js";
import "./chunk-NMW2MYNH.js";
import "./chunk-5ZQWJDSW.js";
import "./chunk-UFMSSHFB.js";
import "./chunk-XGZ5LFLB.js";
import "./chunk-FA6EQWUK.js";
export {
  WATCH_HELP,
  latestRunId,
  runArgument,
  watchAndReport,
  watchCommand
};
