#!/usr/bin/env python3
"""Writes the hand-made seeds of tests/c/fuzz/corpus/ (run from the repository root). The rest
of each corpus is what a short fuzzer run found and `-merge=1` kept. Layouts: see each target."""
import os
import struct

MAGIC, INIT, VERSION = 0x584D4853, 0x54494E49, 5
root = "tests/c/fuzz/corpus"


def put(target, name, data):
    os.makedirs(f"{root}/{target}", exist_ok=True)
    with open(f"{root}/{target}/{name}", "wb") as f:
        f.write(data)


def region_header(magic, kind, total, version=VERSION, pid=0):
    h = struct.pack("<IIIIQQi", magic, version, kind, 64, total, total - 64, pid)
    return h + bytes(64 - len(h))


# fuzz_region: the mapping's first bytes, then the selector byte (kind in bits 0-2, 0x08 may
# format, 0x10 read-only, 0x20 init_pid := a dead pid, 0x40 a 4 KiB mapping, 0x80 min_payload 64).
for kind in (1, 2, 3, 4):
    put("fuzz_region", f"valid-kind{kind}", region_header(MAGIC, kind, 8192) + bytes([kind]))
put("fuzz_region", "wrong-kind", region_header(MAGIC, 2, 8192) + bytes([0x03]))
put("fuzz_region", "too-big", region_header(MAGIC, 1, 8192) + bytes([0x41]))
put("fuzz_region", "old-version", region_header(MAGIC, 1, 8192, version=4) + bytes([0x01]))
put("fuzz_region", "dead-formatter", region_header(INIT, 1, 8192) + bytes([0x29]))
put("fuzz_region", "zeros-format", bytes(64) + bytes([0x8a]))

# fuzz_lock: the 64-byte shmx_lock, then the selector (0-3 word as is / ours / dead / pid 1,
# 4 keep the waiters bit, 8 holder := the word's thread, 0x10 also a 2 ms wait).
def lock(word, holder=0, start=0):
    return struct.pack("<IIQ", word, holder, start) + bytes(48)

put("fuzz_lock", "free", lock(0) + b"\x00")
put("fuzz_lock", "dead", lock(0) + b"\x0a")
put("fuzz_lock", "dead-waiters", lock(0x80000000) + b"\x06")
put("fuzz_lock", "own", lock(0) + b"\x01")
put("fuzz_lock", "live-wait", lock(0) + b"\x13")
put("fuzz_lock", "waiters-alone", lock(0x80000000) + b"\x00")
put("fuzz_lock", "no-tag", lock(0x1234, 0x1234, 99) + b"\x00")

# fuzz_sysvshm: a 16-byte script (key 1, key 2 as int64 at 1, value length, ops, fill byte),
# then the segment: head (magic, start, end, free, total) and chunks (key, length, next, data).
def segment(chunks, size=256, free=None):
    body = b""
    for key, data in chunks:
        n = ((len(data) + 32 - 1) // 8) * 8 + 8
        body += struct.pack("<qqq", key, len(data), n) + data + bytes(n - 24 - len(data))
    end = 40 + len(body)
    head = b"PHP_SM\0\0" + struct.pack("<qqqq", 40, end, size - end if free is None else free, size)
    return (head + body).ljust(size, b"\0")

def script(k1, k2, vlen, ops, fill=0x41):
    return struct.pack("<bqBBB", k1, k2, vlen, ops, fill).ljust(16, b"\0")

two = [(1, b"s:3:\"one\";"), (2, b"i:2;")]
put("fuzz_sysvshm", "two-vars", script(1, 2, 10, 7) + segment(two))
put("fuzz_sysvshm", "empty", script(3, 3, 5, 5) + segment([]))
put("fuzz_sysvshm", "full", script(1, 2, 60, 5) + segment(two, size=128))
put("fuzz_sysvshm", "free-max", script(5, 5, 1, 3) + segment([(5, b"x")], free=(1 << 63) - 1))

# fuzz_store: option byte (1 may format, 2 fill it up, 4 clear, 8 fill with expired values,
# 0x10 lock()), lock selector (as fuzz_lock's), then patches [offset hi, lo, length, bytes].
def patch(off, data):
    return struct.pack(">HB", off, len(data)) + data

put("fuzz_store", "as-formatted", b"\x00\x00")
put("fuzz_store", "dead-writer", b"\x16\x0a")
put("fuzz_store", "dead-writer-fill", b"\x0a\x02")
put("fuzz_store", "own-lock", b"\x1e\x01")
put("fuzz_store", "live-lock", b"\x06\x03")
put("fuzz_store", "zeroed-region", b"\x13\x00" + patch(0, bytes(64)))
put("fuzz_store", "garbage-lock", b"\x00\x00" + patch(128, b"\xff\xff\xff\xff"))

# fuzz_queue: option byte (1 the first pop's sink refuses, 2 fill it up, 4 drain, 8 one 200 us
# wait, 0x10 close), lock selector (as fuzz_lock's), then patches as fuzz_store's. Region
# offsets: lock 64, capacity 128, head 136, tail 144, pushed 152, popped 160, closed 168,
# ring 256 (3840 bytes; the template's head record at 256 + 3520, its tail past the end).
put("fuzz_queue", "as-pushed", b"\x00\x00")
put("fuzz_queue", "drain-close", b"\x14\x00")
put("fuzz_queue", "dead-holder-fill", b"\x0e\x0a")
put("fuzz_queue", "own-lock", b"\x15\x01")
put("fuzz_queue", "live-lock-wait", b"\x08\x03")
put("fuzz_queue", "refuse-closed", b"\x05\x00" + patch(168, b"\x01"))
put("fuzz_queue", "dead-holder-popped-behind", b"\x04\x02" + patch(160, struct.pack("<Q", 54)))
put("fuzz_queue", "tail-beyond", b"\x06\x00" + patch(144, struct.pack("<Q", 1 << 40)))
put("fuzz_queue", "head-record-huge", b"\x04\x00" + patch(256 + 3520, struct.pack("<IBBH", 0xfffffff0, 6, 0, 0x5152)))
