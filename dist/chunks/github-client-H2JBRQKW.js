import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  ClientSetupError,
  TOKEN_HELP,
  connect,
  defaultClientContext,
  intOption,
  interruptible
} from "./chunk-7MSBBX3W.js";
import "./chunk-UAZMWYOJ.js";
import "./chunk-7OWKUHJG.js";
import "./chunk-7WW3LWF4.js";
import "./chunk-6F6XTPMI.js";
import "./chunk-5ZQWJDSW.js";
import "./chunk-75WIVU2I.js";
import "./chunk-NWFY6FT6.js";
import "./chunk-FA6EQWUK.js";
export {
  ClientSetupError,
  TOKEN_HELP,
  connect,
  defaultClientContext,
  intOption,
  interruptible
};
