/** What a value from outside looks like once it is quoted in an error or a log line. */
import { headerText, InputError } from "../../../src/glue/clean";
import { echoed } from "../../../src/glue/echo";

it("escapes control characters and cuts long values, saying how long they were", () => {
  expect(echoed("arn:aws:sns:us-east-1:1:t\nINFO forged log line\u0000")).toBe(
    "arn:aws:sns:us-east-1:1:t\\u000aINFO forged log line\\u0000",
  );
  const long = `${"x".repeat(400_000)}\n`;
  expect(echoed(long, 50)).toBe(`${"x".repeat(50)}… (400,001 characters)`);
  expect(echoed("line\u2028separator")).toBe("line\\u2028separator");
});

it("refuses header text with control or non-ASCII characters, naming the input and the position", () => {
  const ref = { key: "cacheControl", label: "Cache-Control" };
  expect(headerText(ref, "max-age=60,\tpublic")).toBe("max-age=60,\tpublic");
  expect(() => headerText(ref, "max-age=60\r\nx-injected: 1")).toThrow(
    new InputError(
      ref,
      "the value has a control character (\\u000d) at position 11, which an HTTP header cannot carry; use plain ASCII text on one line.",
    ),
  );
  expect(() => headerText(ref, 'attachment; filename="résumé.pdf"')).toThrow(
    /the non-ASCII character "é" at position 24/,
  );
});
