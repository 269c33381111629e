/**
 * How the component is bundled: by `npm run build` for publishing, by the benchmark for its
 * measuring processes, and by the bundle test, so that all three run the same JavaScript.
 */
import { type BuildOptions, build } from "esbuild";

export const bundleOptions: BuildOptions = {
  bundle: true,
  platform: "node",
  target: "node20",
  // CommonJS: `prism components:publish` loads `require("./index.js").default`.
  format: "cjs",
  // The ES module builds of the AWS SDK rather than its CommonJS ones: linked as modules, they
  // need none of the per-import copies of every export that CommonJS interop makes (16 MiB of
  // allocations while loading, which also grew V8's young generation to its maximum), and
  // commands nothing uses are left out. A loaded process measured 82 MiB RSS instead of 97 MiB.
  mainFields: ["module", "main"],
  // Those builds load some Node modules with import() (node:http, for one); as require() calls
  // they also work where the bundle is evaluated without an ES module loader (a vm context).
  supported: { "dynamic-import": false },
  // Without comments the bundle is pure ASCII, which V8 holds one byte per character (a single
  // non-ASCII comment makes it two): about 6 MiB less heap. Names stay readable in stack traces.
  minifyWhitespace: true,
  legalComments: "none",
  logLevel: "warning",
};

/** Bundles `entry` (a TypeScript module) into the single CommonJS file `outfile`. */
export async function bundle(entry: string, outfile: string): Promise<void> {
  await build({ ...bundleOptions, entryPoints: [entry], outfile });
}
