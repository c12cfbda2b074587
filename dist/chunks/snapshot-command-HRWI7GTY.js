import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import{createGitClient}from"./chunk-LQUH6IL3.js";import{listSnapshots,pruneSnapshots,scratchRefTime,takeSnapshot,untrackedNote}from"./chunk-ZHKRD4AM.js";import"./chunk-SFHSNMBB.js";import"./chunk-XYQHEJG6.js";import"./chunk-Y457V335.js";import"./chunk-K7734TA6.js";import"./chunk-GOY5PCEP.js";import{UsageError}from"./chunk-5MMY7JVP.js";import"./chunk-UJU4DPBS.js";import{SettingsError,parseDuration}from"./chunk-7M6524H5.js";import"./chunk-I764LGDG.js";import"./chunk-X5LVWHOC.js";import{statSync}from"node:fs";import{parseArgs}from"node:util";var SNAPSHOT_HELP=`Usage: opp-campaign snapshot [DIR] [--remote NAME] [--list] [--prune [--older-than DUR]]

Commits the working tree of DIR's repository (tracked files and untracked files that are not
ignored) into a commit whose parent is HEAD, pushes it to refs/opp-campaign/<time>-<sha> on the
remote and prints its SHA: a campaign can run that commit. Your branch, index, stash and files
are not touched. With no changes, HEAD itself is pushed. A work tree unchanged since a
snapshot on the remote (same files, same HEAD) reuses it: the same SHA, its ref renamed
to the current time (so --older-than counts from its last use). It says how many untracked files go in, and refuses untracked files that look like credentials (.env, *.pem, *.key, id_rsa, .netrc, ...),
a git repository in the project that is not a submodule, a submodule with uncommitted changes,
and a submodule commit that no branch of its remote has.

  DIR                 a folder in the repository (default: .)
      --remote NAME   remote name or URL (default: origin)
      --list          list the scratch refs on the remote: SHA, ref, when taken
      --prune         delete the scratch refs on the remote, and the branches 'submit' made
                      at them (opp-campaign/<time>-<sha>; resume-of-RUN branches stay)
      --older-than D  with --prune: only those taken longer ago than D (7d, 12h, 30m)

A token for an HTTPS remote is read from OPP_CAMPAIGN_GIT_TOKEN (sent as an HTTP header,
never written anywhere); without it, git's own credentials are used.
`;async function snapshotCommand(argv,out,err){const{values,positionals}=parseArgs({args:argv,allowPositionals:true,options:{remote:{type:"string"},list:{type:"boolean"},prune:{type:"boolean"},"older-than":{type:"string"},help:{type:"boolean",short:"h"}}});if(values.help){await out.line(SNAPSHOT_HELP.trimEnd());return 0}if(positionals.length>1)throw new UsageError(`snapshot: one folder, not ${positionals.length}`);if(values.list&&values.prune)throw new UsageError("snapshot: --list or --prune, not both");if(values["older-than"]!==void 0&&!values.prune)throw new UsageError("snapshot: --older-than goes with --prune");const dir=positionals[0]??".";if(!statSync(dir,{throwIfNoEntry:false})?.isDirectory())throw Object.assign(new Error(`snapshot: ${dir}: no such folder`),{userFacing:true});const token=process.env["OPP_CAMPAIGN_GIT_TOKEN"];const ctx={git:createGitClient("cli"),dir,remote:values.remote??"origin",now:Date.now(),...token?{token}:{}};if(values.list){for(const s2 of await listSnapshots(ctx))await out.line(`${s2.sha} ${s2.ref}${s2.createdMs===void 0?"":` ${new Date(s2.createdMs).toISOString()}`}`);return 0}if(values.prune){const deleted=await pruneSnapshots(ctx,olderThan(values["older-than"]));for(const ref of[...deleted.refs,...deleted.branches])await out.line(ref);err.write(`deleted ${deleted.refs.length} scratch ref(s) and ${deleted.branches.length} dispatch branch(es) on ${ctx.remote}
`);return 0}const s=await takeSnapshot(ctx);await out.line(s.sha);const added=untrackedNote(s.untracked);if(added)err.write(`${added}
`);if(s.reused){const old=s.renewed?.ref??s.ref;const taken=scratchRefTime(old);const renewed=old===s.ref?"nothing pushed":`its commit now at ${s.ref} (nothing else pushed${s.renewed?.kept?`; ${old} stays: 'submit' dispatched on it`:`, ${old} deleted`}), so --prune --older-than counts its age from now`;err.write(`the working tree is as it was for the snapshot ${old}${taken===void 0?"":` (taken ${new Date(taken).toISOString()})`} on ${ctx.remote}: that snapshot is reused, ${renewed}
`);return 0}err.write(`pushed ${s.changed?"a snapshot of the working tree":"HEAD (no uncommitted changes)"} to ${s.ref} on ${ctx.remote}
`);return 0}function olderThan(v){if(v===void 0)return void 0;const days=/^\s*(\d+(?:\.\d+)?)\s*d\s*$/.exec(v);if(days)return Number(days[1])*864e5;try{return parseDuration(v,["older-than"])}catch(e){if(e instanceof SettingsError)throw new UsageError(`snapshot: --older-than takes a duration such as 7d, 12h or 30m, not '${v}'`);throw e}}export{SNAPSHOT_HELP,snapshotCommand};
