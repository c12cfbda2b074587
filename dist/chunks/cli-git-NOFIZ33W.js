import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import{CHECKOUT_REF,CliGitClient,isGitWorkTree,workTreeId}from"./chunk-SFHSNMBB.js";import"./chunk-XYQHEJG6.js";import"./chunk-K7734TA6.js";import"./chunk-I764LGDG.js";import"./chunk-X5LVWHOC.js";export{CHECKOUT_REF,CliGitClient,isGitWorkTree,workTreeId};
