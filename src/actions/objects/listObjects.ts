import { ListObjectsV2Command, type _Object } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { optionalText } from "../../clean";
import { s3Client } from "../../client";
import { booleanInput, bucket, s3Access, integerInput, optionalTextInput, textInput } from "../../inputs";
import * as out from "../../outputSchema";

interface ObjectRecord {
  Key: string;
  Size?: number;
  ETag?: string;
  LastModified?: Date;
  StorageClass?: string;
}

export const listObjects = action({
  display: {
    label: "List Objects",
    description: "List Objects in a Bucket",
    directions:
      "Returns one page (up to Max Keys) unless Fetch All is on, which follows every page up to Limit. Loop over Keys (or Contents with Include Metadata) in later steps.",
  },
  inputs: {
    ...s3Access,
    bucket,
    prefix: textInput("prefix", { label: "Prefix", comments: "Only keys that start with this, e.g. invoices/2024/. Leave empty for the whole bucket." }, optionalText),
    delimiter: textInput(
      "delimiter",
      { label: "Delimiter", comments: "Set to / to list one folder level: keys below it are rolled up into CommonPrefixes (the sub-folders)." },
      optionalText,
    ),
    startAfter: textInput("startAfter", { label: "Start After", comments: "List keys that sort after this key." }, optionalText),
    maxKeys: integerInput("maxKeys", { label: "Max Keys", comments: "Keys per page, 1 to 1,000.", min: 1, max: 1000, fallback: 1000 }),
    continuationToken: optionalTextInput("continuationToken", {
      label: "Continuation Token",
      comments: "The NextContinuationToken of an earlier call, to fetch the following page.",
    }),
    fetchAll: booleanInput("fetchAll", { label: "Fetch All", comments: "Follow every page, up to Limit keys." }),
    limit: integerInput("limit", {
      label: "Limit",
      comments: "With Fetch All: stop after this many keys (and return NextContinuationToken to go on).",
      min: 1,
      max: 1_000_000,
      fallback: 100_000,
    }),
    includeMetadata: booleanInput("includeMetadata", {
      label: "Include Metadata",
      comments: "Off: Keys is a list of key names. On: Contents lists records with Key, Size, ETag, LastModified and StorageClass.",
    }),
  },
  performSafety: "safe",
  perform: async (_context, params) => {
    const s3 = s3Client(params);
    const records: ObjectRecord[] = [];
    const prefixes: string[] = [];
    let token = params.continuationToken;
    let truncated = false;
    const cap = params.fetchAll ? params.limit : params.maxKeys;
    do {
      const response = await s3.send(
        new ListObjectsV2Command({
          Bucket: params.bucket,
          Prefix: params.prefix,
          Delimiter: params.delimiter,
          // S3 ignores StartAfter once a continuation token is given.
          StartAfter: token ? undefined : params.startAfter,
          ContinuationToken: token,
          // Never ask for more than still fits, so the token resumes exactly where we stop.
          MaxKeys: Math.min(params.maxKeys, cap - records.length - prefixes.length),
        }),
      );
      records.push(...(response.Contents ?? []).map(toRecord));
      prefixes.push(...(response.CommonPrefixes ?? []).flatMap((common) => (common.Prefix ? [common.Prefix] : [])));
      truncated = response.IsTruncated === true && response.NextContinuationToken !== undefined;
      token = truncated ? response.NextContinuationToken : undefined;
    } while (params.fetchAll && truncated && records.length + prefixes.length < cap);
    const page = { CommonPrefixes: prefixes, KeyCount: records.length, IsTruncated: truncated, NextContinuationToken: token };
    return { data: params.includeMetadata ? { Contents: records, ...page } : { Keys: records.map((record) => record.Key), ...page } };
  },
  outputSchema: out.dataSchema(
    out.record(
      {
        Keys: out.list(out.text(), "Key names (when Include Metadata is off)."),
        Contents: out.list(
          out.record({ Key: out.text(), Size: out.integer(), ETag: out.text(), LastModified: out.dateTime(), StorageClass: out.text() }, ["Key"]),
          "Object records (when Include Metadata is on).",
        ),
        CommonPrefixes: out.list(out.text(), "Folders, with a delimiter."),
        KeyCount: out.integer(),
        IsTruncated: out.flag(),
        NextContinuationToken: out.optionalText("Pass as Continuation Token to get the next page."),
      },
      ["CommonPrefixes", "KeyCount", "IsTruncated"],
    ),
  ),
  examplePayload: {
    data: {
      Keys: ["invoices/2024/january.pdf", "invoices/2024/february.pdf"],
      CommonPrefixes: [],
      KeyCount: 2,
      IsTruncated: false,
      NextContinuationToken: undefined,
    },
  },
});

function toRecord(object: _Object): ObjectRecord {
  return {
    Key: object.Key ?? "",
    Size: object.Size,
    ETag: object.ETag,
    LastModified: object.LastModified,
    StorageClass: object.StorageClass,
  };
}
