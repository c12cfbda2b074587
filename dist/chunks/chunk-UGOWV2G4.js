import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);
import {
  compareRuns,
  describeGroup,
  groupFailures,
  runLabel,
  someRuns
} from "./chunk-YZN3N6A5.js";

// src/app/summary.ts
var SUMMARY_LIMIT = 1024 * 1024;
var esc = (s) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");
function table(header, rows, maxRows) {
  const lines = [`| ${header.join(" | ")} |`, `|${header.map(() => "---").join("|")}|`];
  for (const r of rows.slice(0, maxRows)) lines.push(`| ${r.map(esc).join(" | ")} |`);
  if (rows.length > maxRows)
    lines.push("", `_\u2026 and ${rows.length - maxRows} more (see the artifact's runs.csv)._`);
  return lines.join("\n");
}
var secs = (ms) => (ms / 1e3).toFixed(2);
function shardSummary(shardIndex, records, notInCheckout, interrupted) {
  const ok = records.filter((r) => r.status === "ok").length;
  const parts = [
    `## Shard ${shardIndex}${interrupted ? " (interrupted)" : ""}`,
    "",
    `${records.length} runs: ${ok} succeeded, ${records.length - ok} failed.` + (notInCheckout ? ` ${notInCheckout} planned runs are not produced by this checkout.` : ""),
    "",
    table(
      [
        "config",
        "run",
        "iteration variables",
        "status",
        "attempts",
        "wall time (s)",
        "peak memory (MiB)"
      ],
      records.map((r) => [
        r.config,
        String(r.run),
        r.itervars,
        r.status === "ok" ? "ok" : `**${r.status}**`,
        String(r.attempt),
        secs(r.wallMs),
        r.peakKiB === null ? "" : (r.peakKiB / 1024).toFixed(1)
      ]),
      500
    )
  ];
  return clip(parts.join("\n") + "\n");
}
function mergeSummary(f) {
  const complete = f.failed.length === 0 && f.missing.length === 0;
  const parts = [
    `## Campaign ${complete ? "complete" : "incomplete"}`,
    "",
    `| planned | succeeded | failed | missing |`,
    `|---|---|---|---|`,
    `| ${f.expected} | ${f.ok} | ${f.failed.length} | ${f.missing.length} |`,
    "",
    `Merged results: artifact \`${f.artifact}\`.`
  ];
  if (f.shardsMissing.length > 0)
    parts.push("", `Shards that uploaded nothing: ${f.shardsMissing.join(", ")}.`);
  if (f.failed.length > 0) parts.push("", "### Failed runs", "", ...failedRunLines(f.failed));
  if (f.missing.length > 0) {
    parts.push("", "### Missing runs", "");
    parts.push(
      table(
        ["config", "run", "shard"],
        f.missing.map((m) => [m.config, String(m.run), String(m.shard)]),
        200
      )
    );
  }
  if (f.scalarsTable) parts.push("", "### Key scalars", "", f.scalarsTable);
  return clip(parts.join("\n") + "\n");
}
var COMMENT_LIMIT = 65536;
function commentBody(markdown, summaryUrl) {
  if (markdown.length <= COMMENT_LIMIT) return markdown;
  const note = `

_(cut to fit a comment: the whole summary is on [the workflow run's page](${summaryUrl}).)_
`;
  const fence = "\n```";
  let cut = markdown.slice(0, COMMENT_LIMIT - note.length - fence.length);
  cut = cut.slice(0, Math.max(0, cut.lastIndexOf("\n")));
  const fences = cut.split("\n").filter((l) => l.trimStart().startsWith("```")).length;
  return cut + (fences % 2 === 1 ? fence : "") + note;
}
function failureAnnotations(failed, shardIndex) {
  const groups = groupFailures([...failed].sort(compareRuns));
  const out = groups.slice(0, 9).map((g) => {
    const first = g.runs[0];
    const message = `${runLabel(first)}: ${first.status}${first.message ? `: ${first.message}` : ""}`;
    return g.runs.length === 1 ? { title: `run ${first.config} #${first.run} ${g.status}`, message } : { title: describeGroup(g), message: `${message}
runs: ${someRuns(g.runs)}` };
  });
  if (groups.length > 9) {
    const rest = groups.slice(9).reduce((n, g) => n + g.runs.length, 0);
    out.push({
      title: "more failed runs",
      message: `${rest} more runs failed: see the step summary of shard ${shardIndex}`
    });
  }
  return out;
}
function failedRunLines(failed) {
  const groups = groupFailures([...failed].sort(compareRuns));
  const name = (r) => `**${r.config} #${r.run}** (${esc(r.itervars)})`;
  const lines = [];
  for (const g of groups.slice(0, 50)) {
    const first = g.runs[0];
    const message = first.message ? `: ${esc(first.message)}` : "";
    if (g.runs.length === 1) lines.push(`- ${name(first)}: ${first.status}${message}`);
    else {
      lines.push(
        `- **${esc(describeGroup(g))}**: ${someRuns(g.runs, name)}`,
        `  first: ${first.status}${message}`
      );
    }
    if (first.command) lines.push("  ```sh", `  ${first.command}`, "  ```");
  }
  if (groups.length > 50) lines.push(`- \u2026 and ${groups.length - 50} more causes`);
  return lines;
}
function clip(md) {
  if (Buffer.byteLength(md) <= SUMMARY_LIMIT) return md;
  const note = "\n\n_(summary cut at GitHub\u2019s 1 MiB limit)_\n";
  return Buffer.from(md).subarray(0, SUMMARY_LIMIT - Buffer.byteLength(note) - 4).toString() + note;
}

export {
  shardSummary,
  mergeSummary,
  commentBody,
  failureAnnotations
};
