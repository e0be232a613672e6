// Reads a .cpuprofile (V8's sampling profile, as `node --cpu-prof` or the inspector write it)
// and tells where the time went: by function (self and inclusive) and by kind of code.
import { readFile } from "node:fs/promises";
import { relative } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Share of the samples by kind of code (self time). */
  byKind: { kind: string; ms: number; share: number }[];
  /** The functions with the most self time. */
  self: { name: string; ms: number; share: number }[];
  /** The project's own functions (src/) with the most inclusive time. */
  inclusive: { name: string; ms: number; share: number }[];
}

const root = new URL("../../", import.meta.url).pathname;

function place(url: string): string {
  if (url === "") return "";
  const path = url.startsWith("file://") ? new URL(url).pathname : url;
  return path.startsWith("/") ? relative(root, path) : path;
}

function kindOf(frame: ProfileNode["callFrame"]): string {
  const { functionName, url } = frame;
  if (functionName === "(garbage collector)") return "garbage collector";
  if (functionName === "(idle)") return "idle";
  if (functionName === "(program)") return "V8/native (program)";
  if (url.includes("@electric-sql/pglite")) return "PGlite (WASM PostgreSQL and its JS)";
  if (url.includes("node_modules/pg") || url.includes("node_modules/pg-protocol")) return "pg driver";
  if (url.includes("node_modules/zod")) return "zod";
  if (url.includes("node_modules/undici") || url.startsWith("node:internal/deps/undici")) return "undici (fetch)";
  if (url.startsWith("node:")) return "node internals";
  if (url === "") return "native/builtins";
  const path = place(url);
  if (path.startsWith("src/server/store")) return "src/server/store";
  if (path.startsWith("src/server/service")) return "src/server/service";
  if (path.startsWith("src/server")) return "src/server (client, schemas, http, adapter)";
  if (path.startsWith("bench/")) return "bench harness";
  return path.startsWith("node_modules/") ? path.split("/").slice(0, 2).join("/") : path;
}

const nameOf = (frame: ProfileNode["callFrame"]) =>
  `${frame.functionName || "(anonymous)"} ${place(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ""}`;

export async function summarizeProfile(path: string, top = 20): Promise<ProfileSummary> {
  const profile = JSON.parse(await readFile(path, "utf8")) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<string, number>();
  const kinds = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index + 1] ?? profile.timeDeltas[index] ?? 0) / 1000;
    const node = byId.get(id);
    if (!node) return;
    total += ms;
    self.set(nameOf(node.callFrame), (self.get(nameOf(node.callFrame)) ?? 0) + ms);
    kinds.set(kindOf(node.callFrame), (kinds.get(kindOf(node.callFrame)) ?? 0) + ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)!.callFrame;
      if (!place(frame.url).startsWith("src/")) continue;
      const name = nameOf(frame);
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
    }
  });
  const ranked = (map: Map<string, number>, count: number) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, count)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), share: ms / total }));
  return {
    totalMs: Math.round(total),
    byKind: ranked(kinds, 100).map(({ name, ms, share }) => ({ kind: name, ms, share })),
    self: ranked(self, top),
    inclusive: ranked(inclusive, top),
  };
}

export function printProfile(title: string, summary: ProfileSummary): void {
  const pct = (share: number) => `${(share * 100).toFixed(1).padStart(5)} %`;
  console.log(`\n${title}: ${summary.totalMs} ms sampled`);
  console.log("  by kind of code (self time):");
  for (const { kind, share } of summary.byKind) if (share >= 0.005) console.log(`    ${pct(share)}  ${kind}`);
  console.log("  functions, self time:");
  for (const { name, share } of summary.self) console.log(`    ${pct(share)}  ${name}`);
  console.log("  src/ functions, inclusive time:");
  for (const { name, share } of summary.inclusive) console.log(`    ${pct(share)}  ${name}`);
}
