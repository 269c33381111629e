/**
 * The two sides of a move: each its own connection and region, so data can go between two
 * providers (AWS to R2 or MinIO) or two accounts. The destination's connection defaults to the
 * source's.
 */
import type { Connection } from "@prismatic-io/spectral";
import { regionCode } from "../aws/accessInputs";
import { presigningS3Client, s3Client } from "../aws/clients";
import type { AwsAccess } from "../aws/credentials";
import { principalOf, sameCredentials } from "../aws/principal";
import { InputError } from "../glue/clean";
import { isConnection } from "../glue/guards";
import { connectionInput, placeInputs, refOf, textInput } from "../glue/inputKit";
import { Seal } from "../rules/seal";

const regionComments = (side: string) =>
  `The region of the ${side} bucket, e.g. eu-central-1; empty means us-east-1. With a custom endpoint, the region that service expects (often us-east-1; auto for Cloudflare R2).`;

export const sideInputs = placeInputs({
  sourceConnection: connectionInput({
    label: "Source Connection",
    comments: "The Amazon S3 (or S3-compatible) connection that can read the source.",
  }),
  sourceRegion: textInput(
    { label: "Source Region", comments: regionComments("source"), example: "us-east-1", dataSource: "selectRegion" },
    regionCode,
  ),
  destinationConnection: connectionInput({
    label: "Destination Connection",
    comments:
      "The connection that writes the destination: another account or provider, or empty to use the Source Connection. With the same credentials on both sides, S3 copies server-side and no bytes pass through the integration.",
  }),
  destinationRegion: textInput(
    {
      label: "Destination Region",
      comments: regionComments("destination"),
      example: "us-east-1",
      dataSource: "selectRegion",
    },
    regionCode,
  ),
});

export interface SideValues {
  sourceConnection?: Connection;
  sourceRegion?: string;
  destinationConnection?: Connection;
  destinationRegion?: string;
}

export interface Sides {
  source: AwsAccess;
  destination: AwsAccess;
  /** One principal on one service: S3 can copy server-side. */
  sameCredentials: boolean;
  /** Both sides talk to the same service (however its endpoint is spelled): a bucket name means the same bucket. */
  sameService: boolean;
  /** Who acts on which service, each side: what the job's cursor is bound to (no secret). */
  principals: { source: string; destination: string };
  /** Keyed by both sides' secrets: seals what the job leaves for a later call. */
  seal: Seal;
}

export function sidesOf(values: SideValues): Sides {
  const source = values.sourceConnection;
  if (!isConnection(source)) {
    const ref = refOf(sideInputs.sourceConnection);
    throw new InputError(ref, "is required: choose the Amazon S3 connection that can read the source.");
  }
  const destination = isConnection(values.destinationConnection) ? values.destinationConnection : source;
  const [reader, writer] = [principalOf(source), principalOf(destination)];
  return {
    source: { accessKey: source, awsRegion: values.sourceRegion },
    destination: { accessKey: destination, awsRegion: values.destinationRegion },
    sameCredentials: sameCredentials(source, destination),
    sameService: reader.service === writer.service,
    principals: { source: `${reader.service}/${reader.id}`, destination: `${writer.service}/${writer.id}` },
    seal: Seal.of(reader.secret, writer.secret),
  };
}

/** Both sides' clients; the source's presigned reads are signed to outlive the whole call. */
export async function sideClients(sides: Sides, budgetSeconds: number) {
  const { client: presigner } = await presigningS3Client(sides.source, budgetSeconds + 300);
  return { source: { s3: s3Client(sides.source), presigner }, destination: { s3: s3Client(sides.destination) } };
}
