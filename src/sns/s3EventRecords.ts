/**
 * The S3 event notification inside an SNS Notification's Message: its records, or the
 * s3:TestEvent S3 sends when a notification is configured.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html
 */
import { isRecord } from "../glue/guards";

export interface S3EventRecord {
  EventName: string;
  EventTime: string;
  EventSource: string;
  AwsRegion: string;
  /** The id of the bucket notification entry that sent the event. */
  ConfigurationId?: string;
  Bucket: string;
  Key: string;
  Size?: number;
  ETag?: string;
  VersionId?: string;
  Sequencer?: string;
}

export interface S3TestEvent {
  Event: "s3:TestEvent";
  Bucket?: string;
  Time?: string;
}

export type S3EventMessage =
  | { Records: S3EventRecord[]; TestEvent?: undefined }
  | { Records: []; TestEvent: S3TestEvent };

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** The S3 event in a notification's Message, or undefined when the Message is something else. */
export function parseS3EventMessage(message: string): S3EventMessage | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (!isRecord(parsed)) return undefined;
  if (parsed.Event === "s3:TestEvent") {
    return { Records: [], TestEvent: { Event: "s3:TestEvent", Bucket: text(parsed.Bucket), Time: text(parsed.Time) } };
  }
  if (!Array.isArray(parsed.Records)) return undefined;
  const records = parsed.Records.flatMap((record: unknown) => {
    const shaped = toRecord(record);
    return shaped ? [shaped] : [];
  });
  return records.length > 0 ? { Records: records } : undefined;
}

function toRecord(record: unknown): S3EventRecord | undefined {
  if (!isRecord(record) || !isRecord(record.s3)) return undefined;
  const { bucket, object } = record.s3;
  if (!isRecord(bucket) || !isRecord(object) || typeof object.key !== "string") return undefined;
  const source = text(record.eventSource) ?? "";
  return {
    EventName: text(record.eventName) ?? "",
    EventTime: text(record.eventTime) ?? "",
    EventSource: source,
    AwsRegion: text(record.awsRegion) ?? "",
    ConfigurationId: text(record.s3.configurationId),
    Bucket: text(bucket.name) ?? "",
    Key: objectKey(object.key, source),
    Size: typeof object.size === "number" ? object.size : undefined,
    ETag: text(object.eTag),
    VersionId: text(object.versionId),
    Sequencer: text(object.sequencer),
  };
}

/**
 * S3 form-encodes keys in events ("red flower+1.jpg" arrives as "red+flower%2B1.jpg"); Ceph
 * RADOS Gateway ("ceph:s3") sends them as they are, so decoding those would corrupt keys
 * holding "+" or "%".
 */
function objectKey(key: string, eventSource: string): string {
  if (eventSource === "ceph:s3") return key;
  try {
    return decodeURIComponent(key.replace(/\+/g, " "));
  } catch {
    return key;
  }
}
