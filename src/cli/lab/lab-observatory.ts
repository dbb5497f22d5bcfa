/**
 * A fresh observatory for a lab run: a store of its own, the API (with the ingest
 * route and a token for the lab's probes), and the lab's detection settings. It
 * listens on a Unix socket outside the lab's namespaces; a relay inside the vantage
 * namespace makes it reachable at the vantage point's lab address, so the inside probe
 * reaches it across the lab's border (and loses it when the border is cut).
 */
import { randomBytes, createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import { dirname, join } from "node:path";
import { getRequestListener } from "@hono/node-server";
import { createApp } from "../../api/create-app.ts";
import type { DetectionSettings } from "../../detect/detect-options.ts";
import type { EntityId } from "../../model/signal.ts";
import { openStore } from "../../store/open-store.ts";
import type { Store } from "../../store/store.ts";
import { LAB_SCRIPT, type LabNetwork } from "./lab-network.ts";

/** The observatory of one lab run. */
export class LabObservatory {
  readonly store: Store;
  /** The token the lab's probes report with (scope ingest). */
  readonly token: string;
  readonly socket: string;
  readonly #app: ReturnType<typeof createApp>;
  readonly #server: Server;

  private constructor(store: Store, token: string, socket: string, app: ReturnType<typeof createApp>, server: Server) {
    this.store = store;
    this.token = token;
    this.socket = socket;
    this.#app = app;
    this.#server = server;
  }

  /** Opens the store in `dir`, serves the API on a socket there, and relays it into the lab. */
  static async start(lab: LabNetwork, options: { readonly detection: DetectionSettings; readonly onError?: (error: unknown) => void }): Promise<LabObservatory> {
    const store = openStore(join(lab.dir, "observatory.db"));
    const token = randomBytes(24).toString("hex");
    const app = createApp({
      store, writeStore: store, tokens: [{ name: "lab-probes", sha256: createHash("sha256").update(token).digest("hex"), scopes: ["ingest"] }],
      mobileAsns: new Set(lab.env.mobileAsns), detection: options.detection,
    }, options.onError === undefined ? {} : { onInternalError: options.onError });
    const socket = join(lab.dir, "observatory.sock");
    const server = createServer(getRequestListener(app.fetch));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(socket, () => resolve());
    });
    const [address, port] = lab.env.observatory.replace(/^http:\/\//, "").split(":");
    const relay = lab.spawnIn("vp", process.execPath, [join(dirname(LAB_SCRIPT), "lab-server.mjs"), "relay", "--listen", `${address}:${port}`, "--unix", socket]);
    relay.stderr?.resume();
    return new LabObservatory(store, token, socket, app, server);
  }

  /** A GET of the API, as JSON (the same handlers a client reaches over HTTP). */
  async get(path: string): Promise<unknown> {
    const res = await this.#app.request(path);
    const body = (await res.json()) as unknown;
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${JSON.stringify(body)}`);
    return body;
  }

  /** The events of `entity` in [from, until) as `/v1/verdict` (detection on demand) gives them. */
  async events(entity: EntityId, from: number, until: number): Promise<LabEventsAnswer> {
    return (await this.get(`/v1/verdict?entity=${encodeURIComponent(entity)}&from=${Math.floor(from / 1000)}&until=${Math.ceil(until / 1000)}`)) as LabEventsAnswer;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    this.store.close();
  }
}

/** What `/v1/verdict` answers, the fields the lab reads. */
export interface LabEventsAnswer {
  readonly entity: string;
  readonly verdict: string;
  readonly events: readonly LabEvent[];
}

/** One event as the API gives it (the fields the lab reads; the rest is kept). */
export interface LabEvent {
  readonly entity: string;
  readonly start: string;
  readonly end: string | null;
  readonly kind: string;
  readonly evidence: string;
  readonly depth: number;
  readonly phases: readonly { readonly start: string; readonly kind: string; readonly evidence: string }[];
  readonly [key: string]: unknown;
}

