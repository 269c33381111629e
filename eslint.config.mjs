import js from "@eslint/js";
import tseslint from "typescript-eslint";

/**
 * src/ is layered; each folder may import only from the layers before it (DEVELOPING.md, Layers):
 * glue → rules → aws → transfer, sns, eventSetup, polling → inputs → actions, triggers,
 * dataSources, connections → index.ts.
 */
const LAYERS = [
  ["glue"],
  ["rules"],
  ["aws"],
  ["transfer", "sns", "eventSetup", "polling"],
  ["inputs"],
  ["actions", "triggers", "dataSources", "connections"],
];

const restrictImports = (files, patterns) => ({ files, rules: { "no-restricted-imports": ["error", { patterns }] } });

const layerRules = LAYERS.flatMap((folders, level) =>
  folders.map((folder) => {
    const refused = LAYERS.slice(level)
      .flat()
      .filter((other) => other !== folder);
    return [
      {
        regex: `^(\\.\\./)+(${[...refused, "index"].join("|")})(/|$)`,
        message: `src/${folder} imports only from the layers before it: ${LAYERS.slice(0, level).flat().join(", ") || "none"} (DEVELOPING.md, Layers).`,
      },
      { regex: "^(\\.\\./)+(test|tools|bench)/", message: "src/ never imports from test/, tools/ or bench/." },
    ];
  }),
);

const layerConfigs = LAYERS.flat().map((folder, index) =>
  restrictImports([`src/${folder}/**/*.ts`], layerRules[index]),
);

/** An action group does not import from another group: what groups share lives in src/inputs or src/actions itself. */
const actionGroups = restrictImports(
  ["src/actions/*/**/*.ts"],
  [
    ...layerRules[LAYERS.flat().indexOf("actions")],
    {
      regex: "^\\.\\./[A-Za-z]+/",
      message:
        "An action group does not import from another: shared inputs go to src/inputs, shared output schemas to src/actions/.",
    },
  ],
);

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "coverage/"] },
  js.configs.recommended,
  // As @prismatic-io/eslint-config-spectral recommends for components: the type-checked rule sets.
  ...tseslint.configs.recommendedTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  { languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } } },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-non-null-assertion": "error",
      // An empty text input means "not set": `||` falls back on it deliberately.
      "@typescript-eslint/prefer-nullish-coalescing": ["error", { ignorePrimitives: { string: true } }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  { files: ["**/*.js", "**/*.mjs"], ...tseslint.configs.disableTypeChecked },
  ...layerConfigs,
  actionGroups,
  { files: ["jest.config.js"], languageOptions: { sourceType: "commonjs", globals: { module: "writable" } } },
);
