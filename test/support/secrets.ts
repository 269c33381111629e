/** What must never appear in a log line, an error or printed output. */

/** Names the kinds of secret found in `text`: given secret values, and signatures of any request. */
export function secretsIn(text: string, secrets: readonly (string | undefined)[]): string[] {
  const found: string[] = [];
  secrets.forEach((secret, index) => {
    if (secret && secret.length >= 8 && text.includes(secret)) found.push(`secret #${index + 1}`);
  });
  if (/X-Amz-Signature=[0-9a-f]{16,}/i.test(text)) found.push("a presigned URL signature");
  if (/X-Amz-Security-Token=(?!\[redacted\])[^&\s"]{8,}/i.test(text)) found.push("a session token in a URL");
  if (/Signature=[0-9a-f]{64}/.test(text)) found.push("a request signature");
  return found;
}
