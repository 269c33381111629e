/**
 * The JSON documents Amazon SNS posts to an HTTP(S) subscriber, read from a webhook request.
 * Only the shape is checked here; whether SNS really sent it is snsSignature's job.
 * https://docs.aws.amazon.com/sns/latest/dg/http-notification-json.html
 */
import type { TriggerPayload } from "@prismatic-io/spectral";
import { isRecord } from "../glue/guards";
import { Refusal } from "./refusal";

interface SnsMessageBase {
  MessageId: string;
  TopicArn: string;
  Message: string;
  Timestamp: string;
  SignatureVersion: string;
  Signature: string;
  SigningCertURL: string;
}

export interface SnsNotification extends SnsMessageBase {
  Type: "Notification";
  Subject?: string;
  UnsubscribeURL?: string;
}

export interface SnsSubscriptionMessage extends SnsMessageBase {
  Type: "SubscriptionConfirmation" | "UnsubscribeConfirmation";
  SubscribeURL: string;
  Token: string;
}

export type SnsMessage = SnsNotification | SnsSubscriptionMessage;

/** SNS messages are at most 256 KiB plus a small envelope; anything far larger is not from SNS. */
export const MAX_BODY_BYTES = 512 * 1024;

/** The request body as text: the raw bytes when the platform kept them, else the parsed body. */
export function requestBodyText(payload: TriggerPayload): string {
  for (const candidate of [payload.rawBody?.data, payload.body?.data]) {
    if (Buffer.isBuffer(candidate)) return readSized(candidate);
    if (candidate instanceof Uint8Array) return readSized(Buffer.from(candidate));
    if (typeof candidate === "string" && candidate !== "") return readSized(Buffer.from(candidate, "utf8"));
    // SNS sends text/plain, but a platform may already have parsed a JSON body.
    if (isRecord(candidate)) return readSized(Buffer.from(JSON.stringify(candidate), "utf8"));
  }
  throw new Refusal(400, "the request has no body");
}

function readSized(bytes: Buffer): string {
  if (bytes.length > MAX_BODY_BYTES)
    throw new Refusal(413, `the request body has ${bytes.length} bytes, more than an SNS message can have`);
  return bytes.toString("utf8");
}

/** A request header by name, whatever its case. */
export function headerValue(payload: TriggerPayload, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(payload.headers ?? {})) {
    if (key.toLowerCase() === wanted && typeof value === "string") return value;
  }
  return undefined;
}

export function parseSnsMessage(bodyText: string, typeHeader?: string): SnsMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bodyText);
  } catch {
    throw new Refusal(400, "the body is not JSON, so it is not an SNS message");
  }
  if (!isRecord(parsed)) throw new Refusal(400, "the body is not a JSON object, so it is not an SNS message");
  const body = parsed;
  const field = (name: string): string => {
    const value = body[name];
    if (typeof value !== "string" || value === "") throw new Refusal(400, `the SNS message has no ${name}`);
    return value;
  };
  // A published message may in principle be empty, but it is always there.
  const text = (name: string): string => {
    const value = body[name];
    if (typeof value !== "string") throw new Refusal(400, `the SNS message has no ${name}`);
    return value;
  };
  const optional = (name: string): string | undefined => {
    const value = body[name];
    if (value === undefined) return undefined;
    if (typeof value !== "string") throw new Refusal(400, `the SNS message's ${name} is not text`);
    return value;
  };
  const type = field("Type");
  // SNS repeats the type in a header; a mismatch means someone edited one of them.
  if (typeHeader !== undefined && typeHeader !== type) {
    throw new Refusal(400, "the x-amz-sns-message-type header does not match the message's Type");
  }
  const base: SnsMessageBase = {
    MessageId: field("MessageId"),
    TopicArn: field("TopicArn"),
    Message: text("Message"),
    Timestamp: field("Timestamp"),
    SignatureVersion: field("SignatureVersion"),
    Signature: field("Signature"),
    SigningCertURL: field("SigningCertURL"),
  };
  if (type === "Notification") {
    return { ...base, Type: type, Subject: optional("Subject"), UnsubscribeURL: optional("UnsubscribeURL") };
  }
  if (type === "SubscriptionConfirmation" || type === "UnsubscribeConfirmation") {
    return { ...base, Type: type, SubscribeURL: field("SubscribeURL"), Token: field("Token") };
  }
  throw new Refusal(400, "the message's Type is not Notification, SubscriptionConfirmation or UnsubscribeConfirmation");
}
