"""API fuzzing: schemathesis against the served OpenAPI schema, on a live server.

Every operation of `/openapi.json` gets requests generated from its schema — valid ones
and invalid ones — sent to a real `ciskg serve` on loopback; each response must not be a
server error and must match the schema: a documented status, media type, headers, body.
Bounded: a few examples per operation and mode, no shrinking, no example database,
Hypothesis's files in a temporary folder (nothing is written to the project), a request
timeout and an overall deadline.

Why schemathesis's strategies under Hypothesis and not `@schema.parametrize()`: the schema
is read from the live server, which a fixture starts, and schemathesis's fixture loader
(`schemathesis.pytest.from_fixture`) reads a pytest internal that pytest 9 no longer has.

Left out: the check that the API accepts every schema-valid request
(`positive_data_acceptance`): `/sparql` documents `query` and `format=` as plain strings,
and an empty or unknown one is rightly a 400 or 406.
"""

from __future__ import annotations

import time

import pytest

schemathesis = pytest.importorskip("schemathesis")

from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from hypothesis.configuration import set_hypothesis_home_dir  # noqa: E402
from hypothesis.errors import Unsatisfiable  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = 6  # per operation and generation mode
REQUEST_TIMEOUT_S = 10
DEADLINE_S = 60  # the whole run; ~15 s here


def test_every_operation_answers_as_documented(server, tmp_path) -> None:
    set_hypothesis_home_dir(str(tmp_path / "hypothesis"))  # not .hypothesis/ in the project
    schema = schemathesis.openapi.from_url(server.base + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20
    started = time.monotonic()
    failures: list[str] = []
    calls = 0
    for operation in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @settings(
                max_examples=EXAMPLES,
                deadline=None,
                database=None,
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
            )
            @given(case=operation.as_strategy(generation_mode=mode))
            def exercise(case) -> None:  # type: ignore[no-untyped-def]
                nonlocal calls
                calls += 1
                case.call_and_validate(checks=CHECKS, timeout=REQUEST_TIMEOUT_S)

            try:
                exercise()
            except Unsatisfiable:  # nothing to make invalid (no parameters, no body)
                assert mode is GenerationMode.NEGATIVE, operation.label
            except AssertionError as exc:  # schemathesis failures are AssertionErrors
                failures.append(f"{operation.label} ({mode.value}): {exc}"[:2000])
            assert time.monotonic() - started < DEADLINE_S, "the fuzzing run is too slow"
    assert calls > 4 * len(operations)  # every operation got several requests
    assert not failures, "\n\n".join(failures)
