/** An AbortController that aborts at the first SIGINT or SIGTERM: how long-running commands stop cleanly. */
export function abortOnSignal(): AbortController {
  const controller = new AbortController();
  const stop = (): void => {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    controller.abort();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  controller.signal.addEventListener("abort", stop, { once: true });
  return controller;
}
