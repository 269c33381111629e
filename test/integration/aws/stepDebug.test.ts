/**
 * The platform's per-step debug mode: a step whose context has debug on gets the same redacted
 * request log in its own logger; a step without it gets nothing, even beside one that has it.
 */
import type { ActionLogger } from "@prismatic-io/spectral";
import { harness, keyConnection, region, useTestBucket } from "../../support/harness";
import { secretsIn } from "../../support/secrets";
import { testTarget } from "../../support/target";

const { bucket } = useTestBucket("step-debug");

interface StepLog {
  logger: ActionLogger;
  debugLines: string[];
}

/** A step logger of its own per step, so no line can come from another step's logger. */
function stepLog(): StepLog {
  const debugLines: string[] = [];
  const ignore = (): undefined => undefined;
  return {
    debugLines,
    logger: {
      metric: ignore,
      trace: ignore,
      debug: (...content: unknown[]) => debugLines.push(content.map(String).join(" ")),
      info: ignore,
      log: ignore,
      warn: ignore,
      error: ignore,
    },
  };
}

async function headInStep(debug: boolean, objectKey: string): Promise<StepLog> {
  const log = stepLog();
  // Spectral builds `context.debug.enabled` from the execution's globalDebug.
  const context = { logger: log.logger, globalDebug: debug };
  await harness
    .action("headObject", { accessKey: keyConnection(), awsRegion: region(), bucket, objectKey }, context)
    .catch(() => undefined);
  return log;
}

describe("the platform's debug mode (context.debug.enabled)", () => {
  it("sends each SDK call, redacted, to the step's logger", async () => {
    const { debugLines } = await headInStep(true, "missing-in-debug.txt");
    expect(debugLines.length).toBeGreaterThan(0);
    const record = debugLines.join("\n");
    expect(record).toContain('"commandName":"HeadObjectCommand"');
    expect(record).toContain("missing-in-debug.txt");
    expect(secretsIn(record, [testTarget().secretAccessKey])).toEqual([]);
  });

  it("logs nothing to a step that is not in debug mode, even while another step is", async () => {
    const [off, on] = await Promise.all([headInStep(false, "quiet.txt"), headInStep(true, "loud.txt")]);
    expect(off.debugLines).toEqual([]);
    expect(on.debugLines.join("\n")).toContain("loud.txt");
    expect(on.debugLines.join("\n")).not.toContain("quiet.txt");
  });
});
