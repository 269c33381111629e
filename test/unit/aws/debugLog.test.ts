/** The debug log's redaction, on the forms a session token and a signed request take in what the SDK logs. */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PassThrough } from "node:stream";
import { debugLog, redact } from "../../../src/aws/debugLog";

const TOKEN = "FwoGZXIvYXdzEJr//////////wEaDKx+Q/Ab=";

it.each([
  ["a canonical request's header line", `x-amz-security-token:${TOKEN}\nhost:bucket.s3.amazonaws.com`],
  ["an HTTP header", `X-Amz-Security-Token: ${TOKEN}`],
  ["a JSON key", `{"x-amz-security-token":"${TOKEN}"}`],
  ["a JSON key inside a JSON string", JSON.stringify({ headers: JSON.stringify({ "x-amz-security-token": TOKEN }) })],
  [
    "a header line inside a JSON string",
    JSON.stringify({ CanonicalRequest: `GET\n/\n\nx-amz-security-token:${TOKEN}\n` }),
  ],
  ["a URL query", `https://bucket.s3.amazonaws.com/a?X-Amz-Security-Token=${encodeURIComponent(TOKEN)}&X-Amz-Date=1`],
  [
    "a percent-encoded URL",
    `next=${encodeURIComponent(`https://bucket.s3.amazonaws.com/a?X-Amz-Security-Token=${TOKEN}`)}`,
  ],
  ["a credentials object", JSON.stringify({ accessKeyId: "ASIAEXAMPLE", sessionToken: TOKEN })],
  ["an S3 ExpiredToken error's Token-0 field", JSON.stringify({ Code: "ExpiredToken", "Token-0": TOKEN })],
  ["an S3 InvalidToken error document", `<Error><Code>InvalidToken</Code><Token-0>${TOKEN}</Token-0></Error>`],
])("hides a session token in %s", (_form, text) => {
  const redacted = redact(text);
  expect(redacted).not.toContain(TOKEN);
  expect(redacted).not.toContain(encodeURIComponent(TOKEN));
  expect(redacted).toContain("[redacted]");
});

it("writes byte bodies as their size, streams and cycles as notes, dates as dates", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "debug-log-"));
  const file = path.join(dir, "debug.log");
  const before = process.env.AWS_S3_DEBUG_FILE;
  process.env.AWS_S3_DEBUG_FILE = file;
  try {
    const input: Record<string, unknown> = {
      Body: Buffer.alloc(8 * 1024 * 1024),
      Part: new Uint8Array(5),
      Stream: new PassThrough(),
      When: new Date("2024-01-01T00:00:00.000Z"),
      Long: "x".repeat(3000),
    };
    input.Self = input;
    input.Again = { When: input.When };
    debugLog("UploadPart", { input });
    const [line] = fs.readFileSync(file, "utf8").trim().split("\n");
    expect(JSON.parse(line ?? "")).toMatchObject({
      content: [
        "UploadPart",
        {
          input: {
            Body: "<8388608 bytes>",
            Part: "<5 bytes>",
            Stream: "<stream>",
            When: "2024-01-01T00:00:00.000Z",
            Long: `${"x".repeat(2000)}…`,
            Self: "[circular]",
            Again: { When: "2024-01-01T00:00:00.000Z" },
          },
        },
      ],
    });
  } finally {
    if (before === undefined) delete process.env.AWS_S3_DEBUG_FILE;
    else process.env.AWS_S3_DEBUG_FILE = before;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
