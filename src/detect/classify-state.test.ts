import assert from "node:assert/strict";
import { test } from "node:test";
import { classifyState, type SignalState } from "./classify-state.ts";

const s = (signal: string, category: SignalState["category"], ratio: number, verdict: SignalState["verdict"]): SignalState => ({ signal, category, ratio, verdict });
const bgp = (r: number) => s("bgp", "routing", r, r < 0.5 ? "critical" : r < 0.99 ? "warning" : "normal");
const probing = (r: number) => s("active-probing", "reachability", r, r < 0.5 ? "critical" : r < 0.8 ? "warning" : "normal");
const domestic = (r: number) => s("inside-domestic", "inside", r, r < 0.5 ? "critical" : r < 0.8 ? "warning" : "normal");
const international = (r: number) => s("inside-international", "inside", r, r < 0.5 ? "critical" : r < 0.8 ? "warning" : "normal");

test("dark from outside, routes kept, domestic reach as usual, no foreign reach: international cut", () => {
  const c = classifyState([bgp(1), probing(0.02), domestic(1), international(0)]);
  assert.equal(c?.kind, "international-cut");
  assert.match(c?.evidence ?? "", /domestic targets at 100 %, international targets at 0 %/);
});

test("dark from outside, a few foreign services still reached from inside: whitelisting", () => {
  const c = classifyState([bgp(1), probing(0), domestic(0.5), international(0.25)]);
  assert.equal(c?.kind, "whitelisting");
});

test("dark from outside and nothing beyond the probe's own network from inside: data-plane cut", () => {
  assert.equal(classifyState([bgp(1), probing(0), domestic(0.25), international(0)])?.kind, "data-plane-cut");
});

test("routes withdrawn: route withdrawal, with what the inside probe saw as evidence", () => {
  const c = classifyState([bgp(0), probing(0), domestic(1), international(0)]);
  assert.equal(c?.kind, "route-withdrawal");
  assert.match(c?.evidence ?? "", /from inside: domestic targets at 100 %/);
});

test("without an inside probe, the kinds are what they were", () => {
  assert.equal(classifyState([bgp(1), probing(0.02)])?.kind, "data-plane-cut");
  assert.equal(classifyState([bgp(0.2), probing(0.02)])?.kind, "total");
});

test("foreign reach lost while the country is reachable from outside says nothing of a border cut", () => {
  assert.equal(classifyState([bgp(1), probing(1), domestic(1), international(0)])?.kind, "partial");
});
