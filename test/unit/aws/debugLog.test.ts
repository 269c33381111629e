/** The debug log's redaction, on the forms a session token and a signed request take in what the SDK logs. */
import { redact } from "../../../src/aws/debugLog";

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
])("hides a session token in %s", (_form, text) => {
  const redacted = redact(text);
  expect(redacted).not.toContain(TOKEN);
  expect(redacted).not.toContain(encodeURIComponent(TOKEN));
  expect(redacted).toContain("[redacted]");
});
