import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  ClientSetupError,
  TOKEN_HELP,
  connect,
  defaultClientContext,
  intOption,
  interruptible
} from "./chunk-QLYDDIYZ.js";
import "./chunk-UAZMWYOJ.js";
import "./chunk-7OWKUHJG.js";
import "./chunk-7WW3LWF4.js";
import "./chunk-NMW2MYNH.js";
import "./chunk-5ZQWJDSW.js";
import "./chunk-UFMSSHFB.js";
import "./chunk-XGZ5LFLB.js";
import "./chunk-FA6EQWUK.js";
export {
  ClientSetupError,
  TOKEN_HELP,
  connect,
  defaultClientContext,
  intOption,
  interruptible
};
