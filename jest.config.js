/**
 * Two projects. `unit`: tests that need no S3 server (pure logic, or loopback servers and the
 * fake AWS endpoint they start themselves); `npm run test:unit` runs them in seconds.
 * `integration`: tests against a real S3 server (Ceph RADOS Gateway), which the project's
 * globalSetup starts once for the run (or takes from S3_ENDPOINT) and its globalTeardown stops.
 * `jest` runs both; a project's globalSetup runs only when one of its tests is selected.
 */
const shared = {
  testEnvironment: "node",
  testMatch: ["**/*.test.ts"],
  transform: {
    // Type checking is `npm run typecheck`'s job; the transform only strips types.
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
};

module.exports = {
  projects: [
    { ...shared, displayName: "unit", roots: ["<rootDir>/test/unit"] },
    {
      ...shared,
      displayName: "integration",
      roots: ["<rootDir>/test/integration"],
      globalSetup: "<rootDir>/test/integration/globalSetup.ts",
      globalTeardown: "<rootDir>/test/integration/globalTeardown.ts",
    },
  ],
  testTimeout: 120000,
  maxWorkers: 2,
};
