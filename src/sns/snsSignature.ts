/**
 * SNS message signatures, exactly as AWS documents them: the string to sign is
 * "Name\nValue\n" for each signed field of the message's type, in this byte order, and the
 * signature is SHA1withRSA (SignatureVersion 1) or SHA256withRSA (SignatureVersion 2) over it.
 * https://docs.aws.amazon.com/sns/latest/dg/sns-verify-signature-of-message.html
 */
import { verify, type X509Certificate } from "node:crypto";
import type { SnsMessage } from "./snsMessage";

const SIGNED_FIELDS = {
  // Subject is signed only when the message has one.
  Notification: ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"],
  SubscriptionConfirmation: ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"],
  UnsubscribeConfirmation: ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"],
} as const;

const DIGESTS: Record<string, "sha1" | "sha256"> = { "1": "sha1", "2": "sha256" };

export function stringToSign(message: SnsMessage): string {
  const values: Record<string, string | undefined> = { ...message };
  return SIGNED_FIELDS[message.Type]
    .flatMap((name) => {
      const value = values[name];
      return value === undefined ? [] : [`${name}\n${value}\n`];
    })
    .join("");
}

/** The digest a SignatureVersion stands for; undefined for versions SNS does not use. */
export function signatureDigest(signatureVersion: string): "sha1" | "sha256" | undefined {
  return Object.hasOwn(DIGESTS, signatureVersion) ? DIGESTS[signatureVersion] : undefined;
}

/** True when `certificate`'s RSA key made the message's signature. */
export function signatureMatches(message: SnsMessage, certificate: X509Certificate): boolean {
  const digest = signatureDigest(message.SignatureVersion);
  if (digest === undefined || certificate.publicKey.asymmetricKeyType !== "rsa") return false;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(message.Signature)) return false;
  return verify(
    digest,
    Buffer.from(stringToSign(message), "utf8"),
    certificate.publicKey,
    Buffer.from(message.Signature, "base64"),
  );
}
