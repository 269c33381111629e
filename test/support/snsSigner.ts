/**
 * Signs SNS messages the way Amazon SNS does, with a throwaway key whose self-signed
 * certificate stands at an SNS-looking URL. The string to sign is built here on its own
 * (every signable field present, sorted by name, as AWS documents it), not with the
 * component's code, so a mistake there cannot hide behind the same mistake here.
 */
import { createSign, generateKeyPairSync, type KeyObject, randomBytes, randomUUID } from "node:crypto";
import type { TriggerPayload } from "@prismatic-io/spectral";
import { selfSignedCertificate } from "./servers/selfSignedCertificate";

export type SnsFields = Record<string, string>;

const SIGNABLE: Record<string, readonly string[]> = {
  Notification: ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"],
  SubscriptionConfirmation: ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"],
  UnsubscribeConfirmation: ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"],
};

export interface SignOptions {
  signatureVersion?: "1" | "2";
  /** Sign with another private key than the certificate's. */
  key?: KeyObject | string;
}

export class TestSnsSigner {
  readonly certificatePem: string;
  readonly certificateUrl: string;
  private readonly keyPem: string;

  constructor(readonly region = "us-east-1") {
    const { keyPem, certificatePem } = selfSignedCertificate("sns.amazonaws.com");
    this.keyPem = keyPem;
    this.certificatePem = certificatePem;
    this.certificateUrl = `https://sns.${region}.amazonaws.com/SimpleNotificationService-${randomBytes(8).toString("hex")}.pem`;
  }

  /** Adds SignatureVersion, SigningCertURL (unless given) and the Signature over the signable fields. */
  sign(fields: SnsFields, options: SignOptions = {}): SnsFields {
    const version = options.signatureVersion ?? "2";
    const unsigned: SnsFields = { SignatureVersion: version, SigningCertURL: this.certificateUrl, ...fields };
    const type = unsigned.Type ?? "";
    const text = Object.keys(unsigned)
      .filter((name) => (SIGNABLE[type] ?? []).includes(name))
      .sort()
      .map((name) => `${name}\n${unsigned[name]}\n`)
      .join("");
    const signer = createSign(version === "1" ? "RSA-SHA1" : "RSA-SHA256");
    signer.update(text, "utf8");
    return { ...unsigned, Signature: signer.sign(options.key ?? this.keyPem, "base64") };
  }

  notification(topicArn: string, message: string, extra: SnsFields = {}, options?: SignOptions): SnsFields {
    return this.sign(
      {
        Type: "Notification",
        MessageId: randomUUID(),
        TopicArn: topicArn,
        Subject: "Amazon S3 Notification",
        Message: message,
        Timestamp: new Date().toISOString(),
        UnsubscribeURL: `https://sns.${this.region}.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=${topicArn}:${randomUUID()}`,
        ...extra,
      },
      options,
    );
  }

  subscriptionMessage(
    type: "SubscriptionConfirmation" | "UnsubscribeConfirmation",
    topicArn: string,
    token: string,
    extra: SnsFields = {},
    options?: SignOptions,
  ): SnsFields {
    const region = topicArn.split(":")[3] ?? this.region;
    return this.sign(
      {
        Type: type,
        MessageId: randomUUID(),
        Token: token,
        TopicArn: topicArn,
        Message: `You have chosen to subscribe to the topic ${topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.`,
        SubscribeURL: `https://sns.${region}.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${topicArn}&Token=${token}`,
        Timestamp: new Date().toISOString(),
        ...extra,
      },
      options,
    );
  }
}

/** A private key that did not make the signer's certificate. */
export function foreignKey(): KeyObject {
  return generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
}

/** The webhook request SNS would make with this message. */
export function snsRequest(fields: SnsFields, headers: Record<string, string> = {}): Partial<TriggerPayload> {
  const text = JSON.stringify(fields);
  return {
    headers: {
      "Content-Type": "text/plain; charset=UTF-8",
      "User-Agent": "Amazon Simple Notification Service Agent",
      ...(fields.Type ? { "x-amz-sns-message-type": fields.Type } : {}),
      ...(fields.MessageId ? { "x-amz-sns-message-id": fields.MessageId } : {}),
      ...(fields.TopicArn ? { "x-amz-sns-topic-arn": fields.TopicArn } : {}),
      ...headers,
    },
    rawBody: { data: Buffer.from(text, "utf8"), contentType: "text/plain; charset=UTF-8" },
    body: { data: text, contentType: "text/plain; charset=UTF-8" },
  };
}
