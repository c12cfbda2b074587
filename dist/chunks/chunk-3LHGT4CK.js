import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
var counted=(n,noun)=>`${n} ${noun}${n===1?"":"s"}`;export{counted};
