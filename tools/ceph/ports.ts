/** Free TCP ports on 127.0.0.1, found by listening: so parallel runs never collide. */
import * as net from "node:net";

function listen(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen({ host: "127.0.0.1", port, exclusive: true }, () => resolve(server));
  });
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** `count` distinct ports that are free on 127.0.0.1 right now, none of them in `avoid`. */
export async function freePorts(count: number, avoid: number[] = []): Promise<number[]> {
  const servers: net.Server[] = [];
  const ports: number[] = [];
  try {
    while (ports.length < count) {
      const server = await listen(0);
      servers.push(server);
      const address = server.address();
      if (address === null || typeof address === "string") throw new Error("no TCP port assigned");
      if (!avoid.includes(address.port)) ports.push(address.port);
    }
  } finally {
    await Promise.all(servers.map(closeServer));
  }
  return ports;
}

export async function isPortFree(port: number): Promise<boolean> {
  try {
    await closeServer(await listen(port));
    return true;
  } catch {
    return false;
  }
}
