import assert from "node:assert/strict";
import { test } from "node:test";
import { archiveFiles, archivePath, archiveProject } from "./archive-files.ts";

const at = (iso: string): number => Date.parse(iso);

test("archivePath() follows the real RIS and RouteViews names", () => {
  assert.equal(archivePath("rrc00", "updates", at("2019-11-16T14:30Z")), "rrc00/2019.11/updates.20191116.1430.gz");
  assert.equal(archivePath("rrc00", "rib", at("2019-11-16T08:00Z")), "rrc00/2019.11/bview.20191116.0800.gz");
  assert.equal(archivePath("route-views2", "updates", at("2019-11-16T14:30Z")), "bgpdata/2019.11/UPDATES/updates.20191116.1430.bz2");
  assert.equal(archivePath("route-views2", "rib", at("2019-11-16T14:00Z")), "bgpdata/2019.11/RIBS/rib.20191116.1400.bz2");
  assert.equal(archivePath("route-views.linx", "updates", at("2019-11-16T14:30Z")), "route-views.linx/bgpdata/2019.11/UPDATES/updates.20191116.1430.bz2");
});

test("archiveFiles() lists RIS RIBs every 8 h and updates every 5 min in [from, until)", () => {
  const files = archiveFiles({ collector: "rrc00", from: at("2019-11-16T07:50Z"), until: at("2019-11-16T08:10Z") });
  assert.deepEqual(files.map((f) => f.path), [
    "rrc00/2019.11/updates.20191116.0750.gz",
    "rrc00/2019.11/updates.20191116.0755.gz",
    "rrc00/2019.11/bview.20191116.0800.gz",
    "rrc00/2019.11/updates.20191116.0800.gz",
    "rrc00/2019.11/updates.20191116.0805.gz",
  ]);
  assert.equal(files[2]?.kind, "rib");
  assert.equal(files[2]?.time, at("2019-11-16T08:00Z"));
});

test("archiveFiles() lists RouteViews RIBs every 2 h and updates every 15 min, across a month boundary", () => {
  const files = archiveFiles({ collector: "route-views.linx", from: at("2019-11-30T23:00Z"), until: at("2019-12-01T00:30Z"), kinds: ["rib", "updates"] });
  assert.deepEqual(files.map((f) => f.path), [
    "route-views.linx/bgpdata/2019.11/UPDATES/updates.20191130.2300.bz2",
    "route-views.linx/bgpdata/2019.11/UPDATES/updates.20191130.2315.bz2",
    "route-views.linx/bgpdata/2019.11/UPDATES/updates.20191130.2330.bz2",
    "route-views.linx/bgpdata/2019.11/UPDATES/updates.20191130.2345.bz2",
    "route-views.linx/bgpdata/2019.12/RIBS/rib.20191201.0000.bz2",
    "route-views.linx/bgpdata/2019.12/UPDATES/updates.20191201.0000.bz2",
    "route-views.linx/bgpdata/2019.12/UPDATES/updates.20191201.0015.bz2",
  ]);
  assert.equal(archiveFiles({ collector: "route-views2", from: at("2019-11-16T00:00Z"), until: at("2019-11-17T00:00Z"), kinds: ["rib"] }).length, 12);
});

test("archiveProject() knows both layouts and rejects other names", () => {
  assert.equal(archiveProject("rrc25"), "ris");
  assert.equal(archiveProject("route-views6"), "routeviews");
  assert.throws(() => archiveProject("rrc1"), TypeError);
  assert.throws(() => archiveProject("../etc"), TypeError);
});

test("archiveProject() takes only the RIS collectors that exist, and RouteViews names in the archive's form", () => {
  for (const c of ["rrc00", "rrc02", "rrc16", "rrc18", "rrc26"]) assert.equal(archiveProject(c), "ris", c);
  for (const c of ["route-views2", "route-views.linx", "route-views2.saopaulo", "route-views.sydney", "iraq-ixp.bgw", "amsix.ams"]) assert.equal(archiveProject(c), "routeviews", c);
  assert.equal(archivePath("iraq-ixp.bgw", "rib", at("2024-05-01T02:00Z")), "iraq-ixp.bgw/bgpdata/2024.05/RIBS/rib.20240501.0200.bz2");
  // rrc17 never existed; rrc27 and rrc99 do not (yet); bare route-views has another layout.
  for (const c of ["rrc17", "rrc27", "rrc99", "route-views", "route-views.", "route-views_x", "RRC00", "x.bgwx", "../x.bgw", "iraq-ixp.BGW"]) {
    assert.throws(() => archiveProject(c), (e: unknown) => e instanceof TypeError && e.message.includes("rrc00, rrc01") && e.message.includes(JSON.stringify(c)), c);
  }
});
