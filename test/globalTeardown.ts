/** Jest globalTeardown: stops the local Ceph started by globalSetup and removes its files. */
import * as fs from "node:fs";
import type { TestS3State } from "./globalSetup";

export default async function globalTeardown(): Promise<void> {
  const state: TestS3State | undefined = globalThis.__awsS3TestState;
  globalThis.__awsS3TestState = undefined;
  if (state === undefined) return;
  try {
    await state.server?.stop();
  } finally {
    fs.rmSync(state.dir, { recursive: true, force: true });
  }
}
