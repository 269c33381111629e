/**
 * Three projects. `unit`: tests that need no S3 server (pure logic, or loopback servers and the
 * fake AWS endpoint they start themselves), in seconds. `integration`: tests against a real S3
 * server (Ceph RADOS Gateway), which the project's globalSetup starts once for the run (or takes
 * from S3_ENDPOINT) and its globalTeardown stops; each file uses buckets of its own, so files run
 * in parallel. `scale`: the same server at sizes that take minutes (`npm run test:scale`).
 * `npm test` (tools/test.ts) runs unit and integration; a project's globalSetup runs only when one
 * of its tests is selected.
 */
const shared = {
  testEnvironment: "node",
  testMatch: ["**/*.test.ts"],
  transform: {
    // Type checking is `npm run typecheck`'s job; the transform only strips types.
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
};
const server = {
  globalSetup: "<rootDir>/test/integration/globalSetup.ts",
  globalTeardown: "<rootDir>/test/integration/globalTeardown.ts",
};

module.exports = {
  projects: [
    { ...shared, displayName: "unit", roots: ["<rootDir>/test/unit"] },
    { ...shared, ...server, displayName: "integration", roots: ["<rootDir>/test/integration"] },
    { ...shared, ...server, displayName: "scale", roots: ["<rootDir>/test/scale"] },
  ],
  testTimeout: 120000,
  maxWorkers: 2,
};
