/**
 * A local HTTP server in the RIS/RouteViews layout serving a folder (127.0.0.1, any free
 * port): the archive of the replay and serve tests. It can hold an answer back (the
 * client is killed meanwhile), answer 503 for some paths (an archive down), stop and
 * listen again on the same port (an archive that goes away and comes back).
 */
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

/** A running archive server. */
export class ArchiveServer {
  readonly folder: string;
  /** Called with each path; false holds the answer back for good. */
  onRequest: (path: string) => boolean = () => true;
  /** Paths answered 503. */
  failing: RegExp | null = null;
  #server: Server | undefined;
  #port = 0;

  constructor(folder: string) {
    this.folder = folder;
  }

  /** `http://127.0.0.1:PORT/`. */
  get url(): string {
    return `http://127.0.0.1:${this.#port}/`;
  }

  /** Listens (again on the same port after stop()). */
  async listen(): Promise<void> {
    const server = createServer((req, res) => {
      const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname).slice(1);
      if (!this.onRequest(path)) return;
      if (this.failing?.test(path) === true) {
        res.writeHead(503).end();
        return;
      }
      const file = join(this.folder, path);
      if (path.includes("..") || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200).end(readFileSync(file));
    });
    this.#server = server;
    await new Promise<void>((done) => server.listen(this.#port, "127.0.0.1", done));
    this.#port = (server.address() as AddressInfo).port;
  }

  /** Closes the port (connections refused until listen()). */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((done) => server.close(() => done()));
  }
}
