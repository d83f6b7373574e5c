import { OptionalPackages } from './optional-packages.js';
import { measurePresetCacheHit } from './preset-cache-hit.js';

// argv[2]: `{ url, timeMs, rounds }`. Measures the preset's cache hit in this fresh process and reports the
// fastest round over IPC (rounds differ by what else the machine does, not by what the client does).
const { url, timeMs, rounds } = JSON.parse(process.argv[2]!) as { url: string; timeMs: number; rounds: number };
const packages = await OptionalPackages.load();
let best: Awaited<ReturnType<typeof measurePresetCacheHit>>;
for (let i = 0; i < rounds; i++) {
  const hit = await measurePresetCacheHit(packages, url, timeMs);
  if (hit !== undefined && (best === undefined || hit.nsPerOp < best.nsPerOp)) best = hit;
}
process.send?.(best ?? null);
