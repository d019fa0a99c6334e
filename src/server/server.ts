import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp, type AppOptions, type QalaApp } from './app.js';

export interface StartOptions extends AppOptions {
  port: number;
  hostname?: string;
  /** Node's own limits on a slow client (defaults: headers 15 s, whole request 30 s). */
  timeouts?: { headersMs?: number; requestMs?: number };
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
  // Expired challenges take their sealed phones with them: swept every 5 minutes (one indexed DELETE each), so a
  // phone kept to send a code is gone within about 15 minutes of the code's end, not up to 80 as with the hourly sweep.
  const sweepChallenges = () => {
    app.qala.verification.sweep().catch(() => {});
    app.qala.staff.sweep().catch(() => {});
  };
  const sweep = () => {
    const now = (options.clock ?? (() => new Date()))().getTime();
    store.sweep(new Date(now - 24 * 3600_000).toISOString(), new Date(now - 7 * 24 * 3600_000).toISOString()).catch(() => {});
    // A voter list, and a phone-only city's links of phones to voters, go when their cycle's voting has ended.
    app.qala.voterList.purgeEnded().catch((error) => app.qala.core.logger.log('error', 'voter_list.purge_failed', { reason: (error as Error).message }));
    app.qala.authors.purgeEnded().catch((error) => app.qala.core.logger.log('error', 'author_phones.purge_failed', { reason: (error as Error).message }));
    app.qala.verification.purgeEnded().catch((error) => app.qala.core.logger.log('error', 'phone_links.purge_failed', { reason: (error as Error).message }));
  };
  sweep();
  sweepChallenges();
  const timer = setInterval(sweep, 3600_000);
  timer.unref();
  const challengeTimer = setInterval(sweepChallenges, 5 * 60_000);
  challengeTimer.unref();
  const server = await new Promise<ServerType>((resolve, reject) => {
    // Node checks its header and request timeouts every connectionsCheckingInterval (30 s by default), so a
    // 15 s header timeout took effect only at about 29 s: check every second.
    const s = serve(
      {
        fetch: app.fetch,
        port: options.port,
        hostname: options.hostname,
        // Slow clients may not hold sockets forever. A body's own pace is checked as it is read (`readBytes`: after
        // bodyTimeoutMs, 2 KB/s on average), so a slow upload that keeps moving is not cut here at 30 s; ten minutes
        // is the most any request may take.
        serverOptions: {
          connectionsCheckingInterval: 1_000,
          requestTimeout: options.timeouts?.requestMs ?? 600_000,
          headersTimeout: options.timeouts?.headersMs ?? 15_000,
          keepAliveTimeout: 10_000,
        },
      },
      () => resolve(s),
    );
    s.once('error', reject);
  });
  const http = server as unknown as import('node:http').Server;
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
        clearInterval(challengeTimer);
        http.closeIdleConnections?.();
        server.close(() => {
          store.close();
          resolve();
        });
      }),
  };
}
