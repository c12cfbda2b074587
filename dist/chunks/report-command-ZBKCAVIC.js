import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import{oneRun,scalarWarnings,writeReport}from"./chunk-NVYJYUEM.js";import"./chunk-YZKK7V3X.js";import"./chunk-GWP3RR5Q.js";import{inputClash}from"./chunk-IBKITMXX.js";import{badRecordWarning,damagedLineWarning}from"./chunk-KD6MHUU4.js";import"./chunk-GGI6UTPJ.js";import{EXIT,UsageError}from"./chunk-5MMY7JVP.js";import"./chunk-UJU4DPBS.js";import{ScalarSpecError,parseScalarSpec}from"./chunk-7M6524H5.js";import"./chunk-I764LGDG.js";import"./chunk-X5LVWHOC.js";import{existsSync}from"node:fs";import{relative}from"node:path";import{parseArgs}from"node:util";var UNREADABLE_WARNED=20;var REPORT_HELP=`Usage: opp-campaign report IN... -o FILE [--journal FILE]... [--scalar SPEC]...
                          [--campaign FILE]

Writes the campaign report: one self-contained HTML file (charts and data inside, no network
needed to view it) with a grid of every run coloured by outcome (hover: iteration variables,
duration, exit status; click: its log), the run durations and the slowest runs, the chosen
scalars' means and 95% confidence intervals against each iteration variable, and where the
results come from. 'opp-campaign merge' and 'opp-campaign run' write it as report.html.

IN is a merged folder, result files (.sca) or folders of them. Run outcomes come from campaign
journals (journal.jsonl in an input folder or its parent, or --journal) and the runs.csv of
merged folders.

  -o, --output FILE     the page to write
      --journal FILE    a campaign journal (journal.jsonl, or its folder); repeatable
  -s, --scalar SPEC     a scalar to chart, "module pattern:scalar name", e.g.
                        "**.server:channelUtilization:last"; repeatable (default: the campaign
                        file's report.scalars, else for each config a few scalars that
                        every run of it recorded)
      --campaign FILE   the campaign file (default: opp-campaign.yml in an input folder or
                        its parent)
`;async function reportCommand(argv,out,err){const{values,positionals}=parseArgs({args:argv,allowPositionals:true,options:{output:{type:"string",short:"o"},journal:{type:"string",multiple:true},scalar:{type:"string",short:"s",multiple:true},campaign:{type:"string"},help:{type:"boolean",short:"h"}}});if(values.help){await out.line(REPORT_HELP.trimEnd());return EXIT.ok}if(positionals.length===0)throw new UsageError("report: no input files or folders given");if(values.output===void 0)throw new UsageError("report: the page to write (-o FILE) is missing");const clash=inputClash(values.output,positionals,[...values.journal??[],...values.campaign!==void 0?[values.campaign]:[]]);if(clash!==void 0)throw new UsageError(`report: -o ${values.output} ${clash}`);const missing=positionals.find(p=>!existsSync(p));if(missing!==void 0)throw new UsageError(`report: ${missing}: no such file or folder; no page was written`);for(const spec of values.scalar??[])try{parseScalarSpec(spec)}catch(e){if(e instanceof ScalarSpecError)throw new UsageError(`report: --scalar ${e.message}`);throw e}const r=await writeReport({inputs:positionals,output:values.output,...values.journal?{journals:values.journal}:{},...values.scalar?{scalars:values.scalar}:{},...values.campaign?{campaignFile:values.campaign}:{}});const m=r.model;const shown=path=>relative(process.cwd(),path)||path;for(const b of r.unreadable.slice(0,UNREADABLE_WARNED))err.write(`opp-campaign: warning: ${b.problem===void 0?damagedLineWarning(shown(b.journal),b.line):badRecordWarning(shown(b.journal),{...b,problem:b.problem})}
`);if(r.unreadable.length>UNREADABLE_WARNED)err.write(`opp-campaign: warning: ${r.unreadable.length-UNREADABLE_WARNED} more unreadable journal records skipped (${r.unreadable.length} in all)
`);for(const w of scalarWarnings(m))err.write(`opp-campaign: warning: ${w}
`);const one=oneRun(m);await out.line(`Report of ${m.runs.length} ${m.runs.length===1?"run":"runs"}, ${m.charts.length} charts${one===void 0?"":` (${one})`}: ${relative(process.cwd(),r.output)||r.output} (${(r.bytes/1024).toFixed(0)} KiB)`);return EXIT.ok}export{REPORT_HELP,reportCommand};
