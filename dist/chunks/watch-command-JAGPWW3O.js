import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  WATCH_HELP,
  latestRunId,
  runArgument,
  watchAndReport,
  watchCommand
} from "./chunk-GS2IPXXW.js";
import "./chunk-E3KJ6BRP.js";
import "./chunk-7MSBBX3W.js";
import "./chunk-UAZMWYOJ.js";
import "./chunk-7OWKUHJG.js";
import "./chunk-7WW3LWF4.js";
import "./chunk-6F6XTPMI.js";
import "./chunk-5ZQWJDSW.js";
import "./chunk-75WIVU2I.js";
import "./chunk-NWFY6FT6.js";
import "./chunk-FA6EQWUK.js";
export {
  WATCH_HELP,
  latestRunId,
  runArgument,
  watchAndReport,
  watchCommand
};
