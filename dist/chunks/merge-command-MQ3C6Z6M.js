import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import{badInputLines}from"./chunk-YWULLQOU.js";import{FolderInUseError,lockResultsFolder}from"./chunk-K2GI2WHN.js";import{mergeResults}from"./chunk-54P4PGWT.js";import"./chunk-CPJFLAPA.js";import"./chunk-LIARPTJB.js";import"./chunk-5HU5M5NO.js";import"./chunk-GWP3RR5Q.js";import{fileInTheWay}from"./chunk-L6XHGXVY.js";import"./chunk-KKWEEUAS.js";import{badRecordWarning}from"./chunk-MIXXOQDL.js";import"./chunk-TJLL5RBG.js";import{EXIT,UsageError}from"./chunk-QY6TWVV7.js";import"./chunk-LBJT47HN.js";import"./chunk-5TFX7XSH.js";import"./chunk-X5LVWHOC.js";import{existsSync}from"node:fs";import{join,relative,resolve}from"node:path";import{parseArgs}from"node:util";var MERGE_HELP=`Usage: opp-campaign merge IN... -o OUT [--rebuild] [--vectors files|sqlite]

Merges OMNeT++ result files and folders (text .sca, .vec with or without .vci, SQLite .sca and
.vec, in any mix) into one dataset in the folder OUT, which opp_scavetool, the IDE and
omnetpp.scave read whole:

  results.sca   every run's scalars, parameters, statistics, histograms (OMNeT++ SQLite format)
  *.vec         every run's vectors, a file per run (the run's own .vec, linked, and .vci)
  scalars.csv   what 'opp_scavetool export -F CSV-R results.sca' gives
  runs.csv      one row per run: run id, config, run number, repetition, iteration variables,
                and status, exit code, duration, ... when a campaign journal is found
  report.html   the campaign report

Runs are identified by their run id: a run OUT already holds is skipped, so merging again adds
only the new runs. Folders are searched for .sca and .vec files (a folder holding a merged
dataset contributes its merged files). A bad input file is listed and left out, the rest is
merged, and the exit status is 1.

  -o, --output OUT   the dataset folder (created when missing)
      --rebuild      start OUT afresh instead of adding to what it holds
      --vectors L    files (default): *.vec as above; sqlite: every run's vectors in one
                     SQLite file, results.vec, for SQL and pandas (OMNeT++ 6.1's own tools
                     cannot read vector data from a file of several runs)
  -q, --quiet        print only problems
`;async function mergeCommand(argv,out,err,signal){const{values,positionals}=parseArgs({args:argv,allowPositionals:true,options:{output:{type:"string",short:"o"},rebuild:{type:"boolean"},vectors:{type:"string"},quiet:{type:"boolean",short:"q"},help:{type:"boolean",short:"h"}}});if(values.help){await out.line(MERGE_HELP.trimEnd());return EXIT.ok}if(positionals.length===0)throw new UsageError("merge: no input files or folders given");if(values.output===void 0)throw new UsageError("merge: the output folder (-o OUT) is missing");const file=fileInTheWay(values.output);if(file!==void 0)throw new UsageError(`merge: -o ${values.output}: ${file} is a file; OUT is the dataset's folder (created when missing)`);const missing=positionals.find(p=>!existsSync(p));if(missing!==void 0)throw new UsageError(`merge: ${missing}: no such file or folder; nothing was merged`);const vectors=values.vectors??"files";if(vectors!=="files"&&vectors!=="sqlite")throw new UsageError(`merge: --vectors must be files or sqlite, not '${vectors}'`);const release=holdCampaignFolder(values.output);let report;try{report=await mergeResults({inputs:positionals,outDir:values.output,mode:values.rebuild?"rebuild":"add",vectors,...signal?{signal}:{}})}catch(e){if(!signal?.aborted)throw e;err.write(`opp-campaign: merge interrupted; ${values.output} was left as it was
`);return EXIT.interrupted}finally{release?.()}const itself=positionals.every(p=>resolve(p)===report.outDir);if(report.inputFiles===0&&!itself)err.write(`opp-campaign: warning: no .sca or .vec files in ${positionals.join(" ")}
`);for(const b of report.badJournalRecords)err.write(`opp-campaign: warning: ${badRecordWarning(shown(b.journal),b)}
`);if(!values.quiet)for(const line of mergeSummary(report))await out.line(line);for(const line of badInputLines(report))err.write(`${line}
`);return report.bad.length>0?EXIT.failure:EXIT.ok}function holdCampaignFolder(out){if(!existsSync(join(out,".opp-campaign")))return void 0;try{return lockResultsFolder(out)}catch(e){if(!(e instanceof FolderInUseError)||e.holder===void 0)throw e;const since=e.holder.since?`, since ${e.holder.since}`:"";throw new FolderInUseError(`merge: ${out} is the results folder of a campaign that is still running (process ${e.holder.pid}${since}); nothing was merged. Its runs are still being written, and it merges them into ${out} itself when it ends: merge once it has, or stop it first`)}}var shown=path=>relative(process.cwd(),path)||".";function mergeSummary(r){const dir=shown(r.outDir);const presentIn=kind=>r.present.filter(p=>p.kind===kind).length;const bad=new Set(r.bad.map(b=>b.file)).size;const leftOut=bad>0?` (${bad} more left out: bad input, below)`:"";const lines=[`Merged ${r.inputFiles-bad} file(s) into ${dir}/${r.rebuilt?" (rebuilt)":""}${leftOut}`,`  results.sca  ${r.added.scalar.length} run(s) added, ${presentIn("scalar")} already there`,r.vectors==="files"?`  *.vec        ${r.added.vector.length} run(s) added, ${presentIn("vector")} already there (a file per run)`:`  results.vec  ${r.added.vector.length} run(s) added, ${presentIn("vector")} already there`,`  runs.csv     ${r.runs} run(s)${r.journalOnlyRuns?`, ${r.journalOnlyRuns} of them known only from the journal (no results)`:""}`,`  scalars.csv`];const skipped=[...new Set(r.present.map(p=>p.runName))];if(skipped.length>0){const names=skipped.slice(0,5).join(", ");const more=skipped.length>5?` and ${skipped.length-5} more`:"";lines.push(`Skipped ${skipped.length} run(s) already in ${dir}/: ${names}${more}`)}for(const d of r.duplicates)lines.push(`Skipped ${shown(d.file)}: run ${d.runName} is identical in ${shown(d.first)}`);return lines}export{MERGE_HELP,mergeCommand,mergeSummary};
