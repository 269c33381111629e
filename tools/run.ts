/**
 * `npm start`: runs the component locally. With no arguments, a demo flow against an embedded
 * local S3; with an action key, that action from flags. `npm start -- --help` explains it all.
 */

import { runCli } from "./runner/cli";
import { processIO } from "./runner/io";

// The project supports Node 20, 22 and 24; the SDK's notice about its future Node 22 requirement
// would open every run on Node 20 without telling the user anything to do here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

void runCli(process.argv.slice(2), process.env, processIO()).then((code) => {
  process.exitCode = code;
  // Everything is stopped by now; a stray handle must not keep the command from returning.
  setTimeout(() => process.exit(code), 2_000).unref();
});
