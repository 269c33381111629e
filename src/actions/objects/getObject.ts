import { Readable } from "node:stream";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { action } from "@prismatic-io/spectral";
import { InputError, optionalText } from "../../clean";
import { presigningS3Client, s3Client } from "../../client";
import { downloadToBuffer } from "../../download";
import { bucket, s3Access, integerInput, objectKey, textInput, versionId } from "../../inputs";
import * as out from "../../outputSchema";

const MIB = 1024 * 1024;

export const getObject = action({
  display: {
    label: "Get Object",
    description: "Get the contents of an object",
    directions:
      "The object's bytes become the step's result, so objects are limited in size (100 MiB by default). For larger objects read a range, or hand out a presigned URL.",
  },
  inputs: {
    ...s3Access,
    bucket,
    objectKey,
    versionId,
    range: textInput(
      "range",
      {
        label: "Byte Range",
        comments: "Read only part of the object: bytes=0-1048575 (first MiB), bytes=1000- (from byte 1000 on) or bytes=-500 (last 500 bytes). Leave empty for the whole object.",
        example: "bytes=0-1048575",
      },
      (ref, value) => {
        const text = optionalText(ref, value)?.trim();
        if (text === undefined) return undefined;
        const match = /^(?:bytes=)?(\d*)-(\d*)$/.exec(text);
        if (!match || (match[1] === "" && match[2] === "") || (match[1] !== "" && match[2] !== "" && Number(match[2]) < Number(match[1]))) {
          throw new InputError(ref, `"${text}" is not a byte range; use bytes=START-END, bytes=START- or bytes=-LAST_N.`);
        }
        return `bytes=${match[1]}-${match[2]}`;
      },
    ),
    maxObjectSizeMiB: integerInput("maxObjectSizeMiB", {
      label: "Size Limit (MiB)",
      comments: "Objects (or ranges) larger than this are refused before they are downloaded. Step results above ~128 MB cannot be stored by the platform.",
      min: 1,
      max: 500,
      fallback: 100,
    }),
  },
  performSafety: "safe",
  perform: async (_context, { bucket, objectKey, versionId, range, maxObjectSizeMiB, ...access }) => {
    const s3 = s3Client(access);
    const request = { Bucket: bucket, Key: objectKey, VersionId: versionId, Range: range };
    const response = await s3.send(new GetObjectCommand(request));
    const size = response.ContentLength ?? 0;
    if (size > maxObjectSizeMiB * MIB) {
      if (response.Body instanceof Readable) response.Body.destroy();
      throw new InputError(
        { key: "maxObjectSizeMiB", label: "Size Limit (MiB)" },
        `"${objectKey}" is ${(size / MIB).toFixed(1)} MiB, above the limit of ${maxObjectSizeMiB} MiB; nothing was downloaded. Read it in parts with Byte Range, raise the limit (results above ~128 MB cannot be stored), or give the consumer a presigned URL (Generate Presigned URL).`,
      );
    }
    const data = await downloadToBuffer({ s3, presigner: presigningS3Client(access) }, request, response, size);
    return {
      data: {
        data,
        contentType: response.ContentType ?? "application/octet-stream",
        ETag: response.ETag,
        ContentLength: data.length,
        LastModified: response.LastModified,
        VersionId: response.VersionId,
        ContentRange: response.ContentRange,
        Metadata: response.Metadata ?? {},
      },
      contentType: response.ContentType ?? "application/octet-stream",
    };
  },
  outputSchema: out.dataSchema(
    out.record(
      {
        data: out.bytes("The object's bytes."),
        contentType: out.text("The object's Content-Type."),
        ETag: out.text(),
        ContentLength: out.integer("Bytes returned."),
        LastModified: out.dateTime(),
        VersionId: out.optionalText(),
        ContentRange: out.optionalText("For ranged reads, e.g. bytes 0-99/1000."),
        Metadata: out.map(out.text(), "User metadata (x-amz-meta-*)."),
      },
      ["data", "contentType", "ContentLength", "Metadata"],
    ),
  ),
  examplePayload: {
    data: {
      data: Buffer.from("Example File Contents"),
      contentType: "text/plain",
      ETag: '"8c1d8e4ea1c5a6e2f6e9fb0dcd1c1d5e"',
      ContentLength: 21,
      LastModified: new Date("2024-03-08T22:20:41.000Z"),
      VersionId: undefined,
      ContentRange: undefined,
      Metadata: { department: "finance" },
    },
    contentType: "text/plain",
  },
});
