import { OptionalPackages } from './optional-packages.js';
import { measurePresetCacheHit } from './preset-cache-hit.js';

// argv[2]: `{ url, timeMs, rounds }`. Measures the preset's cache hit in this fresh process, one client, and reports
// its fastest round as one JSON line on stdout.
const { url, timeMs, rounds } = JSON.parse(process.argv[2]!) as { url: string; timeMs: number; rounds: number };
const hit = await measurePresetCacheHit(await OptionalPackages.load(), url, timeMs, rounds);
process.stdout.write(`${JSON.stringify(hit ?? null)}\n`);
