import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import{CHECKOUT_REF,CliGitClient,isGitWorkTree,workTreeId}from"./chunk-K54G5JT5.js";import"./chunk-XYQHEJG6.js";import"./chunk-K7734TA6.js";import"./chunk-M5BMADQO.js";import"./chunk-X5LVWHOC.js";export{CHECKOUT_REF,CliGitClient,isGitWorkTree,workTreeId};
