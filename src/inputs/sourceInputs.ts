/** Where uploadFromUrl fetches from, and within which bounds. */
import { describe, InputError, type InputRef, keyValueRecord, requiredText } from "../glue/clean";
import { booleanInput, integerInput, keyValueListInput, placeInputs, textInput } from "../glue/inputKit";
import { REQUEST_OWNED_HEADERS } from "../transfer/http/sourceRequest";

/** Headers for the source: any but those the request writes itself, one line each. */
function sourceHeaders(ref: InputRef, value: unknown): Record<string, string> | undefined {
  const headers = keyValueRecord(ref, value);
  for (const [name, text] of Object.entries(headers ?? {})) {
    if (REQUEST_OWNED_HEADERS.includes(name.trim().toLowerCase())) {
      throw new InputError(ref, `"${name}" is set by the request itself and cannot be given; remove it.`);
    }
    if (/[\r\n\0]/.test(text))
      throw new InputError(ref, `the value of "${name}" contains a line break or NUL character; give it on one line.`);
  }
  return headers;
}

function sourceUrl(ref: InputRef, value: unknown): URL {
  const text = requiredText(ref, value).trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(
      ref,
      `${describe(text)} is not a URL; give an absolute http or https URL such as https://example.com/files/report.pdf.`,
    );
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new InputError(ref, `only http and https URLs can be fetched; got a ${url.protocol.replace(/:$/, "")} URL.`);
  }
  if (url.username || url.password) {
    throw new InputError(
      ref,
      "must not carry a user name or password; send credentials in Source Headers (for example Authorization).",
    );
  }
  return url;
}

export const sourceInputs = placeInputs({
  url: textInput(
    {
      label: "Source URL",
      comments: "The http or https URL to download, e.g. https://example.com/exports/data.csv. Redirects are followed.",
      required: true,
    },
    sourceUrl,
  ),
  headers: keyValueListInput(
    {
      label: "Source Headers",
      comments:
        "HTTP headers for the request to the source (key-value pairs), e.g. Authorization: Bearer <token>. They go to the source's origin only: a redirect to another origin drops them all.",
    },
    sourceHeaders,
  ),
  allowPrivateNetwork: booleanInput({
    label: "Allow Private Network",
    comments:
      "Off: only sources on the public internet are fetched; loopback, private and unique-local addresses are refused, also after a redirect. On: those are allowed too, for a source inside your private network. Link-local addresses (169.254.x.x, fe80::, where cloud metadata services answer) are never fetched.",
  }),
  timeoutSeconds: integerInput({
    label: "Time Limit (seconds)",
    comments:
      "The whole transfer must finish within this many seconds, 1 to 900 (a step runs for at most 15 minutes); otherwise it stops and nothing is stored.",
    min: 1,
    max: 900,
    fallback: 840,
  }),
});
