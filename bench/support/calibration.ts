/**
 * The machine's speed, measured in the same run as a bench: the shared machines here vary by a factor of three from
 * day to day, so a figure is judged by its ratio to these two rates, not by its raw value.
 * - `cpu_ops_per_s`: a fixed single-core workload (SHA-256 of 1 KiB plus a JSON round trip of a small object) in this
 *   Node process — what parsing, hashing and triage scale with;
 * - `pg_inserts_per_s`: single-row inserts, one statement per round trip and one commit each, on one connection to
 *   the bench's PostgreSQL — what store-first writes scale with.
 * Each is the median of three timed slices after a warm-up.
 */
import { createHash } from "node:crypto";
import os from "node:os";
import type pg from "pg";
import { openBenchDatabase } from "./database";

export interface Calibration {
  cpu_ops_per_s: number;
  pg_inserts_per_s: number;
  node: string;
  cpus: number;
  cpu_model: string;
  load_avg_1m: number;
  measured_at: string;
}

const SLICE_MS = 400;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function cpuRate(): number {
  const block = Buffer.alloc(1024, 7);
  const doc = { id: 42, text: "Bonjour, quels sont vos horaires d'ouverture ?", tags: ["horaires", "boutique"], at: "2026-12-02T09:00:00Z" };
  const once = () => {
    createHash("sha256").update(block).digest();
    JSON.parse(JSON.stringify(doc));
  };
  const slice = () => {
    let n = 0;
    const end = performance.now() + SLICE_MS;
    while (performance.now() < end) {
      for (let i = 0; i < 100; i++) once();
      n += 100;
    }
    return (n * 1000) / SLICE_MS;
  };
  slice(); // warm-up (JIT)
  return Math.round(median([slice(), slice(), slice()]));
}

async function insertRate(pool: pg.Pool): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query("create temporary table calibration_rows (id bigserial primary key, body text not null, at timestamptz not null default now())");
    const slice = async () => {
      let n = 0;
      const start = performance.now();
      const end = start + SLICE_MS;
      while (performance.now() < end) {
        await client.query("insert into calibration_rows (body) values ($1)", ["calibration"]);
        n++;
      }
      return (n * 1000) / (performance.now() - start);
    };
    await slice(); // warm-up (plan, WAL)
    return Math.round(median([await slice(), await slice(), await slice()]));
  } finally {
    await client.query("drop table if exists calibration_rows").catch(() => undefined);
    client.release();
  }
}

/** Measures both rates: on the bench's own pool, or on a scratch database for a bench that has none. */
export async function measureCalibration(pool?: pg.Pool): Promise<Calibration> {
  const cpu = cpuRate();
  let inserts: number;
  if (pool) {
    inserts = await insertRate(pool);
  } else {
    const scratch = await openBenchDatabase("calibration");
    try {
      inserts = await insertRate(scratch.pool);
    } finally {
      await scratch.drop();
    }
  }
  return {
    cpu_ops_per_s: cpu,
    pg_inserts_per_s: inserts,
    node: process.version,
    cpus: os.cpus().length,
    cpu_model: os.cpus()[0]?.model.trim() ?? "unknown",
    load_avg_1m: Math.round(os.loadavg()[0]! * 100) / 100,
    measured_at: new Date().toISOString(),
  };
}

/** A figure relative to the calibration, for comparing runs across machines (e.g. decisions/s per 1k CPU ops/s). */
export function perCalibration(value: number, rate: number, per = 1000): number {
  return Math.round((value / rate) * per * 1000) / 1000;
}
