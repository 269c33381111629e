/**
 * A value that came from outside (a webhook request, a remote server, a pasted document) as
 * it may appear in an error, a refusal reason or a log line: control characters escaped, so
 * it cannot forge log lines or break a message, and cut to a short length.
 */
// Matching control characters is the point here.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export function echoed(value: string, max = 120): string {
  const cut =
    value.length > max ? `${value.slice(0, max)}… (${value.length.toLocaleString("en-US")} characters)` : value;
  return cut.replace(CONTROL, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
