import { createServer } from 'node:net';

/** Whether something already listens on `host:port`: a trial listen there fails with EADDRINUSE. */
export function portInUse(port: number, host: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (err: NodeJS.ErrnoException) => (err.code === 'EADDRINUSE' ? resolve(true) : reject(err)));
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve(false)));
  });
}

export interface DemoPorts {
  gatehousePort: number;
  appPort: number;
  appHost: string;
  redirectUri: string;
}

/**
 * What `npm run demo` prints instead of starting when a port it needs is taken: which one, what is
 * probably holding it, and the command that gets around it. Empty when both ports are free.
 */
export async function busyPortAdvice(ports: DemoPorts): Promise<string[]> {
  const advice: string[] = [];
  if (await portInUse(ports.gatehousePort, '127.0.0.1')) {
    advice.push(
      `Port ${ports.gatehousePort} is already in use, so the demo cannot start Gatehouse there.`,
      `  If it is the Gatehouse from \`npm start\`, stop that one (Ctrl-C in its terminal): the demo starts its own, on the same data.`,
      `  Or start the demo's Gatehouse on another port:  GATEHOUSE_PORT=${ports.gatehousePort + 1} npm run demo -w examples/express-app`,
    );
  }
  if (await portInUse(ports.appPort, ports.appHost)) {
    advice.push(
      `Port ${ports.appPort} is already in use, and the example app must listen there: the demo app's redirect URI is ${ports.redirectUri}.`,
      `  Stop the program that listens on port ${ports.appPort} (another \`npm run demo\`, or a dev server), then run the demo again.`,
    );
  }
  return advice;
}
