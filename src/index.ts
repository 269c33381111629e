import { component } from "@prismatic-io/spectral";
import { actions } from "./actions";
import { withStepDebug } from "./aws/debugLog";
import { handleError } from "./aws/errorHook";
import { connections } from "./connections";
import { dataSources } from "./dataSources";
import { placeInputs } from "./glue/inputKit";
import { triggers } from "./triggers";

// Every input takes its key from the property it is placed under, so its errors name that key.
const definitions = [...Object.values(actions), ...Object.values(triggers), ...Object.values(dataSources)];
for (const { inputs } of definitions) placeInputs(inputs ?? {});

// A step run in the platform's debug mode gets the redacted request log in its own logger:
// every function the platform calls with a context runs inside that step's debug scope.
const STEP_FUNCTIONS = ["perform", "onInstanceDeploy", "onInstanceDelete"];
for (const definition of definitions) {
  for (const name of STEP_FUNCTIONS) {
    const stepFunction: unknown = Reflect.get(definition, name);
    if (typeof stepFunction !== "function") continue;
    const inStepScope = (context: unknown, ...rest: unknown[]): unknown =>
      withStepDebug(context, () => {
        const result: unknown = Reflect.apply(stepFunction, definition, [context, ...rest]);
        return result;
      });
    Reflect.set(definition, name, inStepScope);
  }
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
