/**
 * The hint table itself (src/aws/errorHints.ts): every row gives a hint a builder can act on,
 * for every shape of request, and every row is reached by its code.
 */
import type { Connection } from "@prismatic-io/spectral";
import { HINTS, hintFor, OPERATION_HINTS } from "../../../src/aws/errorHints";
import type { RequestInfo } from "../../../src/aws/errors";

const connection: Connection = { key: "apiKeySecret", configVarKey: "apiKeySecret", fields: {} };

const REQUESTS: readonly (RequestInfo | undefined)[] = [
  undefined,
  { connection, operation: "ListBucketsCommand" },
  { connection, operation: "HeadBucketCommand", bucket: "acme-data" },
  { connection, operation: "GetObjectCommand", bucket: "acme-data", key: "reports/q1.csv" },
];

/** A hint reads as the end of "Hint: …": a lower-case start, a full stop, no "undefined". */
function expectReadable(hint: string | undefined): void {
  expect(hint).toMatch(/^[a-zS][^]*[.)]$/);
  expect(hint).not.toContain("undefined");
}

describe("the error hint table", () => {
  it.each(Object.keys(HINTS))("%s has a readable hint for every request", (code) => {
    for (const info of REQUESTS) expectReadable(hintFor({ code, status: 400, summary: code }, info));
  });

  const operationRows = Object.entries(OPERATION_HINTS).flatMap(([code, byOperation]) =>
    Object.keys(byOperation).map((operation) => [code, operation] as const),
  );
  it.each(operationRows)("%s on %s has its own hint, read before the code's row", (code, operation) => {
    const info: RequestInfo = { connection, operation: `${operation}Command`, bucket: "b", key: "k" };
    const hint = hintFor({ code, status: 400, summary: code }, info);
    expectReadable(hint);
    const general = HINTS[code];
    if (general !== undefined) {
      expect(hint).not.toBe(hintFor({ code, status: 400, summary: code }, { ...info, operation: "PutObjectCommand" }));
    }
  });
});
