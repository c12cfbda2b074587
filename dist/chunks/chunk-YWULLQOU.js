import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
function badInputLines(r){if(r.bad.length===0)return[];const files=new Set(r.bad.map(b=>b.file)).size;return[...r.bad.map(b=>`opp-campaign: bad input: ${b.message}`),`opp-campaign: ${files} bad input file(s) left out; everything else was merged`]}export{badInputLines};
