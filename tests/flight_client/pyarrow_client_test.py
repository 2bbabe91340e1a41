"""A standard Arrow Flight client (pyarrow.flight) against a real `quiver worker` process.

    .venv/bin/python tests/flight_client/pyarrow_client_test.py build/quiver

Starts `quiver worker --port 0` on loopback, reads the bound port from its stderr line
"quiver worker listening on grpc+tcp://host:port", and checks what any Flight client can see:
the actions it lists, INVALID_ARGUMENT for a garbage ticket, a garbage stage registration and a
registered stage whose plan is corrupt, NOT_FOUND for a ticket naming a stage that was never
registered (or was released), that the worker keeps serving after each, and that a hand-encoded
registration plus ticket streams its (empty) result. The worker process is terminated at the end, whatever happened.
"""

import json
import os
import re
import subprocess
import sys
import threading
import time
import unittest

import pyarrow as pa
import pyarrow.flight as flight

QUIVER = None  # path of the quiver binary (argv[1])
WORKER = None  # the subprocess
STDERR_LINES = []  # the worker's stderr, for failure messages
LOCATION = None

LISTENING = re.compile(r"quiver worker listening on (grpc\+tcp://[^\s:]+:(\d+))")


# --- protobuf wire format, by hand (quiver.proto.TaskTicket, src/quiver/proto/plan.proto) ---


def _varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _field_varint(number, value):
    return _varint(number << 3 | 0) + _varint(value)


def _field_bytes(number, value):
    return _varint(number << 3 | 2) + _varint(len(value)) + value


def task_ticket(query_id=b"pyarrow-client-test", stage_id=1, task_index=0, partition=0):
    """TaskTicket{query_id=1, stage_id=2, task_index=3, partition=5}."""
    return (_field_bytes(1, query_id) + _field_varint(2, stage_id) +
            _field_varint(3, task_index) + _field_varint(5, partition))


def stage_registration(plan, query_id=b"pyarrow-client-test", stage_id=1, task_count=1):
    """StageRegistration{query_id=1, stage_id=2, task_count=3, plan=4}."""
    return (_field_bytes(1, query_id) + _field_varint(2, stage_id) +
            _field_varint(3, task_count) + _field_bytes(4, plan))


def empty_exec_plan(schema):
    """PhysicalPlanNode{empty (10): EmptyExecNode{schema (1): IPC schema}}: no rows."""
    return _field_bytes(10, _field_bytes(1, schema.serialize().to_pybytes()))


# --- the worker subprocess ---


def setUpModule():
    global WORKER, LOCATION
    WORKER = subprocess.Popen([QUIVER, "worker", "--host", "127.0.0.1", "--port", "0"],
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True)
    unittest.addModuleCleanup(stop_worker)
    found = threading.Event()

    def drain():
        # Reads stderr to the end so the worker can never block on a full pipe.
        global LOCATION
        for line in WORKER.stderr:
            STDERR_LINES.append(line)
            m = LISTENING.search(line)
            if m and not found.is_set():
                LOCATION = m.group(1)
                found.set()
        found.set()

    threading.Thread(target=drain, daemon=True).start()
    if not found.wait(timeout=60) or LOCATION is None:
        raise RuntimeError("the worker did not say where it listens; stderr:\n" +
                           "".join(STDERR_LINES))


def stop_worker():
    if WORKER is None:
        return
    if WORKER.poll() is None:
        WORKER.terminate()  # SIGTERM: the worker shuts down cleanly
        try:
            WORKER.wait(timeout=15)
        except subprocess.TimeoutExpired:
            WORKER.kill()
            WORKER.wait()


class PyarrowFlightClientTest(unittest.TestCase):

    def setUp(self):
        self.assertIsNone(WORKER.poll(), "the worker exited; stderr:\n" + "".join(STDERR_LINES))
        self.client = flight.FlightClient(LOCATION)
        self.options = flight.FlightCallOptions(timeout=30)

    def tearDown(self):
        self.client.close()

    def health(self):
        results = list(self.client.do_action(flight.Action("health", b""), self.options))
        self.assertEqual([r.body.to_pybytes() for r in results], [b"ok"])

    def assert_invalid_argument(self, ticket, *fragments):
        """DoGet fails with INVALID_ARGUMENT, which a pyarrow client sees as ArrowInvalid."""
        with self.assertRaises(pa.ArrowInvalid) as caught:
            self.client.do_get(flight.Ticket(ticket), self.options).read_all()
        # Not a transport failure (unavailable, internal): the worker judged the request.
        self.assertNotIsInstance(caught.exception, flight.FlightError)
        message = str(caught.exception)
        # pyarrow's client appends the gRPC status it received: "... INVALID_ARGUMENT:<msg>".
        self.assertIn("INVALID_ARGUMENT", message)
        for fragment in fragments:
            self.assertIn(fragment, message)
        return message

    def register(self, plan, **kwargs):
        results = list(self.client.do_action(
            flight.Action("quiver.register_stage", stage_registration(plan, **kwargs)),
            self.options))
        self.assertEqual([r.body.to_pybytes() for r in results], [b"ok"])

    def test_list_actions_offers_health_registration_release_and_task_listing(self):
        names = [a.type for a in self.client.list_actions(self.options)]
        self.assertEqual(names, ["health", "quiver.register_stage", "quiver.release_query",
                                 "quiver.list_tasks"])

    def test_an_idle_worker_lists_no_tasks(self):
        results = list(self.client.do_action(flight.Action("quiver.list_tasks", b""),
                                             self.options))
        self.assertEqual(len(results), 1)
        self.assertEqual(json.loads(results[0].body.to_pybytes()), [])

    def test_health_answers_ok(self):
        self.health()

    def test_unknown_action_is_not_implemented(self):
        with self.assertRaises(pa.ArrowNotImplementedError) as caught:
            list(self.client.do_action(flight.Action("no_such_action", b""), self.options))
        self.assertIn("no_such_action", str(caught.exception))

    def test_garbage_ticket_is_invalid_argument_and_worker_keeps_serving(self):
        self.assert_invalid_argument(b"\xff\xfe this is not a task ticket", "bad task ticket")
        self.health()

    def test_truncated_ticket_is_invalid_argument(self):
        ticket = task_ticket(query_id=b"a-query-id-long-enough-to-cut")
        self.assert_invalid_argument(ticket[:10], "bad task ticket")
        self.health()

    def test_garbage_registration_is_invalid_argument(self):
        with self.assertRaises(pa.ArrowInvalid) as caught:
            list(self.client.do_action(
                flight.Action("quiver.register_stage", b"\xff\xff junk"), self.options))
        self.assertIn("bad stage registration", str(caught.exception))
        self.health()

    def test_unregistered_stage_is_not_found(self):
        with self.assertRaises(pa.ArrowKeyError) as caught:
            self.client.do_get(flight.Ticket(task_ticket(query_id=b"never-registered")),
                               self.options).read_all()
        self.assertIn("NOT_FOUND", str(caught.exception))
        self.assertIn("stage 1 of query never-registered", str(caught.exception))
        self.health()

    def test_corrupt_plan_in_registered_stage_is_invalid_argument_and_worker_keeps_serving(self):
        # The registration parses; its plan is a PhysicalPlanNode whose EmptyExecNode schema is
        # junk, found when a task first asks for it.
        plan = _field_bytes(10, _field_bytes(1, b"not an arrow ipc schema"))
        self.register(plan, query_id=b"corrupt", stage_id=3, task_count=2)
        message = self.assert_invalid_argument(
            task_ticket(query_id=b"corrupt", stage_id=3, task_index=1), "stage 3 task 1")
        self.assertIn("bad plan", message)
        # Plan bytes that are not a protobuf at all.
        self.register(b"\xff\xff\xff\xff\xff", query_id=b"corrupt", stage_id=4)
        self.assert_invalid_argument(task_ticket(query_id=b"corrupt", stage_id=4),
                                     "stage 4 task 0")
        self.health()

    def test_partition_out_of_range_is_invalid_argument(self):
        self.register(empty_exec_plan(pa.schema([("x", pa.int64())])), query_id=b"out-of-range")
        self.assert_invalid_argument(task_ticket(query_id=b"out-of-range", partition=5),
                                     "partition 5")
        self.health()

    def test_registered_stage_streams_its_result_until_released(self):
        schema = pa.schema([("x", pa.int64()), ("name", pa.utf8())])
        self.register(empty_exec_plan(schema), query_id=b"valid")
        table = self.client.do_get(flight.Ticket(task_ticket(query_id=b"valid")),
                                   self.options).read_all()
        self.assertEqual(table.schema, schema)
        self.assertEqual(table.num_rows, 0)
        self.register(empty_exec_plan(schema), query_id=b"released")
        list(self.client.do_action(flight.Action("quiver.release_query", b"released"),
                                   self.options))
        with self.assertRaises(pa.ArrowKeyError):
            self.client.do_get(flight.Ticket(task_ticket(query_id=b"released")),
                               self.options).read_all()


def main():
    global QUIVER
    if len(sys.argv) < 2:
        sys.exit("usage: pyarrow_client_test.py <path to the quiver binary> [unittest args]")
    QUIVER = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)


if __name__ == "__main__":
    main()
