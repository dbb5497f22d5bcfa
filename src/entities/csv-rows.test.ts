import assert from "node:assert/strict";
import { test } from "node:test";
import { csvRows } from "./csv-rows.ts";

const rows = (text: string): [number, string[]][] => [...csvRows(text, "t.csv")].map((r) => [r.line, r.fields]);

test("csvRows() splits plain lines, with LF or CRLF, and skips empty lines", () => {
  assert.deepEqual(rows("a,b,c\r\n1,,3\n\nx,y,z"), [[1, ["a", "b", "c"]], [2, ["1", "", "3"]], [4, ["x", "y", "z"]]]);
});

test("csvRows() reads quoted fields with commas, doubled quotes and line breaks (RFC 4180 §2)", () => {
  assert.deepEqual(rows('1,"Cloudflare, Inc."\n2,"LLC ""SPUTNIK"""\n3,"two\nlines",x\n4,z'), [
    [1, ["1", "Cloudflare, Inc."]],
    [2, ["2", 'LLC "SPUTNIK"']],
    [3, ["3", "two\nlines", "x"]],
    [5, ["4", "z"]],
  ]);
});

test("csvRows() decodes the triple-quoted names of @ip-location-db/asn to one pair of literal quotes", () => {
  assert.deepEqual(rows('5.62.192.0,5.62.255.255,57218,"""Rightel Communication Service Company PJS"""'), [
    [1, ["5.62.192.0", "5.62.255.255", "57218", '"Rightel Communication Service Company PJS"']],
  ]);
});

test("csvRows() keeps a bare quote inside an unquoted field as text", () => {
  assert.deepEqual(rows('1,ab"c,d'), [[1, ["1", 'ab"c', "d"]]]);
});

test("csvRows() names file, line and column for text after a closing quote or an unclosed quote", () => {
  assert.throws(() => rows('a\n1,"x"y,2'), { name: "InputSyntaxError", message: 'Cannot read t.csv line 2 column 2: unexpected "y" after a closing quote' });
  assert.throws(() => rows('1,"open'), { name: "InputSyntaxError", message: /line 1 column 2: quoted field is not closed/ });
});
