/**
 * How the component is bundled: by `npm run build` for publishing, by the benchmark for its
 * measuring processes, and by the bundle test, so that all three run the same JavaScript.
 */
import { readFile } from "node:fs/promises";
import { type BuildOptions, build, type Plugin } from "esbuild";

/**
 * Modules spectral requires when it loads but a component only needs for rare calls: axios
 * (a code-native integration's invokeFlow), yaml and the zod configuration schema (converting
 * integrations), date-fns (branch conditions), jest-mock (the testing harness). Together they
 * are most of what a loaded process holds beyond Node, the SDK and the component itself, and
 * every process paid for them before running any step.
 */
const LAZY_IN_SPECTRAL = ["axios", "yaml", "zod", "date-fns", "jest-mock", "./configurationSchema"];

/** `const x_1 = require("m");`, optionally wrapped in TypeScript's `__importDefault(…)` or `__importStar(…)`. */
const REQUIRE_LINE = /^(const|var|let) (\w+) = ((?:__importDefault|__importStar)\()?require\("([^"]+)"\)\)?;$/gm;

/**
 * Turns spectral's top-level `require` of those modules into a stand-in that requires the
 * module on its first property read. TypeScript's CommonJS output only ever reads properties
 * of such a binding (`(0, x_1.fn)(…)`, `x_1.default`), so the module behaves as before; it is
 * just evaluated when first used instead of at load. esbuild still bundles it, so nothing is
 * fetched at run time.
 */
export const lazySpectralRequires: Plugin = {
  name: "lazy-spectral-requires",
  setup(builder) {
    builder.onLoad(
      { filter: /[\\/]node_modules[\\/]@prismatic-io[\\/]spectral[\\/]dist[\\/].*\.js$/ },
      async (args) => {
        const source = await readFile(args.path, "utf8");
        const contents = source.replace(
          REQUIRE_LINE,
          (line: string, keyword: string, name: string, wrapper: string | undefined, specifier: string) => {
            if (!LAZY_IN_SPECTRAL.includes(specifier)) return line;
            const load = wrapper
              ? `${wrapper}require(${JSON.stringify(specifier)}))`
              : `require(${JSON.stringify(specifier)})`;
            return `let ${name}__loaded; ${keyword} ${name} = new Proxy({}, { get: (_, key) => (${name}__loaded ??= ${load})[key] });`;
          },
        );
        return { contents, loader: "js" };
      },
    );
  },
};

export const bundleOptions: BuildOptions = {
  bundle: true,
  platform: "node",
  target: "node20",
  // CommonJS: `prism components:publish` loads `require("./index.js").default`.
  format: "cjs",
  // The ES module builds of the AWS SDK rather than its CommonJS ones: linked as modules, they
  // need none of the per-import copies of every export that CommonJS interop makes (allocations
  // while loading that also grew V8's young generation to its maximum), and commands nothing
  // uses are left out.
  mainFields: ["module", "main"],
  // Those builds load some Node modules with import() (node:http, for one); as require() calls
  // they also work where the bundle is evaluated without an ES module loader (a vm context).
  supported: { "dynamic-import": false },
  // Without comments the bundle is pure ASCII, which V8 holds one byte per character (a single
  // non-ASCII comment makes it two), so its source takes half the heap. Names stay readable in
  // stack traces.
  minifyWhitespace: true,
  legalComments: "none",
  plugins: [lazySpectralRequires],
  logLevel: "warning",
};

/** Bundles `entry` (a TypeScript module) into the single CommonJS file `outfile`. */
export async function bundle(entry: string, outfile: string): Promise<void> {
  await build({ ...bundleOptions, entryPoints: [entry], outfile });
}
