import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import{submitCampaign}from"./chunk-P7CU3HFC.js";import{createGitClient}from"./chunk-LQUH6IL3.js";import{untrackedNote}from"./chunk-ZHKRD4AM.js";import{watchAndReport}from"./chunk-UJYMINXX.js";import{counted}from"./chunk-3LHGT4CK.js";import{MAX_SHARDS}from"./chunk-R6PPOJ7B.js";import"./chunk-KUNY3WPD.js";import"./chunk-KQHVX62X.js";import"./chunk-PMDH2KLG.js";import"./chunk-C2466JV3.js";import"./chunk-4LLEQ3RB.js";import"./chunk-6L6D2WWA.js";import"./chunk-DR3NIFAB.js";import"./chunk-KD6MHUU4.js";import"./chunk-GGI6UTPJ.js";import"./chunk-SFHSNMBB.js";import"./chunk-XYQHEJG6.js";import"./chunk-Y457V335.js";import"./chunk-K7734TA6.js";import{TOKEN_HELP,connect,defaultClientContext,interruptible,workingCopy}from"./chunk-F7NJQHRR.js";import"./chunk-GOY5PCEP.js";import"./chunk-LPKQIPOU.js";import"./chunk-QAIUHEOX.js";import"./chunk-K2OBSOP4.js";import"./chunk-2BVH4Z3B.js";import{UsageError,intOption}from"./chunk-5MMY7JVP.js";import{IniError,placeIniError}from"./chunk-UJU4DPBS.js";import"./chunk-7M6524H5.js";import"./chunk-3WLB4FVP.js";import"./chunk-I764LGDG.js";import"./chunk-X5LVWHOC.js";import{relative,resolve}from"node:path";import{parseArgs}from"node:util";var SUBMIT_HELP=`Usage: opp-campaign submit [DIR] [-c CONFIG]... [-r FILTER] [--max-shards N] [--ref REF] [--watch]
                           [--remote NAME] [--repo OWNER/NAME] [--workflow FILE]

Starts the campaign workflow (.github/workflows/campaign.yml) on GitHub for the code in DIR's
working copy and prints the run's URL. The campaign is planned here first, so an ini error
shows at once with its file and line. The workflow runs on a branch: the current one when
GitHub's tip of it is HEAD and nothing is uncommitted; otherwise the working tree is
snapshotted (as 'opp-campaign snapshot' does: pushed to refs/opp-campaign/<time>-<sha>, your
branch, index and files untouched) and the workflow runs on the branch
opp-campaign/<time>-<sha> created at that commit ('opp-campaign snapshot --prune' deletes both).

  DIR                  the model project (default: .)
  -c, --config NAME    a config to run (several allowed; default: as in opp-campaign.yml)
  -r, --runs FILTER    run filter: run numbers (0..9) or an expression ($numHosts > 10)
      --max-shards N   the most shards, 1-256 (default: the workflow's, 32)
      --ref REF        run this branch or tag of the GitHub repository as it is there
                       (uncommitted work and local commits are not part of it)
      --watch          follow the campaign until it ends (as 'opp-campaign watch')
      --remote NAME    the git remote snapshots are pushed to (default: origin)
      --repo O/N       the GitHub repository (default: the remote 'origin')
      --workflow FILE  the workflow file (default: campaign.yml)

${TOKEN_HELP}
A snapshot is pushed with git's own credentials, or OPP_CAMPAIGN_GIT_TOKEN (see snapshot).
`;async function submitCommand(argv,out,err,ctx=defaultClientContext()){const{values,positionals}=parseArgs({args:argv,allowPositionals:true,options:{config:{type:"string",short:"c",multiple:true},runs:{type:"string",short:"r"},"max-shards":{type:"string"},ref:{type:"string"},watch:{type:"boolean"},remote:{type:"string"},repo:{type:"string"},workflow:{type:"string"},help:{type:"boolean",short:"h"}}});if(values.help){await out.line(SUBMIT_HELP.trimEnd());return 0}if(positionals.length>1)throw new UsageError(`submit: one folder, not ${positionals.length}`);if(values.ref!==void 0&&values.ref.trim()==="")throw new UsageError("submit: --ref takes a branch or tag name");const dir=resolve(ctx.cwd,positionals[0]??".");const maxShards=intOption("--max-shards",values["max-shards"],1,MAX_SHARDS);return interruptible(err,()=>submit(values,dir,maxShards,out,err,ctx).catch(e=>{if(e instanceof IniError)placeIniError(e,relative(ctx.cwd,dir)||".");throw e}))}async function submit(values,dir,maxShards,out,err,ctx){const note=l=>err.write(`${l}
`);const conn=await connect(ctx,{repoFlag:values.repo,runRepo:void 0,dir,workflow:values.workflow??"campaign.yml",note});const gitToken=ctx.env["OPP_CAMPAIGN_GIT_TOKEN"];const s=await submitCampaign({...conn.client,git:createGitClient("cli"),workingCopy},{dir,configs:values.config??[],filter:values.runs,maxShards,ref:values.ref,remote:values.remote??"origin",gitToken:gitToken||void 0});note(`planned ${counted(s.planned.runs,"run")} in ${counted(s.planned.shards,"shard")}`);if(s.snapshot)note(`pushed ${s.snapshot.changed?"a snapshot of the working tree":"HEAD"} (${s.snapshot.sha}) to ${s.snapshot.ref}; the campaign runs on branch ${s.ref}`);const added=s.snapshot?untrackedNote(s.snapshot.untracked):void 0;if(added)note(added);if(s.dirtyIgnored)note(`note: uncommitted changes are not part of --ref ${s.ref}`);note(`started the campaign on ${s.ref}${s.sha?` at ${s.sha}`:""}`);await out.line(s.run.htmlUrl);await out.flush();if(!values.watch)return 0;return watchAndReport(conn.client,s.run.id,out,ctx.stdoutIsTTY?process.stdout:void 0)}export{SUBMIT_HELP,submitCommand};
