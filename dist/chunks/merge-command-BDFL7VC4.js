import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  MERGE_HELP,
  badInputLines,
  mergeCommand,
  mergeSummary
} from "./chunk-C6ULWA5I.js";
import "./chunk-U3LQYTLC.js";
import "./chunk-TYRVPXEC.js";
import "./chunk-WDEJUT2I.js";
import "./chunk-6F6XTPMI.js";
import "./chunk-5ZQWJDSW.js";
import "./chunk-HSJEJEJK.js";
import "./chunk-75WIVU2I.js";
import "./chunk-NWFY6FT6.js";
import "./chunk-FA6EQWUK.js";
export {
  MERGE_HELP,
  badInputLines,
  mergeCommand,
  mergeSummary
};
