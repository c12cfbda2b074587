import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  MERGE_HELP,
  badInputLines,
  mergeCommand,
  mergeSummary
} from "./chunk-3TL2DAC7.js";
import "./chunk-WNROFDGB.js";
import "./chunk-YZN3N6A5.js";
import "./chunk-EE3EY7XX.js";
import "./chunk-NMW2MYNH.js";
import "./chunk-5ZQWJDSW.js";
import "./chunk-BTRHFJW2.js";
import "./chunk-UFMSSHFB.js";
import "./chunk-XGZ5LFLB.js";
import "./chunk-FA6EQWUK.js";
export {
  MERGE_HELP,
  badInputLines,
  mergeCommand,
  mergeSummary
};
