import { dataSource } from "@prismatic-io/spectral";
import { AWS_REGIONS } from "../rules/regions";

export const selectRegion = dataSource({
  display: { label: "Select AWS Region", description: "Choose an AWS region" },
  dataSourceType: "picklist",
  inputs: {},
  perform: () =>
    Promise.resolve({ result: AWS_REGIONS.map(({ key, label }) => ({ key, label: `${label} — ${key}` })) }),
  examplePayload: { result: [{ key: "us-east-1", label: "US East (N. Virginia) — us-east-1" }] },
});
