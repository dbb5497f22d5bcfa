/**
 * A real SMTP server for tests: Debian's Postfix (installed by .ci/run), started as a
 * private instance in the foreground (`postfix start-fg` with its own MAIL_CONFIG in a
 * temporary folder), listening on 127.0.0.1 only, accepting mail for `example.test`
 * and delivering every message into one maildir the test reads. Nothing can leave it:
 * every other destination is the `error` transport. Needs root (Postfix drops to its
 * own users); skipped with the reason otherwise.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { userInfo } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";

const POSTFIX = "/usr/sbin/postfix";

/** Why Postfix cannot run here, or undefined. */
export function postfixMissing(): string | undefined {
  if (!existsSync(POSTFIX)) return `${POSTFIX} absent (Debian's postfix package; .ci/run installs it): SMTP tests skipped`;
  if (userInfo().uid !== 0) return "Postfix needs root to start an instance: SMTP tests skipped";
  return undefined;
}

/** A running instance. */
export interface PostfixServer {
  readonly port: number;
  /** Raw messages delivered so far, oldest first. */
  messages(): string[];
  /** Resolves once `n` messages are delivered (polling the maildir; the caller's test timeout bounds it). */
  waitFor(n: number): Promise<string[]>;
  stop(): Promise<void>;
}

/** A free loopback port (released just before Postfix takes it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

/** The services of Postfix's default master.cf that local SMTP and virtual delivery need, none chrooted. */
function masterCf(port: number): string {
  return [
    `127.0.0.1:${port} inet n - n - - smtpd`,
    "pickup unix n - n 60 1 pickup", "cleanup unix n - n - 0 cleanup", "qmgr unix n - n 300 1 qmgr",
    "tlsmgr unix - - n 1000? 1 tlsmgr", "rewrite unix - - n - - trivial-rewrite", "bounce unix - - n - 0 bounce",
    "defer unix - - n - 0 bounce", "trace unix - - n - 0 bounce", "verify unix - - n - 1 verify", "flush unix n - n 1000? 0 flush",
    "proxymap unix - - n - - proxymap", "proxywrite unix - - n - 1 proxymap", "smtp unix - - n - - smtp", "relay unix - - n - - smtp",
    "showq unix n - n - - showq", "error unix - - n - - error", "retry unix - - n - - error", "discard unix - - n - - discard",
    "local unix - n n - - local", "virtual unix - n n - - virtual", "lmtp unix - - n - - lmtp", "anvil unix - - n - 1 anvil",
    "scache unix - - n - 1 scache", "postlog unix-dgram n - n - 1 postlogd", "",
  ].join("\n");
}

/** Starts an instance; resolves once it listens. */
export async function startPostfix(): Promise<PostfixServer> {
  const dir = mkdtempSync("/tmp/nightlight-postfix-");
  chmodSync(dir, 0o755);
  const conf = join(dir, "conf");
  const mail = join(dir, "mail");
  for (const d of [conf, join(dir, "queue"), join(dir, "data"), mail]) mkdirSync(d);
  const id = (flag: string, name: string): number => Number(execFileSync("id", [flag, name], { encoding: "utf8" }).trim());
  chownSync(join(dir, "data"), id("-u", "postfix"), id("-g", "postfix"));
  chownSync(mail, id("-u", "nobody"), id("-g", "nobody"));
  const port = await freePort();
  writeFileSync(join(conf, "main.cf"), [
    "compatibility_level = 3.6", `queue_directory = ${dir}/queue`, `data_directory = ${dir}/data`, "mail_owner = postfix", "setgid_group = postdrop",
    "inet_interfaces = 127.0.0.1", "inet_protocols = ipv4", "myhostname = smtp.nightlight.test", "mydomain = nightlight.test", "myorigin = nightlight.test",
    "mydestination =", "mynetworks = 127.0.0.0/8", "relay_domains =", "virtual_mailbox_domains = example.test", `virtual_mailbox_base = ${mail}`,
    "virtual_mailbox_maps = static:inbox/", `virtual_uid_maps = static:${id("-u", "nobody")}`, `virtual_gid_maps = static:${id("-g", "nobody")}`,
    "virtual_minimum_uid = 1", "default_transport = error:no mail leaves this test instance", "relay_transport = error:no mail leaves this test instance",
    "smtpd_relay_restrictions = permit_mynetworks, reject", "alias_maps =", "alias_database =", `maillog_file = ${dir}/maillog`, `maillog_file_prefixes = ${dir}`, "biff = no", "",
  ].join("\n"));
  writeFileSync(join(conf, "master.cf"), masterCf(port));
  // The log goes to a file: Postfix opens maillog_file by name, and Node's pipes are
  // sockets, which Postfix's scripts cannot reopen as /dev/stdout or /dev/stderr.
  // `check` creates the queue's folders with their owners; start-fg on a fresh queue fails without it.
  execFileSync(POSTFIX, ["check"], { env: { ...process.env, MAIL_CONFIG: conf }, stdio: "ignore" });
  const child: ChildProcess = spawn(POSTFIX, ["start-fg"], { env: { ...process.env, MAIL_CONFIG: conf }, stdio: "ignore" });
  const log = (): string => `${existsSync(join(dir, "maillog")) ? readFileSync(join(dir, "maillog"), "utf8") : ""}`.slice(-2000);
  await new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`postfix start-fg exited with ${String(code)}: ${log()}`)));
    const poll = (): void => {
      const socket = createServer();
      // Listening succeeds while Postfix does not listen yet; then try again.
      socket.once("error", () => resolve());
      socket.listen(port, "127.0.0.1", () => socket.close(() => setTimeout(poll, 100)));
    };
    poll();
  });
  const inbox = join(mail, "inbox", "new");
  const messages = (): string[] => (existsSync(inbox) ? readdirSync(inbox).sort().map((f) => readFileSync(join(inbox, f), "utf8")) : []);
  return {
    port,
    messages,
    async waitFor(n) {
      while (messages().length < n) await new Promise((r) => setTimeout(r, 100));
      return messages();
    },
    async stop() {
      execFileSync(POSTFIX, ["stop"], { env: { ...process.env, MAIL_CONFIG: conf }, stdio: "ignore" });
      if (child.exitCode === null) await new Promise((r) => child.once("exit", r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
