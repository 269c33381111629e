import { selectBucket } from "./selectBucket";
import { selectRegion } from "./selectRegion";

export const dataSources = { selectRegion, selectBucket };
