import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
var RUNS_DIR=".runs";var LEGACY_RUNS_DIR="runs";function currentRunPath(path){const prefix=LEGACY_RUNS_DIR+"/";return path.startsWith(prefix)?RUNS_DIR+"/"+path.slice(prefix.length):path}export{RUNS_DIR,LEGACY_RUNS_DIR,currentRunPath};
