/**
 * Hides credentials in text: secret keys, session tokens and signatures, in every form a
 * request, an SDK log record or a service's answer carries them. Used by the debug log and
 * by the error mapper on the messages services send back.
 */

const SECRET_PATTERNS: [RegExp, string][] = [
  // Presigned URLs and Authorization headers.
  [/(X-Amz-(?:Signature|Credential|Security-Token)=)[^&\s"']+/gi, "$1[redacted]"],
  [/(Signature=)[0-9a-f]{16,}/gi, "$1[redacted]"],
  [/(Credential=)[^,\s"']+/gi, "$1[redacted]"],
  // The session token in every other form: a header line (x-amz-security-token:…), percent-encoded
  // in a URL (…%3D…), and as a JSON key, also inside a JSON string (\"x-amz-security-token\":\"…\").
  [/(x-amz-security-token\s*:\s*)[^\s"',&\\]+/gi, "$1[redacted]"],
  [/(x-amz-security-token(?:%3D|%3A))(?:%[0-9a-f]{2}|[^&\s"'%\\])+/gi, "$1[redacted]"],
  [/("x-amz-security-token"\s*:\s*")[^"]*"/gi, '$1[redacted]"'],
  [/(\\"x-amz-security-token\\"\s*:\s*\\")(?:[^"\\]|\\[^"])*\\"/gi, '$1[redacted]\\"'],
  // Credentials in any structure the SDK logs (AssumeRole results, configs), and the fields S3's
  // ExpiredToken and InvalidToken answers echo the request's session token in (Token-0, Token-1, ...).
  [
    /("(?:SecretAccessKey|secretAccessKey|SessionToken|sessionToken|Token|token|Token-\d+|Signature|Authorization|authorization)"\s*:\s*")[^"]*"/g,
    '$1[redacted]"',
  ],
  // The same in an XML error document, as the service sent it.
  [/(<(SecretAccessKey|SessionToken|Token-\d+)>)[^<]*(<\/\2>)/g, "$1[redacted]$3"],
];

export function redact(text: string): string {
  return SECRET_PATTERNS.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
}
