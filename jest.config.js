/** Tests run against a real S3 server (Ceph RADOS Gateway) started once for the whole run. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: {
    // Type checking is `npm run typecheck`'s job; the transform only strips types.
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
  globalSetup: "<rootDir>/test/globalSetup.ts",
  globalTeardown: "<rootDir>/test/globalTeardown.ts",
  testTimeout: 120000,
  maxWorkers: 2,
};
