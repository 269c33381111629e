/**
 * Jest globalTeardown: checks that the suite's debug log (every SDK call and every reported
 * error of the whole run) holds no secret, then stops the local Ceph and removes its files.
 */
import * as fs from "node:fs";
import { secretsIn } from "../support/secrets";
import type { TestS3State } from "./globalSetup";

export default async function globalTeardown(): Promise<void> {
  const state: TestS3State | undefined = globalThis.__awsS3TestState;
  globalThis.__awsS3TestState = undefined;
  if (state === undefined) return;
  try {
    await state.server?.stop();
    const log = fs.readFileSync(state.debugLogFile, "utf8");
    const lines = log.split("\n").filter(Boolean).length;
    const leaks = secretsIn(log, [
      state.target.secretAccessKey,
      state.target.sessionToken,
      state.target.secondUser?.secretAccessKey,
    ]);
    if (lines === 0) {
      // Only files that make no SDK call ran (aws/secretHygiene.test.ts makes sure the log is written when one does).
      process.stderr.write("secret check: these tests made no SDK call, so the debug log is empty\n");
      return;
    }
    if (leaks.length > 0)
      throw new Error(`the debug log of the suite (${lines} lines) contains secrets: ${leaks.join(", ")}`);
    process.stderr.write(
      `secret check: ${lines.toLocaleString("en-US")} debug log lines of the whole suite, no secret, session token or signature in them\n`,
    );
  } finally {
    fs.rmSync(state.dir, { recursive: true, force: true });
  }
}
