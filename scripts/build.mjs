// Bundles the component into the CommonJS dist/index.js that `prism components:publish`
// loads (`require("./index.js").default`), with the icon beside it.
import { copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { build } from "esbuild";

rmSync("dist", { recursive: true, force: true });
mkdirSync("dist");
await build({
  entryPoints: ["src/index.ts"],
  outfile: "dist/index.js",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  legalComments: "none",
  logLevel: "warning",
});
for (const asset of readdirSync("assets")) copyFileSync(`assets/${asset}`, `dist/${asset}`);
console.log("built dist/index.js and copied", readdirSync("assets").join(", "));
