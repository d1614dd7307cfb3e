"""Locust users of ``bench/load_bench.py``: screening and post ingest against ``lawbridge serve``.

Run by the bench in a process of its own (``python -m locust -f bench/load/locustfile.py …``): locust
must be imported before anything imports ``requests``, so this file imports nothing of lawbridge.
The bench passes its set-up in the JSON file named by ``LAWBRIDGE_LOAD_CONFIG``: the API tokens,
query records, the text of a judged scam and the file to which the acknowledged posts are written
when the run stops (``[[external id, post id], …]``), for the bench to look up in the database.
"""

import locust  # noqa: I001  (first: see docs/GOTCHAS, locust and requests)
from locust import FastHttpUser, constant, events, task

import itertools
import json
import os
import random
from datetime import UTC, datetime

CONFIG = json.loads(open(os.environ["LAWBRIDGE_LOAD_CONFIG"], encoding="utf-8").read())
ACKED: list[list[str]] = []
NUMBERS = itertools.count()
API = "/api/v1"
assert locust


class ScreenUser(FastHttpUser):
    """One screening after another (no think time): a record against every list of the party."""

    wait_time = constant(0)

    def on_start(self) -> None:
        self.headers = {"Authorization": f"Bearer {CONFIG['screen_token']}"}
        self.rng = random.Random()

    @task
    def screen(self) -> None:
        body = {"record": self.rng.choice(CONFIG["queries"]), "limit": 10}
        with self.client.post(
            f"{API}/screenings",
            json=body,
            headers=self.headers,
            name="POST /screenings",
            catch_response=True,
        ) as answer:
            if answer.status_code != 201:
                answer.failure(f"{answer.status_code}: {(answer.text or '')[:200]}")


class IngestUser(FastHttpUser):
    """One new post after another, each with its own Idempotency-Key; 1 in 20 copies a judged scam."""

    wait_time = constant(0)

    def on_start(self) -> None:
        self.headers = {"Authorization": f"Bearer {CONFIG['ingest_token']}"}

    @task
    def ingest(self) -> None:
        n = next(NUMBERS)
        external = f"{CONFIG['tag']}-{n}"
        if n % 20 == 7:
            text = f"{CONFIG['scam']} 第{n}次转发"
        else:
            text = f"第{n}条：今天去了{n % 31}号公园散步，天气{'晴' if n % 3 else '阴'}，编号{n * 7919}"
        body = {
            "id": external,
            "author": f"u{n % 997}",
            "ts": datetime.now(UTC).isoformat(),
            "lang": "zh",
            "text": text,
        }
        headers = self.headers | {"Idempotency-Key": f"load-{external}"}
        with self.client.post(
            f"{API}/content/posts",
            json=body,
            headers=headers,
            name="POST /content/posts",
            catch_response=True,
        ) as answer:
            if answer.status_code != 201:
                answer.failure(f"{answer.status_code}: {(answer.text or '')[:200]}")
                return
            ACKED.append([external, answer.json()["post"]["id"]])


@events.quitting.add_listener
def _write_acknowledged(**_kwargs: object) -> None:
    with open(CONFIG["acked_path"], "w", encoding="utf-8") as out:
        json.dump(ACKED, out)
