import { describe, expect, it } from "vitest";
import { hotFunctions, splitCpu, type CpuProfile } from "../../scripts/lib/profile";

// The benchmark's billed-CPU split of a V8 profile (scripts/lib/profile.ts): app, D1 client, idle, program.
const frame = (id: number, functionName: string, url: string, children: number[] = []) => ({ id, callFrame: { functionName, url, scriptId: String(id) }, children });

describe("splitCpu", () => {
  it("counts app frames and GC as app, D1 client frames (and what they call) apart, idle/program/tracing out", () => {
    const profile: CpuProfile = {
      nodes: [
        frame(1, "(root)", "", [2, 3, 4, 5, 8, 9, 10]),
        frame(2, "(idle)", ""),
        frame(3, "(program)", ""),
        frame(4, "(garbage collector)", ""),
        frame(5, "render", "file:///index.js", [6]),
        frame(6, "all", "cloudflare-internal:d1-api", [7]),
        frame(7, "text", ""),
        frame(8, "enterSpan", "cloudflare-internal:tracing-helpers"),
        frame(9, "fetch", "file:///index.js"),
        frame(10, "__facade_invoke__", "file:///index.js"),
      ],
      startTime: 0,
      endTime: 12_000,
      // 1 ms each: idle ×3, program ×1, gc ×1, render ×2, d1 (all) ×1, d1 (text under all) ×1, tracing ×1, fetch ×1,
      // wrangler's dev facade (self) ×1
      samples: [2, 2, 2, 3, 4, 5, 5, 6, 7, 8, 9, 10],
      timeDeltas: Array(12).fill(1000),
    };
    const split = splitCpu(profile);
    expect(split).toMatchObject({ appMs: 4, d1Ms: 2, idleMs: 3, programMs: 1, plumbingMs: 2, gcMs: 1, wallMs: 12 });
    expect(hotFunctions(profile, 2).map((h) => h.name)).toEqual(["render", "(garbage collector)"]);
  });
});

describe("capped (the sample cap npm run bench and npm run profile:pages share)", () => {
  it("caps each sample's time, keeps the rest of the profile, and leaves it unchanged with the cap off", async () => {
    const { capped } = await import("../../scripts/lib/profile");
    const profile: CpuProfile = { nodes: [frame(1, "(root)", "")], startTime: 0, endTime: 5_000, samples: [1, 1, 1, 1], timeDeltas: [100, 4_000, 250, 251] };
    expect(capped(profile, 250)).toEqual({ ...profile, timeDeltas: [100, 250, 250, 250] });
    expect(capped(profile, 0)).toBe(profile);
    expect(profile.timeDeltas).toEqual([100, 4_000, 250, 251]);
  });
});
