import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
var crypto;function createHash(algorithm){crypto??=process.getBuiltinModule("node:crypto");return crypto.createHash(algorithm)}function hashHex(algorithm,text){crypto??=process.getBuiltinModule("node:crypto");return crypto.hash(algorithm,text,"hex")}export{createHash,hashHex};
