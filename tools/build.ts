/** `npm run build`: dist/index.js (the component, as `prism components:publish` loads it) and the icon beside it. */
import { copyFileSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { bundle } from "./bundle";

async function main(): Promise<void> {
  rmSync("dist", { recursive: true, force: true });
  mkdirSync("dist");
  await bundle("src/index.ts", "dist/index.js");
  for (const asset of readdirSync("assets")) copyFileSync(`assets/${asset}`, `dist/${asset}`);
  console.log("built dist/index.js and copied", readdirSync("assets").join(", "));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
