/**
 * How an object is written: content type, user metadata, tags, ACL, storage class and
 * encryption. Shared by every action that creates an object (put, copy, multipart, upload
 * streams, upload from URL), so they all accept the same inputs and apply them the same way.
 */
import { ObjectCannedACL, ServerSideEncryption, StorageClass } from "@aws-sdk/client-s3";
import { headerText, InputError, type InputRef, keyValueRecord, optionalText } from "../glue/clean";
import { echoed } from "../glue/echo";
import {
  booleanInput,
  choiceInput,
  keyValueListInput,
  optionalTextInput,
  placeInputs,
  refOf,
  textInput,
} from "../glue/inputKit";
import { taggingHeader, tagRecord } from "../rules/tags";
import type { DestinationWrite } from "../transfer/moves/transferJob";

const SSE_CHOICES = ["none", ServerSideEncryption.AES256, ServerSideEncryption.aws_kms] as const;

/** A MIME type such as text/csv, or undefined when empty. */
export function mediaType(ref: InputRef, value: unknown): string | undefined {
  const type = optionalText(ref, value)?.trim();
  if (type !== undefined && !/^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/.test(type)) {
    throw new InputError(ref, `"${type}" is not a MIME type; use the form type/subtype, e.g. text/csv.`);
  }
  return type;
}

export const contentType = textInput(
  {
    label: "Content Type",
    comments:
      "The MIME type stored with the object, e.g. application/pdf. Overrides the type that came with the file; leave empty to keep it.",
    example: "application/pdf",
  },
  mediaType,
);

export const metadata = keyValueListInput(
  {
    label: "Metadata",
    comments:
      "User metadata stored with the object as x-amz-meta-* headers (key-value pairs). Keys are stored lowercase; the total is limited to 2 KB.",
  },
  (ref, value) => {
    const record = keyValueRecord(ref, value);
    if (!record) return undefined;
    for (const [key, entry] of Object.entries(record)) {
      if (!/^[A-Za-z0-9!#$&'*+.^_`|~-]+$/.test(key)) {
        throw new InputError(
          ref,
          `the key "${echoed(key, 60)}" cannot be sent as an HTTP header; use letters, digits and - _ . only.`,
        );
      }
      headerText(ref, entry, `the value of "${key}"`);
    }
    const size = Object.entries(record).reduce(
      (total, [key, entry]) => total + Buffer.byteLength(key) + Buffer.byteLength(entry),
      0,
    );
    if (size > 2048)
      throw new InputError(
        ref,
        `user metadata is limited to 2 KB in all; this is ${size.toLocaleString("en-US")} bytes.`,
      );
    return record;
  },
);

export const tagging = keyValueListInput(
  {
    label: "Tags",
    comments: "Object tags (key-value pairs): at most 10, keys up to 128 characters, values up to 256.",
  },
  (ref, value) => tagRecord(ref, value, "object"),
);

export const acl = choiceInput({
  label: "ACL",
  comments:
    "A canned ACL for the object. Leave empty to use the bucket's default; buckets with Object Ownership set to 'Bucket owner enforced' (the AWS default) refuse ACLs.",
  choices: Object.values(ObjectCannedACL),
});

export const storageClass = choiceInput({
  label: "Storage Class",
  comments:
    "Where S3 keeps the object. Leave empty for STANDARD. GLACIER and DEEP_ARCHIVE objects must be restored before they can be read.",
  choices: Object.values(StorageClass),
});

export const serverSideEncryption = choiceInput({
  label: "Server-Side Encryption",
  comments:
    "none uses the bucket's default encryption; AES256 uses S3-managed keys; aws:kms uses a KMS key (give its id in KMS Key ID, or leave that empty for the AWS-managed aws/s3 key).",
  choices: SSE_CHOICES,
  default: "none",
});

export const kmsKeyId = optionalTextInput({
  label: "KMS Key ID",
  comments: "Only with aws:kms encryption: the KMS key id, alias (alias/my-key) or ARN.",
});

/** Optional text that S3 stores and returns as a header. */
function headerInput(options: { label: string; comments: string }) {
  return textInput(options, (ref, value) => {
    const text = optionalText(ref, value)?.trim();
    return text === undefined || text === "" ? undefined : headerText(ref, text);
  });
}

export const cacheControl = headerInput({
  label: "Cache-Control",
  comments: "Stored and returned as the Cache-Control header, e.g. max-age=3600.",
});

export const contentDisposition = headerInput({
  label: "Content-Disposition",
  comments: `Stored and returned as the Content-Disposition header, e.g. attachment; filename="report.pdf". For a file name beyond plain ASCII use filename*=UTF-8''<percent-encoded name>.`,
});

/** Sent as If-None-Match: * (on PutObject, or on CompleteMultipartUpload for multipart uploads). */
export const ifNoneMatch = booleanInput({
  label: "Do Not Overwrite",
  comments: "When on, the write fails with PreconditionFailed if an object already exists at this key.",
});

export const writeOptionInputs = placeInputs({
  contentType,
  metadata,
  tagging,
  acl,
  storageClass,
  serverSideEncryption,
  kmsKeyId,
  cacheControl,
  contentDisposition,
});

export interface WriteOptionValues {
  contentType?: string;
  metadata?: Record<string, string>;
  tagging?: Record<string, string>;
  acl?: ObjectCannedACL;
  storageClass?: StorageClass;
  serverSideEncryption?: (typeof SSE_CHOICES)[number];
  kmsKeyId?: string;
  cacheControl?: string;
  contentDisposition?: string;
}

/** The request fields these inputs become, shared by PutObject, CreateMultipartUpload and CopyObject. */
export function writeOptions(values: WriteOptionValues) {
  const sse = values.serverSideEncryption === "none" ? undefined : values.serverSideEncryption;
  if (values.kmsKeyId && sse !== ServerSideEncryption.aws_kms) {
    throw new InputError(
      refOf(kmsKeyId),
      "is only used with aws:kms encryption; set Server-Side Encryption to aws:kms or clear the key id.",
    );
  }
  return {
    ContentType: values.contentType,
    Metadata: values.metadata,
    Tagging: values.tagging ? taggingHeader(Object.entries(values.tagging)) : undefined,
    ACL: values.acl,
    StorageClass: values.storageClass,
    ServerSideEncryption: sse,
    SSEKMSKeyId: values.kmsKeyId,
    CacheControl: values.cacheControl,
    ContentDisposition: values.contentDisposition,
  };
}

/** What a move applies at the destination; the object's own headers, metadata and tags come from its source. */
export function destinationWrite(values: WriteOptionValues): DestinationWrite {
  const { ACL, StorageClass, ServerSideEncryption, SSEKMSKeyId } = writeOptions(values);
  return { ACL, StorageClass, ServerSideEncryption, SSEKMSKeyId };
}
