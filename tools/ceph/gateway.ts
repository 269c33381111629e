/** The RADOS Gateway (radosgw, the S3 server): starting it on a free port and waiting for HTTP. */
import * as http from "node:http";
import * as path from "node:path";
import type { Cluster } from "./cluster";
import { spawnDaemon } from "./daemons";
import { freePorts, isPortFree } from "./ports";
import { lostPortRace, PortInUseError, waitUntilReady } from "./readiness";

/** Any HTTP answer at all on http://127.0.0.1:port/ means radosgw is serving. */
function httpAnswers(port: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(
      { host: "127.0.0.1", port, path: "/", agent: false, timeout: 2_000, signal },
      (response) => {
        response.resume();
        resolve(true);
      },
    );
    request.on("timeout", () => request.destroy());
    request.on("error", () => resolve(false));
  });
}

/** Starts radosgw; when its port is or gets taken, moves it to a free one (3 attempts). */
export async function startGateway(cluster: Cluster): Promise<void> {
  let lostRace = false;
  for (let attempt = 1; ; attempt++) {
    if (lostRace || !(await isPortFree(cluster.record.rgwPort))) {
      const [port] = await freePorts(1, [cluster.record.monPort, cluster.record.rgwPort]);
      if (port === undefined) throw new Error("no free port for radosgw");
      cluster.log(`rgw port ${cluster.record.rgwPort} is taken, using ${port}`);
      cluster.record.rgwPort = port;
      cluster.portsChanged();
    }
    const rgw = await spawnDaemon(
      cluster.layout,
      "rgw",
      "radosgw",
      ["-c", cluster.layout.conf, "-n", "client.rgw.gw", "-f"],
      path.join(cluster.layout.logDir, "client.rgw.gw.log"),
      cluster.detached,
    );
    cluster.daemons.push(rgw);
    const port = cluster.record.rgwPort;
    try {
      const what = `radosgw answered HTTP on port ${port}`;
      await waitUntilReady(rgw, what, cluster.deadline, true, (signal) => httpAnswers(port, signal));
      cluster.log(`rgw answers HTTP on http://127.0.0.1:${port} (pid ${rgw.pid})`);
      return;
    } catch (error) {
      // radosgw exits with status 98 (EADDRINUSE) when its port is taken
      lostRace = error instanceof PortInUseError || rgw.exit?.code === 98 || lostPortRace(rgw);
      if (!lostRace || attempt >= 3) throw error;
      await cluster.drop(rgw);
    }
  }
}
