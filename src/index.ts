import { component } from "@prismatic-io/spectral";
import { actions } from "./actions";
import { handleError } from "./aws/errorHook";
import { connections } from "./connections";
import { dataSources } from "./dataSources";
import { placeInputs } from "./glue/inputKit";
import { triggers } from "./triggers";

// Every input takes its key from the property it is placed under, so its errors name that key.
for (const { inputs } of [...Object.values(actions), ...Object.values(triggers), ...Object.values(dataSources)]) {
  placeInputs(inputs ?? {});
}

export default component({
  key: "aws-s3",
  public: false,
  display: {
    label: "Amazon S3",
    description:
      "Store, read, copy, list and delete files in Amazon S3 or any S3-compatible service (MinIO, Cloudflare R2, Wasabi, Ceph): streaming multipart uploads, presigned URLs, object lock, bucket notifications and SNS-driven triggers.",
    iconPath: "icon.png",
    category: "Application Connectors",
  },
  connections,
  actions,
  dataSources,
  triggers,
  hooks: { error: handleError },
});
