import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp, type AppOptions, type QalaApp } from './app.js';

export interface StartOptions extends AppOptions {
  port: number;
  hostname?: string;
}

export interface RunningServer {
  url: string;
  port: number;
  app: QalaApp;
  server: ServerType;
  close(): Promise<void>;
}

/** Serves the app on Node; closes the store when the server closes. */
export async function startServer(options: StartOptions): Promise<RunningServer> {
  const app = createApp(options);
  const store = options.store;
  const sweep = () => {
    const now = (options.clock ?? (() => new Date()))().getTime();
    store.sweep(new Date(now - 24 * 3600_000).toISOString(), new Date(now - 7 * 24 * 3600_000).toISOString()).catch(() => {});
    // Expired challenges take their sealed phones with them; a voter list goes when its cycle's voting has ended.
    app.qala.verification.sweep().catch(() => {});
    app.qala.voterList.purgeEnded().catch((error) => app.qala.core.logger.log('error', 'voter_list.purge_failed', { reason: (error as Error).message }));
  };
  sweep();
  const timer = setInterval(sweep, 3600_000);
  timer.unref();
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: options.hostname }, () => resolve(s));
    s.once('error', reject);
  });
  const http = server as unknown as import('node:http').Server;
  // Slow clients may not hold sockets forever.
  http.requestTimeout = 30_000;
  http.headersTimeout = 15_000;
  http.keepAliveTimeout = 10_000;
  const address = server.address() as AddressInfo;
  const host = options.hostname && options.hostname !== '0.0.0.0' && options.hostname !== '::' ? options.hostname : 'localhost';
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    app,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        http.closeIdleConnections?.();
        server.close(() => {
          store.close();
          resolve();
        });
      }),
  };
}
